// Issue #14, item 4, on a generated sandbox history synced as the app syncs it: the dashboard's
// totals, the ledger's footer and the payments export's manifest agree with each other, and with
// a plain SQL sum by direction over the chain operations that paid each payment's exact amount.
// Failed chain checks (lying buyers), pending and cancelled payments are tallied beside, by name,
// never inside what moved on chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { booksOfFilter, dashboardSummary } from '../../../src/main/dashboard'
import { runExport, verifyExport, type ExportResult } from '../../../src/main/exports'
import { bookTotalsView, ledgerBookTotals, type BookTotals } from '../../../src/main/ledger'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import type { DatasetManifest } from '../../../src/sandbox/dataset'
import { exportWorkspace, readCsv, sumColumn, type ExportWorkspace } from '../exports/fixture'
import { wire } from '../sync/sandbox-harness'

let sandbox: RunningSandbox
let dataset: DatasetManifest
let workspace: ExportWorkspace
let period: { from: string; to: string; start: Date; end: Date }
let exported: ExportResult

beforeAll(async () => {
  sandbox = await startSandbox({ payments: 400, seed: 14, ledgerIntervalMs: 0 })
  dataset = sandbox.dataset!.manifest
  workspace = exportWorkspace()
  const wired = wire(sandbox, { store: workspace.store })
  expect((await wired.engine().run()).outcome).toBe('completed')
  const all = Object.values(dataset.ids.byCategory).flat()
  const known = new Set(workspace.store.sqlite.prepare('SELECT identifier FROM payments').pluck().all() as string[])
  await wired.track(all.filter((id) => !known.has(id)))
  const day = (iso: string, shift: number) => new Date(Date.parse(iso) + shift * 86_400_000).toISOString().slice(0, 10)
  const from = day(dataset.from, -1)
  const to = day(dataset.to, 1)
  period = { from, to, start: new Date(`${from}T00:00:00Z`), end: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) }
  exported = await runExport(
    workspace.store,
    { report: 'payments', networkId: 'sandbox', from, to, timeZone: 'UTC', destination: workspace.file('payments.csv') },
    { appVersion: 'test' }
  )
}, 180_000)
afterAll(async () => {
  workspace?.remove()
  await sandbox?.close()
})

/** What moved on chain, summed straight from the synced chain operations, by direction. */
function chainSums() {
  const wallet = sandbox.appWallet.publicKey
  const sum = (direction: string, end: 'to_address' | 'from_address') =>
    workspace.store.sqlite
      .prepare(
        `SELECT count(*) AS count, coalesce(sum(p.amount_stroops), 0) AS amount FROM payments AS p
         WHERE p.network_id = 'sandbox' AND p.direction = ? AND EXISTS (
           SELECT 1 FROM chain_operations AS o JOIN chain_transactions AS t ON t.network_id = o.network_id AND t.hash = o.transaction_hash
           WHERE o.payment_identifier = p.identifier AND o.type = 'payment' AND o.successful = 1 AND t.successful = 1
             AND o.${end} = ? AND o.amount_stroops = p.amount_stroops AND t.memo = p.identifier)`
      )
      .get(direction, wallet) as { count: bigint; amount: bigint }
  return { received: sum('user_to_app', 'to_address'), paidOut: sum('app_to_user', 'from_address') }
}

const plain = (totals: BookTotals) => bookTotalsView(totals)

