// 0009 on both engines: the journal's table takes a direct refund (no Pi payment at any step, our
// own chain memo, a walk-in payment or a Pi sale refunded) and still refuses what breaks the state
// machine's promises; every A2U row it took before stays valid. On SQLite, a ledger made before
// 0009 keeps every payout and request through the table rebuild, and the request still points at
// its payout.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src/main/db/migrations'
import { runMigrations } from '../../../src/main/db/migrations/runner'
import { ledgerSql, openScratchLedger, sqliteOnly, type TempLedger } from '../../support'

const WALLET = `G${'A'.repeat(55)}`
const BUYER = `G${'B'.repeat(55)}`
const SALE = 'p'.repeat(28)
const HASH = 'ab'.repeat(32)

let ledger: TempLedger
beforeEach(() => {
  ledger = openScratchLedger()
})
afterEach(() => ledger.close())

let keys = 0
async function insert(values: Record<string, unknown>): Promise<void> {
  keys += 1
  const row: Record<string, unknown> = {
    idempotency_key: `direct-table-key-${Date.now()}-${keys}`,
    network_id: 'sandbox',
    app_wallet: WALLET,
    kind: 'refund',
    refund_of: null,
    refund_of_operation: '123456789',
    route: 'direct',
    chain_memo: `rf-TESTMEMO${String(keys).padStart(4, '0')}`,
    user_uid: BUYER,
    to_address: BUYER,
    amount_stroops: 10_000_000n,
    memo: 'Refund',
    state: 'recorded',
    requested_by: 'maria',
    created_at: 1,
    updated_at: 1,
    ...values
  }
  const columns = Object.keys(row)
  await ledgerSql(ledger.store).run(`INSERT INTO payouts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, ...Object.values(row))
}

const a2u = { route: 'pi', chain_memo: null, refund_of_operation: null, refund_of: SALE, to_address: null, user_uid: 'buyer' }

describe('0009: direct refunds in the payout journal', () => {
  it('takes a direct refund walking recorded, signed, submitted, confirmed, completed without a Pi payment', async () => {
    await insert({ state: 'recorded' })
    await insert({ state: 'signed', envelope_xdr: 'AAAA', tx_hash: HASH })
    await insert({ state: 'submitted', envelope_xdr: 'AAAA', tx_hash: 'cd'.repeat(32) })
    await insert({ state: 'completed', envelope_xdr: 'AAAA', tx_hash: 'ef'.repeat(32), txid: 'ef'.repeat(32) })
    // A Pi sale refunded directly, and a walk-in payment of an invoice.
    await insert({ refund_of: SALE, refund_of_operation: null })
    await insert({ refund_of_invoice: 'inv_123' })
    // Still an A2U refund and a payout as before.
    await insert({ ...a2u, state: 'created', pi_payment_id: 'q'.repeat(28), to_address: BUYER })
    await insert({ ...a2u, kind: 'payout', refund_of: null, state: 'recorded' })
    expect(await ledgerSql(ledger.store).value('SELECT COUNT(*) FROM payouts')).toBe(8n)
    expect(await ledgerSql(ledger.store).values("SELECT route FROM payouts WHERE kind = 'payout'")).toEqual(['pi'])
  })

  it.each([
    ['a direct refund without its chain memo', { chain_memo: null }],
    ["a chain memo shaped like a Pi payment id (Pi's memo)", { chain_memo: 'A'.repeat(28) }],
    ['a chain memo over 28 bytes', { chain_memo: `rf-${'x'.repeat(26)}` }],
    ['a direct refund with a Pi payment', { pi_payment_id: 'q'.repeat(28) }],
    ['a direct refund in the Pi route\'s "created" state', { state: 'created' }],
    ['a direct refund without the address it pays', { to_address: null }],
    ['a direct payout (it refunds nothing)', { kind: 'payout', refund_of_operation: null }],
    ['a refund of both a sale and a walk-in payment', { refund_of: SALE }],
    ['an invoice without its walk-in payment', { refund_of: SALE, refund_of_operation: null, refund_of_invoice: 'inv_1' }],
    ['an operation id that is not a number', { refund_of_operation: 'abc' }],
    ['a walk-in payment refunded through Pi', { ...a2u, refund_of: null, refund_of_operation: '42' }],
    ['an A2U refund with a chain memo of its own', { ...a2u, chain_memo: 'rf-OWN' }],
    ['an A2U payout signed without its Pi payment', { ...a2u, state: 'signed', envelope_xdr: 'AAAA', tx_hash: HASH }]
  ])('refuses %s', async (_what, values) => {
    await expect(insert(values)).rejects.toThrow(/check/i)
  })

  it('refuses a chain memo used twice', async () => {
    await insert({ chain_memo: 'rf-SAMEMEMO' })
    await expect(insert({ chain_memo: 'rf-SAMEMEMO' })).rejects.toThrow(/unique/i)
  })

  it('keeps a direct refund waiting for approval, and refuses a walk-in request through Pi', async () => {
    const request = (key: string, values: Record<string, unknown>) => {
      const row: Record<string, unknown> = {
        idempotency_key: key,
        network_id: 'sandbox',
        kind: 'refund',
        refund_of: null,
        route: 'direct',
        refund_of_operation: '77',
        user_uid: BUYER,
        amount_stroops: 5n,
        memo: 'Refund',
        rule: 'above the limit',
        requested_by: 'sam',
        requested_at: 1,
        state: 'open',
        ...values
      }
      const columns = Object.keys(row)
      return ledgerSql(ledger.store).run(`INSERT INTO approval_requests (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, ...Object.values(row))
    }
    await request('request-key-direct-0001', {})
    await request('request-key-direct-0002', { refund_of: SALE, refund_of_operation: null })
    await expect(request('request-key-direct-0003', { route: 'pi' })).rejects.toThrow(/check/i)
    await expect(request('request-key-direct-0004', { refund_of_operation: null })).rejects.toThrow(/check/i)
  })
})

