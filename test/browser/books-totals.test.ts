// Issue #14 in Chromium at 1280x800, items 4, 6 and 7 and the ledger's footer: the dashboard and
// the ledger's footer show the same books (received and paid out on chain, the rest beside them by
// name) as the seed says; a refund paid on chain that Pi's record does not link shows its chain
// transaction, ledger and fee and "Sent by the app" in the drawer; the Refunds page lists the
// refunds this desk never paid. No page scrolls sideways. Screenshots: test-artifacts/books/.
import { mkdirSync } from 'node:fs'
import { createHash } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPi, sumStroops } from '../../src/shared/money'
import { describeSeed, FEE_STROOPS, paymentId, seedLedger, type SeededPayment, type SeedKind } from './ledger-seed'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const ARTIFACTS = 'test-artifacts/books'
let preview: PreviewBrowser
let page: Page
const payments = describeSeed({ sales: 60, refunded: [3, 8, 13] })
const sales = payments.filter((payment) => payment.direction === 'user_to_app')
const refunds = payments.filter((payment) => payment.direction === 'app_to_user')
/** A refund paid on chain by another tool whose Pi record links no transaction. */
const UNLINKED = paymentId('UNLINKED', 1)
const UNLINKED_TX = createHash('sha256').update(UNLINKED).digest('hex')
const UNLINKED_STROOPS = 12_345_678n
const UNLINKED_LEDGER = 777_001

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  preview = await openPreviewBrowser({ width: 1280, height: 800 })
  page = preview.page
  seedLedger(preview.services.store, preview.appWallet, payments)
  seedUnlinkedRefund()
  preview.services.events.emit('ledger:changed', { reason: 'test' })
})
afterAll(async () => {
  await preview?.close()
})

function seedUnlinkedRefund(): void {
  const { sqlite } = preview.services.store
  const sale = sales[20] as SeededPayment
  const at = Date.now() - 10 * 60_000
  const buyer = `G${'BUYERX'.padEnd(55, 'Q')}`
  sqlite
    .prepare(
      `INSERT INTO payments (identifier, network_id, user_uid, amount_stroops, memo, metadata_json, from_address, to_address,
        direction, created_at, network, developer_approved, transaction_verified, developer_completed, cancelled, user_cancelled,
        txid, tx_verified, tx_link, source, refund_of, chain_check, chain_check_reasons_json, chain_checked_at, first_seen_at, last_polled_at)
       VALUES (?, 'sandbox', ?, ?, 'Refund', '{"reason":"late"}', ?, ?, 'app_to_user', ?, 'Pi Testnet', 1, 0, 0, 0, 0,
        NULL, NULL, NULL, 'chain', ?, 'verified', NULL, ?, ?, ?)`
    )
    .run(UNLINKED, sale.userUid, UNLINKED_STROOPS, preview.appWallet, buyer, at, sale.identifier, at + 40_000, at, at)
  sqlite
    .prepare(
      `INSERT INTO chain_transactions (network_id, hash, ledger, created_at, source_account, fee_charged_stroops, max_fee_stroops,
        operation_count, successful, memo_type, memo, paging_token) VALUES ('sandbox', ?, ?, ?, ?, ?, ?, 1, 1, 'text', ?, '9000000001')`
    )
    .run(UNLINKED_TX, UNLINKED_LEDGER, at + 20_000, preview.appWallet, FEE_STROOPS, FEE_STROOPS, UNLINKED)
  sqlite
    .prepare(
      `INSERT INTO chain_operations (network_id, id, paging_token, transaction_hash, type, from_address, to_address, amount_stroops,
        created_at, successful, classification, payment_identifier)
       VALUES ('sandbox', '9000000001', '9000000001', ?, 'payment', ?, ?, ?, ?, 1, 'pi_payment', ?)`
    )
    .run(UNLINKED_TX, preview.appWallet, buyer, UNLINKED_STROOPS, at + 20_000, UNLINKED)
}

