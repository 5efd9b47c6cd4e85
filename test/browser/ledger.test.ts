// The Ledger page end to end in Chromium, over the real services and a real SQLite ledger: pages
// load as the merchant scrolls, headers sort, filters narrow the list (and a bad amount is
// refused in words), the detail panel tells the whole story of a payment, saved filters and
// tracked ids go through main, and a `ledger:changed` event brings new rows in.
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPi } from '../../src/shared/money'
import { EXCEPTION_FLAG_EXPLANATIONS } from '../../src/shared/payments'
import { describeSeed, paymentId, seedLedger, type SeededPayment } from './ledger-seed'
import { businessTimeZone, openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const SALES = 260
const REFUNDED_SALE = 257
const FAILED_CHECK_SALE = 255

let preview: PreviewBrowser
let page: Page
let zone: string
const now = new Date()
const payments = describeSeed({ sales: SALES, refunded: [REFUNDED_SALE, 3], now })
const newestFirst = [...payments].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())

beforeAll(async () => {
  preview = await openPreviewBrowser()
  page = preview.page
  seedLedger(preview.services.store, preview.appWallet, payments)
  zone = await businessTimeZone(preview.services)
})

afterAll(async () => {
  await preview?.close()
})

/** A fresh Ledger page, its first page of rows loaded. */
async function openLedger(): Promise<void> {
  await page.goto(`${preview.server.url}#/ledger`)
  await page.reload()
  await expect.poll(() => countText()).not.toBe('Loading payments…')
}

function countText(): Promise<string | null> {
  return page.locator('[data-ledger-count]').textContent()
}

async function shownIds(): Promise<string[]> {
  return page.locator('[data-payment]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payment') ?? ''))
}

async function scrollTableToBottom(): Promise<void> {
  await page.locator('[data-ledger-table]').evaluate((table) => {
    const scroller = table as unknown as { scrollTop: number; scrollHeight: number }
    scroller.scrollTop = scroller.scrollHeight
  })
}

