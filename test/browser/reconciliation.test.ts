// The Reconciliation page end to end in Chromium, over the sandbox network: the real simulators,
// the real services and a real SQLite ledger. The merchant runs a reconciliation of this month
// (it syncs first) and watches its progress, reads the counts by type and the wallet check, drills
// down from a type to the evidence of one discrepancy and on to its payment in the ledger's
// drawer, and resolves an item with a note, which is audited and stays resolved after a reload.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import type { QueueConnection } from '../../src/main/queue'
import { trackPayments } from '../../src/main/tracking'
import type { PreviewServer } from '../../src/preview/server'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer, buildSignedPayment } from '../../src/sandbox/buyer'
import { Keypair } from '@stellar/stellar-sdk'
import { openPreviewBrowser, sandboxConnection, type PreviewBrowser } from './preview-browser'

const ORDER = { memo: 'Sticker pack', metadata: { orderId: 'SO-9' } }

let sandbox: RunningSandbox
let preview: PreviewBrowser
let services: MainServices
let server: PreviewServer
let page: Page
let connection: QueueConnection
const problems: string[] = []
const seeded = { sale: '', liar: '', transfer: '' }
let buyers = 0

function buyer(): Buyer {
  buyers += 1
  return Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `accountant${buyers}`, otherNetwork: sandbox.otherNetwork.chain })
}

