// The Dashboard end to end in Chromium over the real services: empty until the ledger has a
// payment, then (on `ledger:changed`) exact totals in the cards, the four charts drawn, the status
// breakdown with exact amounts, and a period picker that asks main for other days.
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPi, sumStroops } from '../../src/shared/money'
import { describeSeed, FEE_STROOPS, seedLedger } from './ledger-seed'
import { businessTimeZone, openPreviewBrowser, type PreviewBrowser } from './preview-browser'

let preview: PreviewBrowser
let page: Page
let zone: string
const payments = describeSeed({ sales: 120, spacingMs: 5 * 3_600_000, refunded: [40, 100], allCompleted: true })
const sales = payments.filter((payment) => payment.direction === 'user_to_app')
const refunds = payments.filter((payment) => payment.refundOf !== null)

beforeAll(async () => {
  preview = await openPreviewBrowser({ width: 1280, height: 900 })
  page = preview.page
  zone = await businessTimeZone(preview.services)
})

afterAll(async () => {
  await preview?.close()
})

/** How the cards spell an amount: trailing zeros trimmed to two decimals, thousands grouped. */
function shown(amount: string): string {
  const [whole = '', fraction = ''] = amount.split('.')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`
}

function card(key: string): Promise<string | null> {
  return page.locator(`[data-total="${key}"] [data-total-amount]`).textContent()
}

function lastThirtyDays(): { from: string; to: string } {
  const today = DateTime.now().setZone(zone).startOf('day')
  return { from: today.minus({ days: 29 }).toISODate() ?? '', to: today.toISODate() ?? '' }
}

describe('dashboard page', () => {
  it('stays an empty state with the setup checklist while the ledger has no payment', async () => {
    await page.goto(`${preview.server.url}#/dashboard`)
    const empty = page.locator('[data-empty-state]')
    await expect.poll(() => empty.getByRole('heading', { level: 2 }).textContent()).toBe('No payments to show yet')
    expect(await page.getByRole('heading', { name: 'Getting started' }).count()).toBe(1)
    expect(await page.locator('[data-dashboard]').count()).toBe(0)
  })

  it('fills in when the ledger changes: exact totals for received, paid out and fees', async () => {
    seedLedger(preview.services.store, preview.appWallet, payments)
    preview.services.events.emit('ledger:changed', { reason: 'test' })
    await expect.poll(() => page.locator('[data-dashboard]').count(), { timeout: 5000 }).toBe(1)
    await page.getByText('Last 30 days', { exact: true }).click()
    await expect.poll(() => page.locator('[data-dashboard-period]').textContent()).toContain(
      lastThirtyDays().from
    )

    const received = formatPi(sumStroops(sales.map((payment) => payment.amountStroops)))
    const paidOut = formatPi(sumStroops(refunds.map((payment) => payment.amountStroops)))
    // Every seeded payment moved on chain: received and paid out each count exactly their own direction.
    await expect.poll(() => card('received')).toBe(shown(received))
    expect(await card('paid')).toBe(shown(paidOut))
    expect(await page.locator('[data-total="received"]').getAttribute('data-total')).toBe('received')
    expect(await page.locator('[data-total="received"]').textContent()).toContain(`${sales.length} sales`)
    expect(await page.locator('[data-total="paid"]').textContent()).toContain(`${refunds.length} refunds and payouts`)
    // Fees the app wallet paid: one per refund it sent (buyers pay the fees of their own payments).
    expect(await card('fees')).toBe(shown(formatPi(FEE_STROOPS * BigInt(refunds.length))))
    expect(await page.locator('[data-total="fees"]').textContent()).toContain(`${refunds.length} wallet transactions`)
    expect(await page.locator('[data-total="received"] .stat-card__value').getAttribute('title')).toBe(`${received} Pi`)
    expect(await page.locator('[data-empty-state]').count()).toBe(0)
    await page.screenshot({ path: '/tmp/md-dashboard.png', fullPage: true })
  })

  it('draws the volume, count, queue and status charts, with the status amounts exact', async () => {
    for (const name of ['volume', 'count', 'queue', 'status']) {
      await expect.poll(() => page.locator(`[data-chart="${name}"] .recharts-surface`).count()).toBeGreaterThan(0)
    }
    expect(await page.locator('[data-chart="volume"] .recharts-area').count()).toBe(2)
    expect(await page.locator('[data-chart="count"] .recharts-bar-rectangle').count()).toBeGreaterThan(10)
    const completed = page.locator('[data-status-row="completed"]')
    // Money in and money out are never one sum: the completed row splits them by direction.
    const received = formatPi(sumStroops(sales.map((payment) => payment.amountStroops)))
    const paidOut = formatPi(sumStroops(refunds.map((payment) => payment.amountStroops)))
    expect(await completed.locator('td').allTextContents()).toEqual([String(payments.length), shown(received), shown(paidOut)])
    expect(await page.locator('[data-status-row]').count()).toBe(1)
  })

  it('asks main for the days of another period, and refuses a custom period that ends before it starts', async () => {
    await page.getByText('This year', { exact: true }).click()
    const jan1 = DateTime.now().setZone(zone).startOf('year')
    await expect.poll(() => page.locator('[data-dashboard-period]').textContent()).toContain(jan1.toISODate() ?? '')
    // Every seeded payment is within the last 30 days, hence within this year... unless the year began since.
    const yearReceived = formatPi(
      sumStroops(sales.filter((payment) => payment.createdAt >= jan1.toJSDate()).map((payment) => payment.amountStroops))
    )
    await expect.poll(() => card('received')).toBe(shown(yearReceived))

    await page.getByText('Custom', { exact: true }).click()
    const fields = page.locator('.period-picker input[placeholder="YYYY-MM-DD"]')
    await fields.nth(0).fill('2026-03-10')
    await fields.nth(1).fill('2026-03-01')
    await expect.poll(() => page.locator('.period-picker .field__error').textContent()).toBe('The last day is before the first day.')
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    expect(await preview.cspViolations()).toEqual([])
    expect(preview.problems).toEqual([])
  })
})
