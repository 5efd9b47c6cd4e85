// 0007: invoices, the payments counted for them and their timeline, each refusing in the database
// what the service refuses (a memo that does not fit a text memo, a half-written fiat rate, an
// unknown status); one memo per network; cleared with the sandbox's ledger; and export_history,
// rebuilt to accept the invoices report, keeps every row it held and still refuses a change.
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../src/main/db/migrations'
import { runMigrations } from '../../../../src/main/db/migrations/runner'
import { clearNetworkLedger } from '../../../../src/main/db/network-reset'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'

const WALLET = `G${'A'.repeat(55)}`
let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

let ids = 0
function insertInvoice(values: Record<string, unknown> = {}): string {
  ids += 1
  const row = {
    id: `inv_${String(ids).padStart(20, '1').replace(/0/g, 'z')}`,
    network_id: 'sandbox',
    memo: `md-${String(ids).padStart(10, 'A')}`,
    address: WALLET,
    amount_stroops: 10_000_000n,
    fiat_amount: null,
    fiat_currency: null,
    rate: null,
    rate_pair: null,
    rate_source: null,
    rate_at: null,
    order_ref: null,
    data_json: null,
    postback_url: null,
    created_at: 1,
    created_by: 'amira',
    expires_at: 2,
    status: 'new',
    received_stroops: 0n,
    seen_at: null,
    paid_at: null,
    cancelled_at: null,
    cancelled_by: null,
    refunded_at: null,
    updated_at: 1,
    ...values
  }
  const columns = Object.keys(row)
  store.sqlite.prepare(`INSERT INTO invoices (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row)
  return row.id
}

const FIAT = { fiat_amount: '12.50', fiat_currency: 'USD', rate: '0.3142', rate_pair: 'PI/USD', rate_source: 'api.coingecko.com', rate_at: 1 }

describe('0007 invoices', () => {
  it('keeps an invoice in Pi and one in fiat with its whole rate', () => {
    insertInvoice()
    insertInvoice(FIAT)
    expect(store.sqlite.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(2n)
  })

  it.each([
    ['an id that is not inv_ and 20 base58 characters', { id: 'inv_0OIl000000000000000' }],
    ['an empty memo', { memo: '' }],
    ['a memo of 29 bytes', { memo: 'x'.repeat(29) }],
    ['a memo with a non-ASCII character', { memo: 'café' }],
    ['an amount of 0', { amount_stroops: 0n }],
    ['a fiat price without its rate', { fiat_amount: '1', fiat_currency: 'USD' }],
    ['a pair that is not the currency', { ...FIAT, rate_pair: 'PI/EUR' }],
    ['a currency in lower case', { ...FIAT, fiat_currency: 'usd', rate_pair: 'PI/usd' }],
    ['a rate that is not a decimal', { ...FIAT, rate: '3e-1' }],
    ['a postback URL that is not http(s)', { postback_url: 'file:///etc/passwd' }],
    ['an unknown status', { status: 'settled' }],
    ['an expiry before its creation', { expires_at: 1 }],
    ['a new invoice with money received', { received_stroops: 5n, seen_at: 1 }],
    ['money received but never seen', { status: 'partially_paid', received_stroops: 5n }],
    ['paid without a time', { status: 'paid', received_stroops: 10_000_000n, seen_at: 1 }],
    ['cancelled by nobody', { status: 'cancelled', cancelled_at: 1 }],
    ['refunded without a time', { status: 'refunded', received_stroops: 10_000_000n, seen_at: 1 }]
  ])('refuses %s', (_name, values) => {
    expect(() => insertInvoice(values)).toThrow(/CHECK/)
    expect(store.sqlite.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(0n)
  })

  it('keeps one memo per network', () => {
    insertInvoice({ memo: 'TABLE-7' })
    insertInvoice({ memo: 'TABLE-7', network_id: 'testnet' })
    expect(() => insertInvoice({ memo: 'TABLE-7' })).toThrow(/UNIQUE/)
  })

  it('counts a chain operation once, for one invoice, and refuses a timeline event of an unknown kind', () => {
    const id = insertInvoice()
    const payment = store.sqlite.prepare(
      `INSERT INTO invoice_payments (network_id, operation_id, invoice_id, transaction_hash, from_address, amount_stroops, chain_at, counted_at)
       VALUES ('sandbox', '42', ?, ?, ?, 5, 1, 1)`
    )
    payment.run(id, 'ab'.repeat(32), `G${'B'.repeat(55)}`)
    expect(() => payment.run(id, 'cd'.repeat(32), `G${'B'.repeat(55)}`)).toThrow(/UNIQUE|PRIMARY/)
    const event = store.sqlite.prepare(`INSERT INTO invoice_events (network_id, invoice_id, kind, at, operation_id) VALUES ('sandbox', ?, ?, 1, ?)`)
    event.run(id, 'payment', '42')
    expect(() => event.run(id, 'settled', null)).toThrow(/CHECK/)
    expect(() => event.run(id, 'payment', null)).toThrow(/CHECK/)
  })

  it("goes with the sandbox's ledger, and only the sandbox's", async () => {
    const id = insertInvoice()
    insertInvoice({ network_id: 'testnet' })
    store.sqlite.prepare(`INSERT INTO invoice_events (network_id, invoice_id, kind, at) VALUES ('sandbox', ?, 'created', 1)`).run(id)
    await clearNetworkLedger(store, 'sandbox')
    expect(store.sqlite.prepare('SELECT network_id FROM invoices').pluck().all()).toEqual(['testnet'])
    expect(store.sqlite.prepare('SELECT count(*) FROM invoice_events').pluck().get()).toBe(0n)
  })
})

describe('0007 export_history', () => {
  it('keeps the exports a database already held, accepts the invoices report, and still refuses a change', () => {
    const raw = new Database(':memory:')
    raw.defaultSafeIntegers(true)
    try {
      const options = { path: ':memory:', now: () => new Date(0) }
      runMigrations(raw, MIGRATIONS.slice(0, 6), options)
      const insert = raw.prepare(
        `INSERT INTO export_history (export_id, network_id, report, schema_id, folder, file_name, period_from, period_to, time_zone, row_count, sha256, manifest_json, requested_by, created_at)
         VALUES (?, 'sandbox', ?, ?, '/home/maria', 'march.csv', '2025-03-01', '2025-03-31', 'UTC', 3, ?, '{}', 'maria', 1)`
      )
      insert.run('export-before-0007', 'fees', 'fees/1', 'ab'.repeat(32))
      expect(() => insert.run('export-invoices-early', 'invoices', 'invoices/1', 'cd'.repeat(32))).toThrow(/CHECK/)
      const before = raw.prepare('SELECT * FROM export_history').all()
      runMigrations(raw, MIGRATIONS, options)
      expect(raw.prepare('SELECT * FROM export_history').all()).toEqual(before)
      insert.run('export-invoices-after', 'invoices', 'invoices/1', 'cd'.repeat(32))
      expect(() => insert.run('export-unknown-report', 'receipts', 'receipts/1', 'ef'.repeat(32))).toThrow(/CHECK/)
      expect(() => raw.prepare("UPDATE export_history SET row_count = 4 WHERE export_id = 'export-before-0007'").run()).toThrow(/never changed/)
      const plan = (raw.prepare("EXPLAIN QUERY PLAN SELECT id FROM export_history WHERE network_id = 'sandbox' ORDER BY id DESC").all() as { detail: string }[]).map((step) => step.detail).join('\n')
      expect(plan).toMatch(/export_history_by_network/)
    } finally {
      raw.close()
    }
  })
})