beforeAll(async () => {
  // The one harness, over the app's own embedded sandbox with an empty shop.
  preview = await openPreviewBrowser({ width: 1400, height: 900, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
  ;({ services, server, page } = preview)
  connection = await sandboxConnection(services)
  sandbox = services.sandbox()!.sandbox

  // An honest sale, completed; a buyer who paid half (the shop's backend handed its id over); and
  // Pi sent straight to the wallet with no payment. The page's run syncs the rest itself.
  const honest = buyer()
  seeded.sale = honest.startPayment({ amount: 4, ...ORDER }).identifier
  await connection.pi.approvePayment(seeded.sale)
  await connection.pi.completePayment(seeded.sale, honest.submitPayment(seeded.sale).txid!)
  const liar = buyer()
  seeded.liar = liar.startPayment({ amount: 5, ...ORDER }).identifier
  await connection.pi.approvePayment(seeded.liar)
  liar.submitPayment(seeded.liar, { lie: 'wrong_amount' })
  await trackPayments({ store: services.store, pi: connection.pi, horizon: connection.horizon, networkId: 'sandbox', appWallet: connection.appWallet, ids: [seeded.liar] })
  const stranger = Keypair.random()
  sandbox.chain.fund(stranger.publicKey(), 50n * 10_000_000n)
  const tip = buildSignedPayment({ chain: sandbox.chain, signer: stranger, transfers: [{ destination: connection.appWallet, amount: 15_000_000n }], memoText: 'for the great pie' })
  expect(sandbox.chain.submit(tip.xdr).kind).toBe('applied')
  seeded.transfer = tip.hash

  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
}, 180_000)

afterAll(async () => {
  await preview?.close()
})

async function openPage(): Promise<void> {
  await page.goto(`${server.url}#/reconciliation`)
  await page.reload()
  await page.locator('[data-reconcile-form]').waitFor()
}

describe('reconciliation page', () => {
  it('runs a reconciliation with a progress bar, then shows the counts by type and the wallet check', async () => {
    await openPage()
    expect(await page.locator('[data-empty-state]').textContent()).toContain('No reconciliation run yet')
    // The wallet's balance answers slowly, so the run is still going when the page is looked at.
    sandbox.horizon.faults.add({ route: 'GET /accounts/:account_id', kind: 'latency', ms: 1500, times: 1 })
    await page.locator('[data-reconcile-run]').click()
    await page.locator('[data-reconcile-progress]', { hasText: "Checking the app wallet's balance…" }).waitFor()
    expect(await page.getByRole('progressbar', { name: 'Reconciliation progress' }).count()).toBe(1)

    const report = page.locator('[data-run-report]')
    await report.waitFor()
    expect(await page.locator('[data-payments-checked]').textContent()).toMatch(/^2 \(2 read again from Pi\)$/)
    const count = (type: string, column: 'count' | 'open') => page.locator(`[data-type-count="${type}"] [data-${column}]`).textContent()
    expect(await count('direct_transfer', 'count')).toBe('1')
    expect(await count('amount_mismatch', 'count')).toBe('1')
    expect(await count('transaction_unverified', 'count')).toBe('1')
    expect(await page.locator('[data-type-count]').count()).toBe(3)
    expect(await page.locator('[data-wallet-check] [data-figure="difference"] td:last-child').textContent()).toBe('0.0000000')
    expect(await page.locator('[data-wallet-check] [data-figure="chain"] td:last-child').textContent()).toBe(
      await page.locator('[data-wallet-check] [data-figure="expected"] td:last-child').textContent()
    )
    expect(await page.getByText('Balanced', { exact: true }).count()).toBe(1)
    expect(await page.locator(`[data-item][data-subject="${seeded.sale}"]`).count()).toBe(0)
    await page.screenshot({ path: '/tmp/md-reconciliation.png', fullPage: true })
  })

  it('narrows to one type, drills down to the evidence, and opens the payment in the ledger drawer', async () => {
    await openPage()
    await page.locator('[data-run-report]').waitFor()
    await page.locator('[data-type-count="amount_mismatch"] button').click()
    expect(await page.locator('[data-group]').count()).toBe(1)
    const item = page.locator(`[data-group="amount_mismatch"] [data-item][data-subject="${seeded.liar}"]`)
    expect(await item.locator('[data-sentence]').textContent()).toContain("The buyer's transaction pays 2.5000000 Pi, not the 5.0000000 Pi of this sale.")
    await item.locator('[data-open-item]').click()

    const panel = page.locator('[data-item-panel]')
    await panel.waitFor()
    expect(await panel.locator('[data-evidence] tbody tr').first().textContent()).toBe('Amount5.0000000 Pi2.5000000 Pi')
    expect(await panel.locator('[data-panel-sentence]').textContent()).toContain('Do not complete it')
    await page.screenshot({ path: '/tmp/md-reconciliation-evidence.png' })
    await panel.locator('[data-open-payment]').click()
    await page.locator('[data-payment-detail]').waitFor()
    expect(await page.locator('[data-drawer-identifier]').textContent()).toBe(seeded.liar)
  })

  it('resolves an item with a note: audited, and still resolved after a reload', async () => {
    await openPage()
    await page.locator(`[data-item][data-subject="${seeded.transfer}"] [data-open-item]`).click()
    const panel = page.locator('[data-item-panel]')
    await panel.waitFor()
    expect(await panel.locator('[data-evidence]').textContent()).toContain('for the great pie')
    expect(await panel.locator('[data-resolve]').isDisabled()).toBe(true)
    await panel.locator('[data-resolve-note]').fill('A tip from a regular customer; booked as other income.')
    await panel.locator('[data-resolve]').click()
    await panel.locator('[data-panel-resolution]').waitFor()
    expect(await panel.locator('[data-panel-resolution]').textContent()).toMatch(/^Resolved by desktop on \d{4}-\d\d-\d\d \d\d:\d\d: A tip from a regular customer; booked as other income\.$/)

    const audit = services.store.sqlite.prepare(`SELECT actor, subject, after_json FROM audit_log WHERE action = 'reconciliation.resolve'`).all() as {
      actor: string
      subject: string
      after_json: string
    }[]
    expect(audit.map(({ actor, subject }) => ({ actor, subject }))).toEqual([{ actor: 'desktop', subject: seeded.transfer }])
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ resolved: true, note: 'A tip from a regular customer; booked as other income.' })

    await openPage()
    await page.locator('[data-run-report]').waitFor()
    expect(await page.locator(`[data-item][data-subject="${seeded.transfer}"]`).getAttribute('data-resolved')).toBe('yes')
    expect(await page.locator('[data-type-count="direct_transfer"] [data-open]').textContent()).toBe('0')
    expect(await page.locator(`[data-item][data-subject="${seeded.transfer}"] [data-resolution]`).textContent()).toContain('by desktop: A tip from a regular customer')
  })

  it('raised no console error and no Content-Security-Policy violation', async () => {
    expect(problems).toEqual([])
    expect(await preview.cspViolations()).toEqual([])
  })
})
