// An export "of these payments" from the Ledger page holds exactly the payments the ledger shows
// for the same filters: every page of them, not the one on screen, in the same order, oldest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport } from '../../../src/main/exports'
import { listPayments, paymentFilterFromContract, type PaymentFilter } from '../../../src/main/ledger'
import { BASE_TIME, generatePayments, insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, sumColumn, type ExportWorkspace } from './fixture'
import { ledgerSql } from '../../support'

let workspace: ExportWorkspace
let exports = 0

beforeAll(async () => {
  workspace = exportWorkspace()
  await insertLedgerPayments(workspace.store, generatePayments(3000, { seed: 11 }))
})
afterAll(() => workspace?.remove())

/** What the ledger lists for the filter within the export's day, page by page (500 a page). */
async function ledgerIds(filter: PaymentFilter): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page = await listPayments(workspace.store, { networkId: 'sandbox', filter, sort: { column: 'created_at', order: 'asc' }, limit: 500, cursor })
    ids.push(...page.rows.map((row) => row.identifier))
    cursor = page.nextCursor
  } while (cursor !== null)
  return ids
}

async function exportedRows(filter: PaymentFilter) {
  exports += 1
  const result = await runExport(
    workspace.store,
    { report: 'payments', networkId: 'sandbox', from: '2025-03-01', to: '2025-03-01', timeZone: 'UTC', filter, destination: workspace.file(`scope-${exports}.csv`) },
    { appVersion: 'test' }
  )
  return { rows: readCsv(result.csvPath).rows, manifest: result.manifest }
}

const DAY = { field: 'created_at', from: new Date(BASE_TIME), to: new Date(BASE_TIME + 86_400_000) } as const

describe('an export with the ledger’s filters', () => {
  it.each<[string, PaymentFilter]>([
    ['two statuses (merged index ranges)', { statuses: ['completed', 'cancelled'] }],
    ['a direction and an amount range', { direction: 'user_to_app', amount: { min: 10_000_000n, max: 60_000_000n } }],
    ['payments with refunds', { hasRefunds: true }],
    ['a search word', { search: 'loaves' }],
    ['failed chain checks', { chainCheck: 'failed' }]
  ])('holds exactly the ledger’s set for %s, in the ledger’s order', async (_name, filter) => {
    const expected = await ledgerIds({ ...filter, period: DAY })
    const { rows, manifest } = await exportedRows(filter)
    expect(rows.map((row) => row.identifier)).toEqual(expected)
    expect(manifest.rowCount).toBe(expected.length)
    expect(manifest.filters).not.toBeNull()
  })

  it('writes every page of a large set, not the visible one: more rows than a ledger page holds', async () => {
    const filter: PaymentFilter = { statuses: ['completed', 'verified', 'submitted'] }
    const expected = await ledgerIds({ ...filter, period: DAY })
    expect(expected.length).toBeGreaterThan(500)
    const { rows, manifest } = await exportedRows(filter)
    expect(new Set(rows.map((row) => row.identifier))).toEqual(new Set(expected))
    expect(rows.every((row) => ['completed', 'verified', 'submitted'].includes(row.status ?? ''))).toBe(true)
    // The totals are the set's: the same sum as the ledger's own rows, to the stroop.
    const stroops = await ledgerSql(workspace.store).value(`SELECT sum(CASE direction WHEN 'user_to_app' THEN amount_stroops ELSE -amount_stroops END) FROM payments
         WHERE network_id = 'sandbox' AND status IN ('completed', 'verified', 'submitted') AND created_at >= ? AND created_at < ?`, BASE_TIME, BASE_TIME + 86_400_000) as bigint
    expect(sumColumn(rows, 'gross')).toBe(stroops)
    expect(manifest.controlTotals.gross).toBe(`${stroops / 10_000_000n}.${String(stroops % 10_000_000n).padStart(7, '0')}`)
  })

  it('narrows the export’s period by the filter’s own dates, as the contract sends them', async () => {
    const from = new Date(BASE_TIME + 3 * 3_600_000).toISOString()
    const to = new Date(BASE_TIME + 5 * 3_600_000).toISOString()
    const filter = paymentFilterFromContract({ from, to, minAmount: '5' })
    const expected = await ledgerIds(filter)
    expect(expected.length).toBeGreaterThan(0)
    const { rows, manifest } = await exportedRows(filter)
    expect(rows.map((row) => row.identifier)).toEqual(expected)
    expect(manifest.filters).toEqual({ period: { field: 'created_at', from, to }, amount: { min: '5.0000000' } })
  })

  it('writes an empty file (header only) when the filter’s dates lie outside the period', async () => {
    const filter = paymentFilterFromContract({ from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' })
    const { rows, manifest } = await exportedRows(filter)
    expect(rows).toEqual([])
    expect(manifest.rowCount).toBe(0)
    expect(manifest.controlTotals).toEqual({ gross: '0.0000000', fee: '0.0000000', net: '0.0000000' })
  })

  it('refuses a “first seen” period, which an export by creation day cannot honour', async () => {
    await expect(exportedRows({ period: { field: 'first_seen_at', from: new Date(BASE_TIME) } })).rejects.toMatchObject({
      code: 'invalid_export_filter'
    })
  })

  it('refuses the ledger’s filters on a report that is not about payments', async () => {
    await expect(
      runExport(
        workspace.store,
        { report: 'audit', networkId: 'sandbox', from: '2025-03-01', to: '2025-03-01', timeZone: 'UTC', filter: { direction: 'user_to_app' }, destination: workspace.file('audit.csv') },
        { appVersion: 'test' }
      )
    ).rejects.toThrow(/audit log export takes a period only/)
  })
})