describe('the books of a synced sandbox history', () => {
  it('the dataset has sales that failed their chain check, open ones and cancelled ones (what this test is about)', async () => {
    const books = await ledgerBookTotals(workspace.store, { networkId: 'sandbox', filter: {} })
    expect(books.received.failed_check.count).toBeGreaterThan(0)
    expect(books.received.pending.count).toBeGreaterThan(0)
    expect(books.received.cancelled.count).toBeGreaterThan(0)
    expect(books.paidOut.on_chain.count).toBeGreaterThan(0)
  })

  it('what moved on chain, by direction, is the SQL sum over the chain operations that paid each payment', async () => {
    const books = await ledgerBookTotals(workspace.store, { networkId: 'sandbox', filter: {} })
    const chain = chainSums()
    expect([books.received.on_chain.count, books.received.on_chain.amount]).toEqual([Number(chain.received.count), chain.received.amount])
    expect([books.paidOut.on_chain.count, books.paidOut.on_chain.amount]).toEqual([Number(chain.paidOut.count), chain.paidOut.amount])
    // Everything the wallet paid out was a refund or payout of the ledger, completed at Pi or not
    // (a payout paid on chain whose complete never came still moved the Pi).
    expect(books.paidOut.on_chain.amount).toBe(dataset.stroops.paidOutOnChain)
    expect(books.paidOut.on_chain.amount).toBeGreaterThanOrEqual(dataset.stroops.completedAppToUser)
    // What came in is every payment into the wallet less direct transfers and what lying buyers sent.
    expect(books.received.on_chain.amount).toBeLessThanOrEqual(dataset.stroops.receivedOnChain - dataset.stroops.directTransfers)
  })

  it('the dashboard, the ledger footer and the export manifest say the same, to the stroop', async () => {
    const dashboard = await dashboardSummary(workspace.store, { from: period.from, to: period.to, timeZone: 'UTC', networkId: 'sandbox', appWallet: null })
    const footer = await ledgerBookTotals(workspace.store, {
      networkId: 'sandbox',
      filter: { period: { field: 'created_at', from: period.start, to: period.end } }
    })
    expect(plain(dashboard.books)).toEqual(plain(footer))
    expect(exported.manifest.bookTotals).toEqual(plain(footer))
    // Every payment is in exactly one class.
    const counted = Object.values(footer).flatMap((side) => Object.values(side)).reduce((n, tally) => n + tally.count, 0)
    expect(counted).toBe(dataset.counts.payments)
    expect((await verifyExport(exported.manifestPath)).problems).toEqual([])
  })

  it("the file's own rows re-add to the manifest's book totals; a row moved to another class is caught", async () => {
    const { rows } = readCsv(exported.csvPath)
    const onChain = rows.filter((row) => row.chain_check === 'verified' && row.direction === 'user_to_app')
    expect(sumColumn(onChain, 'gross')).toBe((await ledgerBookTotals(workspace.store, { networkId: 'sandbox', filter: {} })).received.on_chain.amount)
    // Tamper with the manifest's claim: the verifier says which class no longer adds up.
    const { readFile, writeFile } = await import('node:fs/promises')
    const manifest = JSON.parse(await readFile(exported.manifestPath, 'utf8')) as { bookTotals: { received: { on_chain: { count: number } } } }
    manifest.bookTotals.received.on_chain.count += 1
    const forged = workspace.file('forged.csv.manifest.json')
    const { copyFile } = await import('node:fs/promises')
    await copyFile(exported.csvPath, workspace.file('forged.csv'))
    await writeFile(forged, JSON.stringify({ ...manifest, file: { ...(manifest as unknown as { file: object }).file, name: 'forged.csv' } }))
    const verdict = await verifyExport(forged)
    expect(verdict.problems).toEqual([expect.stringMatching(/^Received, moved on chain: the rows add up to \d+ for [\d.]+ Pi, but the manifest says/)])
  })

  it("the ledger footer's running totals (book_totals) and the filter's whole set agree, whatever the creation dates", async () => {
    const middle = new Date((period.start.getTime() + period.end.getTime()) / 2 + 123_457)
    const filters = [
      {},
      { period: { field: 'created_at' as const, from: period.start, to: period.end } },
      { period: { field: 'created_at' as const, from: middle } },
      { period: { field: 'created_at' as const, to: middle } }
    ]
    for (const filter of filters) {
      const fast = await booksOfFilter(workspace.store, 'sandbox', filter)
      expect(plain(fast)).toEqual(plain(await ledgerBookTotals(workspace.store, { networkId: 'sandbox', filter })))
    }
    // A filter book_totals cannot answer goes over the whole set, with the same class term.
    const received = await booksOfFilter(workspace.store, 'sandbox', { direction: 'user_to_app' })
    expect(received.paidOut.on_chain.count).toBe(0)
    expect(plain(received).received).toEqual(plain(await ledgerBookTotals(workspace.store, { networkId: 'sandbox', filter: {} })).received)
  })

  it('the refunds CSV carries the same txid, ledger number and fee as the payments CSV for every refund', async () => {
    const refunds = await runExport(
      workspace.store,
      { report: 'refunds', networkId: 'sandbox', from: period.from, to: period.to, timeZone: 'UTC', destination: workspace.file('refunds.csv') },
      { appVersion: 'test' }
    )
    const payments = new Map(readCsv(exported.csvPath).rows.map((row) => [row.identifier, row]))
    const rows = readCsv(refunds.csvPath).rows.filter((row) => row.identifier !== '')
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const payment = payments.get(row.identifier)
      expect([row.txid, row.ledger, row.fee], row.identifier).toEqual([payment?.txid, payment?.ledger, payment?.fee])
    }
    // Paid on chain means a ledger number to look it up by.
    expect(rows.filter((row) => row.txid !== '').every((row) => /^\d+$/.test(row.ledger ?? ''))).toBe(true)
  })

  it('the dashboard no longer adds refunds paid out to sales received', async () => {
    const dashboard = await dashboardSummary(workspace.store, { from: period.from, to: period.to, timeZone: 'UTC', networkId: 'sandbox', appWallet: null })
    const chain = chainSums()
    expect(dashboard.books.received.on_chain.amount).toBe(chain.received.amount)
    expect(dashboard.books.paidOut.on_chain.amount).toBe(chain.paidOut.amount)
  })
})
