// The reconciliation CSV export (reconciliation/1) of saved runs: the latest run of each period
// within the export's days, its wallet check row with the figures to the stroop, a row per
// discrepancy with its evidence, what to do and its resolution, a control total that the manifest
// and `export verify` agree on; an earlier run of the same period is left out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport, verifyExport } from '../../../src/main/exports'
import { ReconciliationStore } from '../../../src/main/reconcile'
import type { RunningSandbox } from '../../../src/sandbox'
import { formatPi } from '../../../src/shared/money'
import { openReconcileWorld, PI, startReconcileSandbox, utcDay, type ReconcileWorld } from './fixture'

let sandbox: RunningSandbox
let world: ReconcileWorld
let dir: string

beforeAll(async () => {
  sandbox = await startReconcileSandbox(61)
  world = openReconcileWorld(sandbox)
  dir = mkdtempSync(join(tmpdir(), 'md-reconcile-export-'))
})
afterAll(async () => {
  world.close()
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the reconciliation export', () => {
  it('writes the latest run of the period: its wallet check, each discrepancy with its evidence and resolution', async () => {
    const reports = new ReconciliationStore(world.store)
    const sale = await world.completedSale(6)
    await world.sync()
    const earlier = await reports.save(await world.reconcile(), 'maria')
    const transfer = world.directTransfer(2n * PI, '=HYPERLINK("http://evil")')
    const { id: liar } = await world.paid({ lie: 'wrong_amount', amount: 5 })
    await world.sync()
    const latest = await reports.save(await world.reconcile(), 'maria')
    const [first] = await reports.items(latest, 'direct_transfer', 1)
    await reports.resolve(Number(first!.id), 'Tip; booked as other income.', 'maria')

    const destination = join(dir, 'reconciliation.csv')
    const result = await runExport(
      world.store,
      { report: 'reconciliation', networkId: 'sandbox', from: utcDay(-2), to: utcDay(2), timeZone: 'UTC', destination },
      { appVersion: 'test' }
    )
    const rows = parse(readFileSync(destination), { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.map((row) => Number(row.run_id))).not.toContain(earlier)
    expect(rows.map((row) => row.type)).toEqual(['wallet_check', 'direct_transfer', 'amount_mismatch', 'transaction_unverified'])

    const balance = sandbox.chain.account(world.wallet)!.balance
    expect(balance).toBe(10_010n * PI + PI / 2n)
    expect(rows[0]).toMatchObject({
      schema_version: 'reconciliation/1',
      run_id: String(latest),
      subject_kind: 'wallet',
      subject: world.wallet,
      amount: '0.0000000',
      what_to_do: 'Balanced.',
      opening_balance: '0.0000000',
      // The wallet's funding, the sale, the stray transfer and what the liar really paid.
      received: '10010.5000000',
      paid: '0.0000000',
      fees: '0.0000000',
      closing_balance: formatPi(balance),
      closing_on_chain: formatPi(balance),
      difference: '0.0000000'
    })
    expect(rows[1]).toMatchObject({
      label: 'Transfer with no Pi payment',
      subject_kind: 'transaction',
      subject: transfer,
      txid: transfer,
      amount: '2.0000000',
      resolved_by: 'maria',
      resolution_note: 'Tip; booked as other income.',
      opening_balance: ''
    })
    expect(rows[1]!.evidence).toContain('Memo: expected a Pi payment id; found =HYPERLINK("http://evil")')
    expect(rows[1]!.resolved_at_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(rows[2]).toMatchObject({ subject: liar, payment_identifier: liar, amount: '5.0000000', resolved_at_utc: '' })
    expect(rows[2]!.evidence).toContain('Amount: expected 5.0000000 Pi; found 2.5000000 Pi')
    expect(rows[2]!.what_to_do).toMatch(/^The buyer's transaction pays 2\.5000000 Pi/)
    expect(rows.some((row) => row.subject === sale.id)).toBe(false)

    expect(result.manifest.controlTotals).toEqual({ amount: '12.0000000' })
    expect(result.manifest.rowCount).toBe(4)
    expect((await verifyExport(result.manifestPath)).ok).toBe(true)
  })

  it('is empty for days with no reconciliation, with a zero control total', async () => {
    const result = await runExport(
      world.store,
      { report: 'reconciliation', networkId: 'sandbox', from: '2020-01-01', to: '2020-01-31', timeZone: 'UTC', destination: join(dir, 'none.csv') },
      { appVersion: 'test' }
    )
    expect(result.manifest).toMatchObject({ rowCount: 0, controlTotals: { amount: '0.0000000' } })
  })
})