/** How the screens spell an amount: trailing zeros trimmed to two decimals, thousands grouped. */
function shown(stroops: bigint): string {
  const [whole = '', fraction = ''] = formatPi(stroops).split('.')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`
}

const sumOf = (list: readonly { amountStroops: bigint }[]) => sumStroops(list.map((payment) => payment.amountStroops))
const salesOf = (...kinds: SeedKind[]) => sales.filter((payment) => kinds.includes(payment.kind))
/** What the seed says the books are: sales by kind, refunds all paid on chain (plus the unlinked one). */
const expected = {
  receivedOnChain: salesOf('completed'),
  failed: salesOf('failed_check'),
  pending: salesOf('submitted', 'created'),
  cancelled: salesOf('user_cancelled'),
  paidOutOnChain: sumOf(refunds) + UNLINKED_STROOPS,
  paidOutCount: refunds.length + 1
}

async function noSidewaysScroll(): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement
    return root.scrollWidth - root.clientWidth
  })
  expect(overflow).toBeLessThanOrEqual(0)
}

async function sideTexts(scope: string) {
  const side = (direction: string) => page.locator(`${scope} [data-book-direction="${direction}"]`)
  return {
    received: await side('received').locator('[data-book-amount]').textContent(),
    receivedCount: await side('received').locator('[data-book-count]').textContent(),
    failed: await side('received').locator('[data-book-class="failed_check"]').textContent(),
    pending: await side('received').locator('[data-book-class="pending"]').textContent(),
    cancelled: await side('received').locator('[data-book-class="cancelled"]').textContent(),
    paidOut: await side('paidOut').locator('[data-book-amount]').textContent(),
    paidOutCount: await side('paidOut').locator('[data-book-count]').textContent()
  }
}

describe('the books in Chromium', () => {
  it('the seed has failed, pending and cancelled sales beside the ones that moved (what this test is about)', () => {
    expect([expected.failed.length, expected.pending.length, expected.cancelled.length].every((n) => n > 0)).toBe(true)
  })

  it('the dashboard shows received and paid out on chain, each with the rest beside it by name', async () => {
    await page.goto(`${preview.server.url}#/dashboard`)
    await page.getByText('Last 30 days', { exact: true }).click()
    const received = page.locator('[data-book-direction="received"] [data-book-amount]')
    await expect.poll(() => received.textContent(), { timeout: 10_000 }).toBe(shown(sumOf(expected.receivedOnChain)))
    const texts = await sideTexts('[data-book-totals]')
    expect(texts.receivedCount).toBe(`${expected.receivedOnChain.length} sales`)
    expect(texts.failed).toBe(`Failed chain check ${expected.failed.length} · ${shown(sumOf(expected.failed))} π`)
    expect(texts.pending).toBe(`Pending ${expected.pending.length} · ${shown(sumOf(expected.pending))} π`)
    expect(texts.cancelled).toBe(`Cancelled ${expected.cancelled.length} · ${shown(sumOf(expected.cancelled))} π`)
    expect(texts.paidOut).toBe(shown(expected.paidOutOnChain))
    expect(texts.paidOutCount).toBe(`${expected.paidOutCount} refunds and payouts`)
    await noSidewaysScroll()
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-1280.png`, fullPage: true })
  })

  it("the ledger's footer counts what the filter matches and says the same as the dashboard", async () => {
    await page.goto(`${preview.server.url}#/dashboard`)
    const dashboard = await sideTexts('[data-book-totals]')
    await page.goto(`${preview.server.url}#/ledger`)
    const footer = page.locator('[data-ledger-totals]')
    await expect.poll(() => footer.locator('[data-ledger-totals-count]').textContent(), { timeout: 10_000 }).toBe(
      `${payments.length + 1} payments match`
    )
    const ledger = await sideTexts('[data-ledger-totals]')
    expect(ledger).toEqual({
      ...dashboard,
      received: `${dashboard.received} π`,
      receivedCount: `(${dashboard.receivedCount})`,
      paidOut: `${dashboard.paidOut} π`,
      paidOutCount: `(${dashboard.paidOutCount})`
    })
    await noSidewaysScroll()
    await page.screenshot({ path: `${ARTIFACTS}/ledger-footer-1280.png`, fullPage: true })

    // Filtered to refunds and payouts: the footer follows the filter.
    await page.locator('[data-status-picker]').waitFor()
    const direction = page.getByLabel('Direction')
    await direction.selectOption('app_to_user')
    await expect.poll(() => footer.locator('[data-ledger-totals-count]').textContent(), { timeout: 10_000 }).toBe(
      `${expected.paidOutCount} payments match`
    )
    expect(await footer.locator('[data-book-direction="received"] [data-book-amount]').textContent()).toBe('0.00 π')
  })

  it('a refund paid on chain that Pi does not link yet: the row, the drawer and the timeline tell the chain’s facts', async () => {
    await page.goto(`${preview.server.url}#/ledger`)
    const row = page.locator(`[data-payment="${UNLINKED}"]`)
    await row.waitFor({ timeout: 10_000 })
    expect(await row.textContent()).not.toContain('None')
    await row.click()
    const drawer = page.getByRole('dialog', { name: 'Payment', exact: true })
    await expect.poll(() => drawer.locator('[data-payment-detail]').count()).toBe(1)
    const facts = (await drawer.locator('[data-chain-facts]').textContent()) ?? ''
    expect(facts).toContain(UNLINKED_TX)
    expect(facts).toContain(String(UNLINKED_LEDGER))
    expect(facts).toContain('0.01 π')
    expect(facts).not.toContain('None linked')
    const timeline = (await drawer.locator('[data-timeline]').textContent()) ?? ''
    expect(timeline).toContain('Sent by the app, by another tool')
    expect(timeline).not.toContain('Created by the buyer')
    await noSidewaysScroll()
    await page.screenshot({ path: `${ARTIFACTS}/unlinked-refund-drawer-1280.png`, fullPage: true })
  })

  it('the Refunds page lists every refund the ledger knows, marking none as paid by this desk', async () => {
    await page.goto(`${preview.server.url}#/refunds`)
    const list = page.locator('[data-ledger-refunds]')
    await list.waitFor({ timeout: 10_000 })
    expect(await list.getAttribute('data-ledger-refunds-total')).toBe(String(expected.paidOutCount))
    expect(await list.locator('[data-ledger-refund]').count()).toBe(expected.paidOutCount)
    expect(await list.locator('[data-paid-by="elsewhere"]').count()).toBe(expected.paidOutCount)
    expect(await list.locator(`[data-ledger-refund="${UNLINKED}"]`).count()).toBe(1)
    expect(await list.textContent()).toContain(shortTx(UNLINKED_TX))
    await noSidewaysScroll()
    await page.screenshot({ path: `${ARTIFACTS}/refunds-1280.png`, fullPage: true })
  })

  it('fits 1920x1080 too: no page of the books scrolls sideways', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 })
    for (const [route, ready] of [
      ['dashboard', '[data-book-totals]'],
      ['ledger', '[data-ledger-totals]'],
      ['refunds', '[data-ledger-refunds]'],
      ['exports', '[data-empty-state], [data-export-history]']
    ] as const) {
      await page.goto(`${preview.server.url}#/${route}`)
      await page.locator(ready).first().waitFor({ timeout: 10_000 })
      await noSidewaysScroll()
      await page.screenshot({ path: `${ARTIFACTS}/${route}-1920.png`, fullPage: true })
    }
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    expect(await preview.cspViolations()).toEqual([])
    expect(preview.problems).toEqual([])
  })
})

function shortTx(txid: string): string {
  return `${txid.slice(0, 6)}…${txid.slice(-4)}`
}
