// Exports of a generated shop history, synced from the sandbox network over real HTTP exactly as
// the app syncs it, add up to what the simulated ledger holds, to the stroop: the payments, the
// refunds and the network fees the app wallet paid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport, verifyExport, type ExportResult } from '../../../src/main/exports'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import type { DatasetManifest } from '../../../src/sandbox/dataset'
import { wire } from '../sync/sandbox-harness'
import { exportWorkspace, readCsv, sumColumn, type ExportWorkspace } from './fixture'
import { ledgerSql } from '../../support'

const PAYMENTS = 600
let sandbox: RunningSandbox
let dataset: DatasetManifest
let workspace: ExportWorkspace
let period: { from: string; to: string }

beforeAll(async () => {
  sandbox = await startSandbox({ payments: PAYMENTS, seed: 21, ledgerIntervalMs: 0 })
  dataset = sandbox.dataset!.manifest
  workspace = exportWorkspace()
  const wired = wire(sandbox, { store: workspace.store })
  const report = await wired.engine().run()
  expect(report.outcome).toBe('completed')
  // What the chain cannot show comes from the shop's backend: track every id the sync did not find.
  const all = Object.values(dataset.ids.byCategory).flat()
  const known = new Set(await ledgerSql(workspace.store).values('SELECT identifier FROM payments') as string[])
  await wired.track(all.filter((id) => !known.has(id)))
  // The whole history, as UTC days, with a day to spare on each side.
  const day = (iso: string, shift: number) => new Date(Date.parse(iso) + shift * 86_400_000).toISOString().slice(0, 10)
  period = { from: day(dataset.from, -1), to: day(dataset.to, 1) }
}, 120_000)
afterAll(async () => {
  workspace?.remove()
  await sandbox?.close()
})

async function exported(report: 'payments' | 'refunds' | 'fees'): Promise<{ result: ExportResult; rows: Record<string, string>[] }> {
  const result = await runExport(
    workspace.store,
    { report, networkId: 'sandbox', ...period, timeZone: 'UTC', appWallet: sandbox.appWallet.publicKey, destination: workspace.file(`${report}.csv`), replaceExisting: true },
    { appVersion: 'test' }
  )
  expect((await verifyExport(result.manifestPath)).problems).toEqual([])
  return { result, rows: readCsv(result.csvPath).rows }
}

const stroopsOf = (text: string | undefined) => {
  const negative = text?.startsWith('-') ?? false
  const value = BigInt((text ?? '').replace('-', '').replace('.', ''))
  return negative ? -value : value
}

describe('exports of a synced sandbox history', () => {
  it('list every payment once, each for exactly the amount Pi recorded, and add up to the dataset’s totals', async () => {
    const { result, rows } = await exported('payments')
    const allIds = Object.values(dataset.ids.byCategory).flat()
    expect(rows).toHaveLength(dataset.counts.payments)
    expect(new Set(rows.map((row) => row.identifier))).toEqual(new Set(allIds))
    for (const row of rows) {
      const amount = sandbox.platform.state.payment(row.identifier ?? '')?.amount
      expect(stroopsOf(row.gross), row.identifier).toBe(row.direction === 'user_to_app' ? amount : -(amount ?? 0n))
    }
    const completed = (direction: string) => rows.filter((row) => row.status === 'completed' && row.direction === direction)
    expect(sumColumn(completed('user_to_app'), 'gross')).toBe(dataset.stroops.completedUserToApp)
    expect(sumColumn(completed('app_to_user'), 'gross')).toBe(-dataset.stroops.completedAppToUser)
    // The control totals are the file's own sums.
    expect(stroopsOf(result.manifest.controlTotals.gross)).toBe(sumColumn(rows, 'gross'))
    expect(stroopsOf(result.manifest.controlTotals.net)).toBe(sumColumn(rows, 'gross') - sumColumn(rows, 'fee'))
    // The shop's metadata, flattened.
    expect(result.manifest.columns).toEqual(expect.arrayContaining(['metadata.order_number', 'metadata.product', 'metadata.reason']))
    expect(rows.filter((row) => row.direction === 'user_to_app').every((row) => /^\d+$/.test(row['metadata.order_number'] ?? ''))).toBe(true)
  })

  it('list what the app wallet paid to users, with the fees the chain charged', async () => {
    const { result, rows } = await exported('refunds')
    const outgoing = Number(await ledgerSql(workspace.store).value(`SELECT count(*) FROM payments WHERE direction = 'app_to_user'`))
    expect(rows).toHaveLength(outgoing)
    // The sync learns refunds from the chain, where nothing links one to its sale: the shop's
    // metadata does, and it is in the file; refund_of (and kind "refund") is Merchant Desk's own.
    expect(rows.every((row) => row.kind === (row.refund_of === '' ? 'payout' : 'refund'))).toBe(true)
    expect(rows.every((row) => /^[A-Za-z0-9]{28}$/.test(row['metadata.refund_of'] ?? ''))).toBe(true)
    const completed = rows.filter((row) => row.status === 'completed')
    expect(sumColumn(completed, 'gross')).toBe(-dataset.stroops.completedAppToUser)
    // Every refund that reached the chain paid at least Pi's base fee of 0.01 Pi.
    for (const row of rows.filter((r) => r.txid !== '')) expect(stroopsOf(row.fee), row.identifier).toBeGreaterThanOrEqual(100_000n)
    expect(result.manifest.controlTotals.fee).not.toBe('0.0000000')
  })

  it('list every fee the app wallet paid, adding up to the simulated chain’s own record', async () => {
    const { result, rows } = await exported('fees')
    const wallet = sandbox.appWallet.publicKey
    const paid = sandbox.chain
      .accountTransactions(wallet, { order: 'asc', limit: 1_000_000 })
      .filter((tx) => tx.sourceAccount === wallet)
    expect(rows.map((row) => row.txid).sort()).toEqual(paid.map((tx) => tx.hash).sort())
    const onChain = paid.reduce((total, tx) => total + tx.feeCharged, 0n)
    expect(onChain).toBeGreaterThan(0n)
    expect(sumColumn(rows, 'fee')).toBe(onChain)
    expect(stroopsOf(result.manifest.controlTotals.fee)).toBe(onChain)
    // Each refund's fee is the same in the refunds file and in the fees file.
    const refunds = (await exported('refunds')).rows
    const feeByTx = new Map(rows.map((row) => [row.txid, row.fee]))
    for (const refund of refunds.filter((row) => row.txid !== '')) expect(feeByTx.get(refund.txid)).toBe(refund.fee)
  })
})
