// From an empty ledger to a full one, as a merchant does it on a fresh install: "Sync now" on the
// Ledger page syncs the embedded sandbox's generated shop history (a few hundred payments on its
// simulated chain), the progress bar follows `task:progress`, the table fills in on
// `ledger:changed`, and the Dashboard's cards show exactly what the synced rows add up to.
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPi } from '../../src/shared/money'
import { businessTimeZone, openPreviewBrowser, type PreviewBrowser } from './preview-browser'

let preview: PreviewBrowser
let page: Page
let zone: string

beforeAll(async () => {
  preview = await openPreviewBrowser({ width: 1280, height: 900 })
  page = preview.page
  zone = await businessTimeZone(preview.services)
})

afterAll(async () => {
  await preview?.close()
})

function scalar(sql: string, ...params: unknown[]): bigint {
  const value = preview.services.store.sqlite.prepare(sql).pluck().get(...params)
  return typeof value === 'bigint' ? value : 0n
}

/** "12,345.50": how the cards spell an amount. */
function shown(stroops: bigint): string {
  const [whole = '', fraction = ''] = formatPi(stroops).split('.')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`
}

describe('sync from the ledger page', () => {
  it('starts empty, syncs with a progress bar, and fills the table when the sync is done', async () => {
    await page.goto(`${preview.server.url}#/ledger`)
    await expect.poll(() => page.locator('[data-empty-state] h2').textContent()).toBe('No payments in your ledger yet')
    expect(await page.locator('[data-sync-status]').textContent()).toBe('0 payments known·Never synced')

    await page.getByRole('button', { name: 'Sync now' }).click()
    const bar = page.getByRole('progressbar', { name: 'Sync progress' })
    await bar.waitFor({ timeout: 5000 })
    expect(await page.getByRole('button', { name: 'Stop sync' }).count()).toBe(1)

    await expect.poll(() => page.locator('[data-ledger-count]').count(), { timeout: 30_000 }).toBe(1)
    const known = scalar(`SELECT count(*) FROM payments WHERE network_id = 'sandbox'`)
    expect(known).toBeGreaterThan(100n)
    await expect.poll(() => page.locator('[data-ledger-count]').textContent(), { timeout: 10_000 }).toBe(
      '100 payments loaded; scroll for more'
    )
    await expect.poll(() => page.locator('[data-sync-status]').textContent(), { timeout: 10_000 }).toContain(
      `${new Intl.NumberFormat('en-US').format(known)} payments known·Last synced`
    )
    expect(await bar.count()).toBe(0)
    expect(await page.locator('[data-empty-state]').count()).toBe(0)
    await page.screenshot({ path: '/tmp/md-ledger-synced.png' })
  })

  it('shows on the dashboard exactly what the synced rows add up to over the last 30 days', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click()
    await page.getByText('Last 30 days', { exact: true }).click()
    const today = DateTime.now().setZone(zone).startOf('day')
    const start = today.minus({ days: 29 }).toMillis()
    const end = today.plus({ days: 1 }).toMillis()
    // The books count what moved on chain (our own check verified its transaction), by direction.
    const onChain = (direction: string) =>
      scalar(
        `SELECT sum(amount_stroops) FROM payments WHERE network_id = 'sandbox' AND chain_check = 'verified'
         AND direction = ? AND created_at >= ? AND created_at < ?`,
        direction,
        start,
        end
      )
    const received = onChain('user_to_app')
    expect(received).toBeGreaterThan(0n)
    const receivedCard = page.locator('[data-total="received"] [data-total-amount]')
    await expect.poll(() => receivedCard.textContent(), { timeout: 10_000 }).toBe(shown(received))
    expect(await page.locator('[data-total="paid"] [data-total-amount]').textContent()).toBe(shown(onChain('app_to_user')))
    const fees = scalar(
      `SELECT sum(fee_charged_stroops) FROM chain_transactions WHERE network_id = 'sandbox' AND source_account = ?
       AND created_at >= ? AND created_at < ?`,
      preview.appWallet,
      start,
      end
    )
    expect(await page.locator('[data-total="fees"] [data-total-amount]').textContent()).toBe(shown(fees))
    const completedCount = scalar(
      `SELECT count(*) FROM payments WHERE network_id = 'sandbox' AND status = 'completed' AND created_at >= ? AND created_at < ?`,
      start,
      end
    )
    expect(await page.locator('[data-status-row="completed"] td').first().textContent()).toBe(
      new Intl.NumberFormat('en-US').format(completedCount)
    )
    expect(await page.locator('[data-chart="volume"] .recharts-area').count()).toBe(2)
    await page.screenshot({ path: '/tmp/md-dashboard-synced.png', fullPage: true })
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    expect(await preview.cspViolations()).toEqual([])
    expect(preview.problems).toEqual([])
  })
})