/** How the table spells an amount: trailing zeros trimmed to two decimals, thousands grouped. */
function shownAmount(payment: SeededPayment): string {
  const [whole = '', fraction = ''] = payment.amount.split('.')
  const decimals = fraction.replace(/0+$/, '').padEnd(2, '0')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${decimals}`
}

function sale(index: number): SeededPayment {
  const found = payments.find((payment) => payment.identifier === paymentId('SALE', index))
  if (!found) throw new Error(`no sale ${index}`)
  return found
}

describe('ledger page', () => {
  it('shows the newest payments first, in the business time zone, one page of 100 at a time', async () => {
    await openLedger()
    expect(await countText()).toBe('100 payments loaded; scroll for more')
    const top = (await shownIds()).slice(0, 5)
    expect(top).toEqual(newestFirst.slice(0, 5).map((payment) => payment.identifier))
    const first = newestFirst[0]!
    const row = page.locator(`[data-payment="${first.identifier}"]`)
    const created = DateTime.fromJSDate(first.createdAt).setZone(zone).toFormat('yyyy-MM-dd HH:mm')
    expect(await row.textContent()).toContain(created)
    expect(await row.locator('[data-amount]').textContent()).toBe(shownAmount(first))
    await page.screenshot({ path: '/tmp/md-ledger.png' })
  })

  it('loads the next pages as the merchant scrolls, keeping only the visible rows in the page', async () => {
    await openLedger()
    for (let attempt = 0; attempt < 10 && (await countText()) !== `${payments.length} payments, all shown`; attempt++) {
      await scrollTableToBottom()
      await page.waitForTimeout(150)
    }
    expect(await countText()).toBe(`${payments.length} payments, all shown`)
    // The bottom of the list is the oldest payment.
    await scrollTableToBottom()
    await expect.poll(async () => (await shownIds()).at(-1)).toBe(newestFirst.at(-1)?.identifier)
    const inDom = await shownIds()
    expect(inDom.length).toBeGreaterThan(5)
    expect(inDom.length).toBeLessThan(60)
  })

  it('sorts by amount, largest first and then smallest first', async () => {
    await openLedger()
    const byAmount = [...payments].sort((a, b) => (a.amountStroops < b.amountStroops ? -1 : 1))
    const header = page.locator('[data-sort="amount"]')
    await header.click()
    await expect.poll(async () => (await shownIds())[0]).toBe(byAmount.at(-1)?.identifier)
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').textContent()).toContain('Amount')
    const largest = page.locator(`[data-payment="${byAmount.at(-1)?.identifier}"] [data-amount]`)
    expect(await largest.textContent()).toBe(shownAmount(byAmount.at(-1)!))

    await header.click()
    await expect.poll(async () => (await shownIds())[0]).toBe(byAmount[0]?.identifier)
    expect(await page.locator('[role="columnheader"][aria-sort="ascending"]').textContent()).toContain('Amount')
    const ids = await shownIds()
    expect(ids.slice(0, 10)).toEqual(byAmount.slice(0, 10).map((payment) => payment.identifier))
  })

  it('filters by status, and shows the flags of what it finds', async () => {
    await openLedger()
    await page.locator('[data-status-picker] summary').click()
    await page.getByRole('checkbox', { name: 'Submitted', exact: true }).check()
    const submitted = payments.filter((payment) => payment.kind === 'submitted')
    await expect.poll(() => countText()).toBe(`${submitted.length} payments, all shown`)
    const statuses = await page.locator('[data-status]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-status')))
    expect(new Set(statuses)).toEqual(new Set(['submitted']))
    const flags = page.locator('[data-flags]').first()
    expect(await flags.getAttribute('data-flags')).toContain('incomplete')
    expect(await flags.getAttribute('title')).toContain(EXCEPTION_FLAG_EXPLANATIONS.incomplete)
    expect(await page.locator('[data-filter-summary]').textContent()).toBe('1 filter on.')
  })

  it('filters by direction and by words of the memo', async () => {
    await openLedger()
    await page.getByLabel('Direction').selectOption({ label: 'Paid out' })
    await expect.poll(() => countText()).toBe('2 payments, all shown')
    expect(new Set(await shownIds())).toEqual(new Set([paymentId('REFUND', REFUNDED_SALE), paymentId('REFUND', 3)]))

    await page.getByLabel('Direction').selectOption({ label: 'Both' })
    await page.getByLabel('Search').fill('honey')
    const honey = payments.filter((payment) => payment.memo.includes('Honey'))
    await expect.poll(() => countText()).toBe(`${honey.length} payments, all shown`)
  })

  it('filters by an amount range and by the days of the business time zone', async () => {
    await openLedger()
    await page.getByLabel('Min amount (π)').fill('50')
    await page.getByLabel('Max amount (π)').fill('60.5')
    const inRange = payments.filter((payment) => payment.amountStroops >= 500_000_000n && payment.amountStroops <= 605_000_000n)
    expect(inRange.length).toBeGreaterThan(0)
    await expect.poll(() => countText()).toBe(`${inRange.length} ${inRange.length === 1 ? 'payment' : 'payments'}, all shown`)

    await page.getByRole('button', { name: 'Clear filters' }).click()
    const day = DateTime.fromJSDate(sale(200).createdAt).setZone(zone).toISODate() ?? ''
    const sameDay = payments.filter((payment) => DateTime.fromJSDate(payment.createdAt).setZone(zone).toISODate() === day)
    await page.getByLabel('From day').fill(day)
    await page.getByLabel('To day').fill(day)
    await expect.poll(() => countText()).toBe(`${sameDay.length} payments, all shown`)
  })

  it('explains an amount it cannot filter by, and keeps the rest of the filter working', async () => {
    await openLedger()
    await page.getByLabel('Direction').selectOption({ label: 'Paid out' })
    await page.getByLabel('Min amount (π)').fill('1,5')
    const error = page.locator('[data-field-error]')
    await expect.poll(() => error.textContent()).toContain('is not a Pi amount')
    expect(await page.getByLabel('Min amount (π)').getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => countText()).toBe('2 payments, all shown')
    // A filter with a field in error cannot be saved.
    expect(await page.getByRole('button', { name: 'Save filter…' }).isDisabled()).toBe(true)
  })

  it('opens the whole story of a payment: status, chain facts, refunds with the remainder, timeline, Pi record', async () => {
    await openLedger()
    const refundedSale = sale(REFUNDED_SALE)
    await page.locator(`[data-payment="${refundedSale.identifier}"]`).click()
    const drawer = page.getByRole('dialog', { name: 'Payment', exact: true })
    await expect.poll(() => drawer.locator('[data-payment-detail]').count()).toBe(1)
    expect(await drawer.locator('[data-drawer-identifier]').textContent()).toBe(refundedSale.identifier)
    const text = (await drawer.textContent()) ?? ''
    expect(text).toContain(shownAmount(refundedSale))
    expect(text).toContain('Completed')
    expect(await drawer.locator('[data-chain-facts]').textContent()).toContain(refundedSale.txid ?? 'missing txid')
    expect(await drawer.locator('[data-chain-facts]').textContent()).toContain('0.01 π')
    // The sandbox has no public explorer: the panel says so instead of offering a dead link.
    expect(await drawer.locator('[data-explorer-note]').textContent()).toContain('no public block explorer')

    const refund = payments.find((payment) => payment.refundOf === refundedSale.identifier)!
    const refunds = drawer.locator('[data-refund-list]')
    expect(await refunds.textContent()).toContain(shownAmount(refund))
    const remainder = formatPi(refundedSale.amountStroops - refund.amountStroops)
    expect(await drawer.locator('[data-refundable-remainder]').textContent()).toContain(
      shownAmount({ ...refund, amount: remainder })
    )
    expect(await drawer.locator('[data-timeline] li').count()).toBeGreaterThan(0)
    const record = (await drawer.locator('[data-payment-record]').textContent()) ?? ''
    expect(record).toContain('user_uid')
    expect(record).toContain(refundedSale.userUid)
    expect(record).toContain('"orderId": 1257')
    await page.screenshot({ path: '/tmp/md-ledger-detail.png' })

    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog', { name: 'Payment', exact: true }).count()).toBe(0)
  })

  it('explains a failed chain check in words, in the row and in the panel', async () => {
    await openLedger()
    const failed = sale(FAILED_CHECK_SALE)
    const row = page.locator(`[data-payment="${failed.identifier}"]`)
    expect(await row.locator('[data-chain-check]').getAttribute('data-chain-check')).toBe('failed')
    expect(await row.locator('[data-flags]').getAttribute('data-flags')).toContain('amount_mismatch')
    await row.click()
    const drawer = page.getByRole('dialog', { name: 'Payment', exact: true })
    await expect.poll(() => drawer.locator('[data-flag-list]').textContent()).toContain(EXCEPTION_FLAG_EXPLANATIONS.amount_mismatch)
    expect(await drawer.locator('[data-chain-facts]').textContent()).toContain('Its amount differs from the payment.')
  })

  it('saves the current filter under a name, applies it again, and deletes it', async () => {
    await openLedger()
    await page.getByLabel('Direction').selectOption({ label: 'Paid out' })
    await expect.poll(() => countText()).toBe('2 payments, all shown')
    await page.getByRole('button', { name: 'Save filter…' }).click()
    await page.getByLabel('Name of the filter').fill('Refunds paid')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(async () => (await preview.services.router.call('filters:list', undefined)).ok).toBe(true)
    expect(await preview.services.router.call('filters:list', undefined)).toMatchObject({
      ok: true,
      value: [{ name: 'Refunds paid', filter: { direction: 'app_to_user' } }]
    })

    await openLedger()
    expect(await countText()).toBe('100 payments loaded; scroll for more')
    await page.getByLabel('Saved filters').selectOption({ label: 'Refunds paid' })
    await expect.poll(() => countText()).toBe('2 payments, all shown')
    expect(await page.getByLabel('Direction').inputValue()).toBe('app_to_user')

    await page.getByRole('button', { name: 'Delete “Refunds paid”' }).click()
    await expect.poll(async () => preview.services.router.call('filters:list', undefined)).toMatchObject({ ok: true, value: [] })
  })

  it('tracks pasted payment ids, shows the answer for each one, and lists the payment it found', async () => {
    await openLedger()
    // A sale that never reached the chain: the buyer started it, the shop never approved it. A
    // chain sync cannot see it; only its id can bring it in.
    const buyer = preview.services.sandbox()?.sandbox.buyers[0]
    if (!buyer) throw new Error('The embedded sandbox has no live buyer')
    const stranded = buyer.startPayment({ amount: 3.14, memo: 'Blue mug, never approved', metadata: { orderId: 77 } })
    await page.getByRole('button', { name: 'Track payment ids' }).click()
    const dialog = page.getByRole('dialog', { name: 'Track payment ids', exact: true })
    const unknown = paymentId('UNKNOWN', 1)
    await dialog
      .getByLabel('Payment ids')
      .fill(`payment_id,amount\n${stranded.identifier},3.14\n${unknown},1\nnot-a-payment-id\n${unknown}`)
    expect(await dialog.locator('[data-track-summary]').textContent()).toBe('3 ids found, 1 repeated, 4 other values left out.')
    await dialog.getByRole('button', { name: 'Track 3 ids' }).click()
    const results = dialog.locator('[data-track-results] li')
    await expect.poll(() => results.count()).toBe(3)
    const outcomes = await results.evaluateAll((items) =>
      items.map((item) => [item.querySelector('.mono')?.textContent, item.getAttribute('data-track-outcome')])
    )
    expect(outcomes).toEqual([
      [stranded.identifier, 'tracked'],
      [unknown, 'not_found'],
      ['not-a-payment-id', 'invalid']
    ])
    await page.screenshot({ path: '/tmp/md-ledger-track.png' })
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect.poll(() => page.getByRole('dialog', { name: 'Track payment ids', exact: true }).count()).toBe(0)
    // Main announced the change: the newest payment of the ledger is now the one just tracked.
    await expect.poll(async () => (await shownIds())[0], { timeout: 5000 }).toBe(stranded.identifier)
    expect(await page.locator(`[data-payment="${stranded.identifier}"] [data-status]`).getAttribute('data-status')).toBe('created')
  })

  it('brings in new rows when main says the ledger changed', async () => {
    await openLedger()
    const fresh = describeSeed({ sales: 1, now: new Date(), newestAgeMs: 1000 }).map((payment) => ({
      ...payment,
      identifier: paymentId('FRESH', 1),
      txid: null,
      kind: 'created' as const
    }))
    seedLedger(preview.services.store, preview.appWallet, fresh)
    preview.services.events.emit('ledger:changed', { reason: 'test' })
    await expect.poll(async () => (await shownIds())[0], { timeout: 5000 }).toBe(paymentId('FRESH', 1))
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    expect(await preview.cspViolations()).toEqual([])
    expect(preview.problems).toEqual([])
  })
})
