// 0004: book_totals always equals a GROUP BY over payments by the ledger's class for the books
// (after inserts, chain checks, cancels, moves in time, deletes, and for the payments a database
// held before the migration), and the dashboard's books query reads it through its key. The export
// history keeps what each export wrote exactly as written, refuses rows that could not describe a
// real file, never changes a row afterwards, outlives the sandbox's ledger reset, and the Exports
// page's list reads through its index.
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dashboardQueries } from '../../../../src/main/dashboard/summary-sql'
import { prepareDashboardPieces } from '../../../../src/main/db'
import { MIGRATIONS } from '../../../../src/main/db/migrations'
import { runMigrations } from '../../../../src/main/db/migrations/runner'
import { clearNetworkLedger } from '../../../../src/main/db/network-reset'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'
import { BOOK_CLASS_SQL } from '../../../../src/main/ledger'
import { generatePayments, insertPayments } from '../../ledger/payment-factory'

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
    ['an unknown report', { report: 'receipts' }],
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

  it("stays when the sandbox's ledger is cleared for a new chain: the files were written", async () => {
    insert()
    await clearNetworkLedger(store, 'sandbox')
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

const SPANS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['quarter', 900_000]
] as const

function storedBooks(db: MerchantDb['sqlite']): unknown[] {
  return db
    .prepare(
      `SELECT network_id, span, direction, book, starts_at, payment_count, amount_stroops FROM book_totals
       ORDER BY network_id, span, direction, book, starts_at`
    )
    .all()
}

/** What book_totals must hold: the ledger's own class term (books.ts) grouped per span. */
function recomputedBooks(db: MerchantDb['sqlite']): unknown[] {
  const floor = (span: number) => `p.created_at - ((p.created_at % ${span}) + ${span}) % ${span}`
  return db
    .prepare(
      `SELECT network_id, span, direction, book, starts_at, count(*) AS payment_count, sum(amount_stroops) AS amount_stroops
       FROM (${SPANS.map(([span, ms]) => `SELECT p.network_id, '${span}' AS span, p.direction, ${BOOK_CLASS_SQL} AS book, ${floor(ms)} AS starts_at, p.amount_stroops FROM payments AS p`).join(' UNION ALL ')})
       GROUP BY network_id, span, direction, book, starts_at ORDER BY network_id, span, direction, book, starts_at`
    )
    .all()
}

describe('0004 book totals', () => {
  it('follow every change of a payment that moves it between classes, days or networks', async () => {
    insertPayments(store, generatePayments(800, { seed: 4 }))
    expect(storedBooks(store.sqlite)).toEqual(recomputedBooks(store.sqlite))
    const ids = store.sqlite.prepare('SELECT identifier FROM payments ORDER BY identifier').pluck().all() as string[]
    const set = (sql: string, slice: string[]) => {
      const statement = store.sqlite.prepare(sql)
      for (const id of slice) statement.run(id)
    }
    set(`UPDATE payments SET chain_check = 'verified', chain_check_reasons_json = NULL, chain_checked_at = 1 WHERE identifier = ?`, ids.slice(0, 100))
    set(`UPDATE payments SET chain_check = 'failed', chain_check_reasons_json = '["amount_mismatch"]', chain_checked_at = 1 WHERE identifier = ? AND chain_check = 'unchecked'`, ids.slice(100, 150))
    set(`UPDATE payments SET cancelled = 1 WHERE identifier = ?`, ids.slice(150, 200))
    set(`UPDATE payments SET created_at = created_at + 3600000 * 30 WHERE identifier = ?`, ids.slice(200, 260))
    set(`UPDATE payments SET amount_stroops = amount_stroops + 7 WHERE identifier = ?`, ids.slice(260, 300))
    set(`DELETE FROM payments WHERE identifier = ? AND refund_count = 0 AND refund_of IS NULL`, ids.slice(300, 340))
    expect(storedBooks(store.sqlite)).toEqual(recomputedBooks(store.sqlite))
    expect(store.sqlite.prepare('SELECT count(*) FROM book_totals WHERE payment_count = 0').pluck().get()).toBe(0n)
    await clearNetworkLedger(store, 'sandbox')
    expect(storedBooks(store.sqlite)).toEqual(recomputedBooks(store.sqlite))
  })

  it('count the payments a database already held when it was migrated', () => {
    const raw = new Database(':memory:')
    raw.defaultSafeIntegers(true)
    try {
      const options = { path: ':memory:', now: () => new Date(0) }
      runMigrations(raw, MIGRATIONS.slice(0, 3), options)
      const older = { sqlite: raw } as unknown as MerchantDb
      insertPayments(older, generatePayments(300, { seed: 9 }))
      runMigrations(raw, MIGRATIONS, options)
      expect(storedBooks(raw).length).toBeGreaterThan(0)
      expect(storedBooks(raw)).toEqual(recomputedBooks(raw))
    } finally {
      raw.close()
    }
  })

  it("the dashboard's books read book_totals through its key, never by a scan", async () => {
    await prepareDashboardPieces(store.db)
    const books = dashboardQueries({ network: 'sandbox', wallet: 'GAPP', from: 1, to: 2, firstBucket: 0, lastBucket: 9 }).BOOKS.compile(store.db)
    const plan = (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${books.sql}`).all(...books.parameters) as { detail: string }[])
      .map((step) => step.detail)
      .join('\n')
    expect(plan).toMatch(/SEARCH t USING PRIMARY KEY/)
    expect(plan).toMatch(/SEARCH p USING INDEX payments_by_time/)
    expect(plan).not.toMatch(/SCAN (t|p)\b/)
  })
})
