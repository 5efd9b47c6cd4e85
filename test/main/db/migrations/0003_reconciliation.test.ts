// 0003: reconciliation runs keep their inputs and wallet check exactly, items accept only the types
// the contract knows, a resolution is written once and never changed, a run's items go with it
// when the sandbox's ledger is cleared, and the page's queries use their indexes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearNetworkLedger } from '../../../../src/main/db/network-reset'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'
import { DISCREPANCY_TYPES } from '../../../../src/shared/contract/reconcile'

const WALLET = `G${'A'.repeat(55)}`

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

function insertRun(values: Record<string, unknown> = {}): bigint {
  const row = {
    network_id: 'sandbox',
    app_wallet: WALLET,
    period_from: '2025-03-01',
    period_to: '2025-03-31',
    time_zone: 'Europe/Berlin',
    period_start: Date.UTC(2025, 1, 28, 23),
    period_end: Date.UTC(2025, 2, 31, 22),
    thresholds_json: '{"incompleteAfterMs":86400000,"finalSample":200}',
    requested_by: 'maria',
    started_at: 1,
    finished_at: 2,
    payments_checked: 10,
    pi_records_read: 3,
    transactions_checked: 12,
    item_count: 0,
    opening_stroops: 10_000_000_000n,
    opening_source: 'history',
    received_stroops: 50_000_000n,
    paid_stroops: 0n,
    fees_stroops: 100_000n,
    after_period_stroops: -300_000n,
    horizon_balance_stroops: 10_049_600_000n,
    difference_stroops: 0n,
    history_behind: 0,
    ...values
  }
  const columns = Object.keys(row)
  return store.sqlite
    .prepare(`INSERT INTO reconciliation_runs (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
    .run(row).lastInsertRowid as bigint
}

function insertItem(runId: bigint, values: Record<string, unknown> = {}): bigint {
  const row = {
    run_id: runId,
    type: 'direct_transfer',
    subject_kind: 'transaction',
    subject: 'ab'.repeat(32),
    payment_identifier: null,
    txid: 'ab'.repeat(32),
    amount_stroops: 5_000_000n,
    evidence_json: '[{"what":"Memo","expected":"a Pi payment id","found":"tip"}]',
    sentence: 'Find out who sent it.',
    ...values
  }
  const columns = Object.keys(row)
  return store.sqlite
    .prepare(`INSERT INTO reconciliation_items (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
    .run(row).lastInsertRowid as bigint
}

describe('0003 reconciliation runs', () => {
  it('keeps a run with signed wallet figures exactly as stored', () => {
    const id = insertRun({ after_period_stroops: -9_223_372_036_854_775_807n, difference_stroops: -1n })
    const row = store.sqlite.prepare('SELECT after_period_stroops, difference_stroops FROM reconciliation_runs WHERE id = ?').get(id)
    expect(row).toEqual({ after_period_stroops: -9_223_372_036_854_775_807n, difference_stroops: -1n })
  })

  it.each([
    ['an unknown network', { network_id: 'devnet' }],
    ['a wallet that is not an address', { app_wallet: 'GABC' }],
    ['a day that is not YYYY-MM-DD', { period_from: '1 March 2025' }],
    ['a period that ends before it starts', { period_end: 0 }],
    ['thresholds that are not JSON', { thresholds_json: 'daily' }],
    ['negative money received', { received_stroops: -1n }],
    ['an opening worked back from the balance that claims a difference', { opening_source: 'balance', difference_stroops: 5n }],
    ['a float in a money column', { fees_stroops: 0.5 }]
  ])('refuses %s', (_what, values) => {
    expect(() => insertRun(values)).toThrow(/CHECK constraint failed|cannot store REAL/)
  })
})

describe('0003 reconciliation items', () => {
  it('accepts every discrepancy type of the contract, and nothing else', () => {
    const run = insertRun()
    for (const type of DISCREPANCY_TYPES) insertItem(run, { type })
    expect(store.sqlite.prepare('SELECT count(*) FROM reconciliation_items').pluck().get()).toBe(BigInt(DISCREPANCY_TYPES.length))
    expect(() => insertItem(run, { type: 'rounding_error' })).toThrow(/CHECK constraint failed/)
  })

  it.each([
    ['a payment item without its payment', { subject_kind: 'payment', payment_identifier: null }],
    ['evidence that is not a JSON array', { evidence_json: '{"what":"Memo"}' }],
    ['a negative amount', { amount_stroops: -5n }],
    ['a resolution without a note', { resolved_at: 5, resolved_by: 'maria' }],
    ['an empty note', { resolved_at: 5, resolved_by: 'maria', resolution_note: '' }]
  ])('refuses %s', (_what, values) => {
    const run = insertRun()
    expect(() => insertItem(run, values)).toThrow(/CHECK constraint failed/)
  })

  it('refuses an item of a run that does not exist', () => {
    expect(() => insertItem(99n)).toThrow(/FOREIGN KEY/)
  })

  it('lets an item be resolved once, and never changed or unresolved afterwards', () => {
    const item = insertItem(insertRun())
    const resolve = store.sqlite.prepare('UPDATE reconciliation_items SET resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ?')
    expect(() => store.sqlite.prepare('UPDATE reconciliation_items SET amount_stroops = 1 WHERE id = ?').run(item)).toThrow(/only ever changes once/)
    resolve.run(10, 'maria', 'A tip from a regular; kept as income.', item)
    expect(() => resolve.run(11, 'tom', 'Something else', item)).toThrow(/only ever changes once/)
    expect(() => resolve.run(null, null, null, item)).toThrow(/only ever changes once/)
    const row = store.sqlite.prepare('SELECT resolved_at, resolved_by, resolution_note FROM reconciliation_items WHERE id = ?').get(item)
    expect(row).toEqual({ resolved_at: 10n, resolved_by: 'maria', resolution_note: 'A tip from a regular; kept as income.' })
  })

  it("goes with its run when the sandbox's ledger is cleared for a new chain", async () => {
    const sandboxRun = insertRun()
    insertItem(sandboxRun)
    const testnetRun = insertRun({ network_id: 'testnet' })
    insertItem(testnetRun)
    await clearNetworkLedger(store, 'sandbox')
    expect(store.sqlite.prepare('SELECT run_id FROM reconciliation_items').pluck().all()).toEqual([testnetRun])
  })

  it('reads the latest runs of a network and the items of a run by type through their indexes', () => {
    const plan = (sql: string) =>
      (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((step) => step.detail).join('\n')
    expect(plan(`SELECT * FROM reconciliation_runs WHERE network_id = 'sandbox' ORDER BY id DESC LIMIT 20`)).toMatch(
      /USING (COVERING )?INDEX reconciliation_runs_by_network/
    )
    expect(plan(`SELECT * FROM reconciliation_items WHERE run_id = 1 AND type = 'direct_transfer' ORDER BY id LIMIT 500`)).toMatch(
      /USING INDEX reconciliation_items_by_run/
    )
  })
})