sqliteOnly('the table rebuild is SQLite’s; PostgreSQL alters its CHECKs in place')('0009 on a SQLite ledger made before it', () => {
  it('keeps every payout and request through the rebuild, the request still pointing at its payout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-0009-'))
    const sqlite = new Database(join(dir, 'old.sqlite'))
    try {
      const before = MIGRATIONS.findIndex((migration) => migration.name === '0009_direct_refunds')
      runMigrations(sqlite, MIGRATIONS.slice(0, before), { path: 'old.sqlite', now: () => new Date(1) })
      sqlite
        .prepare(
          `INSERT INTO payouts (idempotency_key, network_id, app_wallet, kind, refund_of, user_uid, amount_stroops, memo, state, pi_payment_id, to_address, envelope_xdr, tx_hash, txid, requested_by, created_at, updated_at)
           VALUES ('old-refund-key-00001', 'sandbox', ?, 'refund', ?, 'buyer', 30000000, 'Refund', 'completed', ?, ?, 'AAAA', ?, ?, 'maria', 1, 1)`
        )
        .run(WALLET, SALE, 'q'.repeat(28), BUYER, HASH, HASH)
      sqlite
        .prepare(
          `INSERT INTO approval_requests (idempotency_key, network_id, kind, refund_of, user_uid, amount_stroops, memo, rule, requested_by, requested_at, state, decided_by, decided_at, approval_expires_at, payout_id)
           VALUES ('old-refund-key-00001', 'sandbox', 'refund', ?, 'buyer', 30000000, 'Refund', 'above', 'sam', 1, 'paid', 'maria', 2, 3, 1)`
        )
        .run(SALE)
      runMigrations(sqlite, MIGRATIONS, { path: 'old.sqlite', now: () => new Date(2) })
      expect(sqlite.prepare('SELECT id, route, chain_memo, state, pi_payment_id FROM payouts').all()).toEqual([
        { id: 1, route: 'pi', chain_memo: null, state: 'completed', pi_payment_id: 'q'.repeat(28) }
      ])
      expect(sqlite.prepare('SELECT payout_id, route, state FROM approval_requests').all()).toEqual([{ payout_id: 1, route: 'pi', state: 'paid' }])
      expect(sqlite.pragma('foreign_key_check')).toEqual([])
      const indexes = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'payouts' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()
      expect(indexes).toEqual(['payouts_by_network', 'payouts_by_refund_of', 'payouts_by_refund_of_operation', 'payouts_by_requester', 'payouts_unfinished'])
    } finally {
      sqlite.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
