// 0004: the export history keeps what each export wrote exactly as written, refuses rows that could
// not describe a real file, never changes a row afterwards, outlives the sandbox's ledger reset,
// and the Exports page's list reads through its index.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearNetworkLedger } from '../../../../src/main/db/network-reset'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

let ids = 0
function insert(values: Record<string, unknown> = {}): bigint {
  ids += 1
  const row = {
    export_id: `export-id-${ids}`.padEnd(16, 'x'),
    network_id: 'sandbox',
    report: 'payments',
    schema_id: 'payments/1',
    folder: '/home/maria/exports',
    file_name: 'march.csv',
    period_from: '2025-03-01',
    period_to: '2025-03-31',
    time_zone: 'Europe/Berlin',
    row_count: 12,
    sha256: 'ab'.repeat(32),
    manifest_json: '{"report":"payments"}',
    requested_by: 'desktop',
    created_at: 1,
    ...values
  }
  const columns = Object.keys(row)
  return store.sqlite
    .prepare(`INSERT INTO export_history (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
    .run(row).lastInsertRowid as bigint
}

describe('0004 export history', () => {
  it('keeps an export as written', () => {
    const id = insert({ row_count: 0 })
    expect(store.sqlite.prepare('SELECT file_name, row_count, manifest_json FROM export_history WHERE id = ?').get(id)).toEqual({
      file_name: 'march.csv',
      row_count: 0n,
      manifest_json: '{"report":"payments"}'
    })
  })

  it.each([
    ['an unknown report', { report: 'invoices' }],
    ['an unknown network', { network_id: 'devnet' }],
    ['a file name with a folder in it', { file_name: '../march.csv' }],
    ['a file name with a Windows folder in it', { file_name: 'a\\march.csv' }],
    ['a hash that is not SHA-256 hex', { sha256: 'AB'.repeat(32) }],
    ['a negative row count', { row_count: -1 }],
    ['a manifest that is not a JSON object', { manifest_json: '[1]' }],
    ['a day that is not YYYY-MM-DD', { period_from: '1 March 2025' }],
    ['a period that ends before it starts', { period_from: '2025-04-01' }],
    ['an export id a URL could not carry', { export_id: 'has spaces in it!' }],
    ['nobody who asked', { requested_by: '' }]
  ])('refuses %s', (_name, values) => {
    expect(() => insert(values)).toThrow()
  })

  it('refuses the same export id twice', () => {
    insert({ export_id: 'same-export-id-1' })
    expect(() => insert({ export_id: 'same-export-id-1' })).toThrow(/UNIQUE/)
  })

  it('never changes a row afterwards', () => {
    const id = insert()
    expect(() => store.sqlite.prepare('UPDATE export_history SET row_count = 13 WHERE id = ?').run(id)).toThrow(/never changed/)
    expect(store.sqlite.prepare('SELECT row_count FROM export_history WHERE id = ?').pluck().get(id)).toBe(12n)
  })

  it("stays when the sandbox's ledger is cleared for a new chain: the files were written", () => {
    insert()
    clearNetworkLedger(store, 'sandbox')
    expect(store.sqlite.prepare('SELECT count(*) FROM export_history').pluck().get()).toBe(1n)
  })

  it("lists a network's latest exports through its index", () => {
    const plan = (store.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT * FROM export_history WHERE network_id = 'sandbox' ORDER BY id DESC LIMIT 50`).all() as {
      detail: string
    }[]).map((step) => step.detail)
    expect(plan.join('\n')).toMatch(/USING INDEX export_history_by_network/)
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/)
  })
})
