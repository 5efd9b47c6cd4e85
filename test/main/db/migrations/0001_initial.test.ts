import { createHash } from 'node:crypto'
import SqliteDatabase from 'better-sqlite3'
import type { Insertable } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migration0001Initial } from '../../../../src/main/db/migrations/0001_initial'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'
import {
  AUDIT_GENESIS_HASH,
  CHAIN_CHECK_OUTCOMES,
  CHAIN_OPERATION_TYPES,
  MEMO_TYPES,
  OPERATION_CLASSIFICATIONS,
  PAYMENT_SOURCES,
  type ChainOperationsTable,
  type ChainTransactionsTable,
  type PaymentsTable
} from '../../../../src/main/db/schema'
import { derivePaymentStatus, isFinal, type PiStatusFlags } from '../../../../src/shared/payments'
import { APP_WALLET, BUYER_WALLET, PAYMENT_ID, paymentId, paymentRow } from '../helpers'

const INT64_MAX = 9_223_372_036_854_775_807n
const FROZEN_SCHEMA_DIGEST = '8206e56f59e8fd1c82b19ad95d9418d06a4614bd80802e283b7f7bda202078ed'
const TX_HASH = 'cd'.repeat(32)

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:', { now: () => new Date(Date.UTC(2025, 0, 1)) })
})
afterEach(() => store.close())

/**
 * What 0001 alone creates, on a bare connection: later migrations add objects of their own, and
 * must not make this migration's own tests fail.
 */
function schemaOf0001<T>(read: (sqlite: SqliteDatabase.Database) => T): T {
  const sqlite = new SqliteDatabase(':memory:')
  try {
    sqlite.transaction(() => migration0001Initial.up(sqlite))()
    return read(sqlite)
  } finally {
    sqlite.close()
  }
}

function insertPayment(overrides: Partial<Insertable<PaymentsTable>> = {}) {
  return store.db.insertInto('payments').values(paymentRow(overrides)).execute()
}

function transactionRow(overrides: Partial<Insertable<ChainTransactionsTable>> = {}): Insertable<ChainTransactionsTable> {
  return {
    network_id: 'sandbox',
    hash: TX_HASH,
    ledger: 812,
    created_at: Date.UTC(2025, 2, 14, 9, 29),
    source_account: BUYER_WALLET,
    fee_charged_stroops: 100_000n,
    max_fee_stroops: 200_000n,
    operation_count: 1,
    successful: 1,
    memo_type: 'text',
    memo: PAYMENT_ID,
    paging_token: '3487513620480',
    ...overrides
  }
}

function operationRow(overrides: Partial<Insertable<ChainOperationsTable>> = {}): Insertable<ChainOperationsTable> {
  return {
    network_id: 'sandbox',
    id: '3487513620481',
    paging_token: '3487513620481',
    transaction_hash: TX_HASH,
    type: 'payment',
    from_address: BUYER_WALLET,
    to_address: APP_WALLET,
    amount_stroops: 31_400_000n,
    created_at: Date.UTC(2025, 2, 14, 9, 29),
    successful: 1,
    classification: 'unresolved',
    ...overrides
  }
}

describe('0001_initial creates the schema', () => {
  it('creates exactly the ledger, totals, chain, cursor, audit and settings tables with their indexes and triggers', () => {
    const objects = schemaOf0001((sqlite) =>
      sqlite
        .prepare("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .pluck()
        .all()
    )
    expect(objects).toEqual([
      'index audit_log_by_subject',
      'index chain_operations_by_payment',
      'index chain_operations_by_time',
      'index chain_operations_by_transaction',
      'index chain_operations_unresolved',
      'index chain_transactions_by_source',
      'index payments_by_amount',
      'index payments_by_chain_check',
      'index payments_by_direction',
      'index payments_by_direction_amount',
      'index payments_by_refund_of',
      'index payments_by_status',
      'index payments_by_status_amount',
      'index payments_by_time',
      'index payments_by_txid',
      'index payments_by_user',
      'index payments_to_repoll',
      'index payments_with_refunds',
      'table audit_log',
      'table chain_operations',
      'table chain_transactions',
      'table payment_totals',
      'table payments',
      'table payments_search',
      'table payments_search_config',
      'table payments_search_content',
      'table payments_search_data',
      'table payments_search_docsize',
      'table payments_search_idx',
      'table settings',
      'table sync_cursors',
      'trigger audit_log_chained',
      'trigger audit_log_no_delete',
      'trigger audit_log_no_update',
      'trigger audit_log_seq_assigned',
      'trigger payment_refunds_delete',
      'trigger payment_refunds_insert',
      'trigger payment_refunds_update',
      'trigger payment_totals_delete',
      'trigger payment_totals_insert',
      'trigger payment_totals_update',
      'trigger payments_search_delete',
      'trigger payments_search_insert',
      'trigger payments_search_update'
    ])
  })

  it('is frozen: the schema it creates has not changed since release', () => {
    // If this fails, 0001 was edited. Databases in the field already ran the old SQL: revert the
    // edit and add a migration instead. (Update the digest only before 0001 ships.)
    const schema = schemaOf0001((sqlite) =>
      sqlite.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all()
    )
    const digest = createHash('sha256').update(JSON.stringify(schema)).digest('hex')
    expect(digest).toBe(FROZEN_SCHEMA_DIGEST)
  })

  it('keys every ledger index by network first and ends keyset indexes with (created_at, identifier)', () => {
    const columns = (index: string) =>
      store.sqlite.prepare(`SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`).pluck().all()
    expect(columns('payments_by_time')).toEqual(['network_id', 'created_at', 'identifier'])
    expect(columns('payments_by_status')).toEqual(['network_id', 'status', 'created_at', 'identifier'])
    expect(columns('payments_by_direction')).toEqual(['network_id', 'direction', 'created_at', 'identifier'])
    expect(columns('payments_by_user')).toEqual(['network_id', 'user_uid', 'created_at', 'identifier'])
    expect(columns('payments_by_amount')).toEqual(['network_id', 'amount_stroops', 'created_at', 'identifier'])
    expect(columns('payments_by_status_amount')).toEqual(['network_id', 'status', 'amount_stroops', 'created_at', 'identifier'])
    expect(columns('payments_by_direction_amount')).toEqual(['network_id', 'direction', 'amount_stroops', 'created_at', 'identifier'])
    expect(columns('payments_by_chain_check')).toEqual(['network_id', 'chain_check', 'created_at', 'identifier'])
    expect(columns('payments_by_txid')).toEqual(['txid'])
  })

  it('makes every table STRICT, so a float can never be stored as stroops', async () => {
    const strict = store.sqlite
      .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 1 ORDER BY name")
      .pluck()
      .all()
    expect(strict).toEqual(
      expect.arrayContaining(['audit_log', 'chain_operations', 'chain_transactions', 'payments', 'settings', 'sync_cursors'])
    )
    await insertPayment()
    const writeFloat = () =>
      store.sqlite
        .prepare('UPDATE payments SET amount_stroops = ? WHERE identifier = ?')
        .run(1.5, PAYMENT_ID)
    expect(writeFloat).toThrow(/cannot store REAL value in INTEGER column/)
    expect(store.sqlite.prepare('SELECT amount_stroops FROM payments').pluck().get()).toBe(31_400_000n)
  })
})

describe('payments', () => {
  it('round-trips every PaymentDTO field and local fact with bigint money and integer times', async () => {
    await insertPayment()
    const row = await store.db.selectFrom('payments').selectAll().executeTakeFirstOrThrow()
    expect(row).toEqual({
      identifier: PAYMENT_ID,
      network_id: 'sandbox',
      user_uid: 'user-7f3a',
      amount_stroops: 31_400_000n,
      memo: 'Order 1042: two loaves',
      metadata_json: '{"orderId":1042}',
      from_address: BUYER_WALLET,
      to_address: APP_WALLET,
      direction: 'user_to_app',
      created_at: BigInt(Date.UTC(2025, 2, 14, 9, 30)),
      network: 'Pi Testnet',
      developer_approved: 1n,
      transaction_verified: 1n,
      developer_completed: 1n,
      cancelled: 0n,
      user_cancelled: 0n,
      txid: 'ab'.repeat(32),
      tx_verified: 1n,
      tx_link: `https://horizon.example/transactions/${'ab'.repeat(32)}`,
      source: 'chain',
      refund_of: null,
      refund_count: 0n,
      chain_check: 'unchecked',
      chain_check_reasons_json: null,
      chain_checked_at: null,
      first_seen_at: BigInt(Date.UTC(2025, 2, 14, 9, 31)),
      last_polled_at: BigInt(Date.UTC(2025, 2, 14, 9, 31)),
      status: 'completed',
      pi_final: 1n
    })
  })

  it('keeps amounts exact up to int64 max and sums them in SQL without rounding', async () => {
    await insertPayment({ identifier: paymentId('max'), amount_stroops: INT64_MAX - 1n })
    await insertPayment({ identifier: paymentId('one'), amount_stroops: 1n })
    const amounts = await store.db.selectFrom('payments').select('amount_stroops').orderBy('identifier').execute()
    expect(amounts.map((row) => row.amount_stroops)).toEqual([INT64_MAX - 1n, 1n])
    const total = store.sqlite.prepare('SELECT sum(amount_stroops) FROM payments').pluck().get()
    expect(total).toBe(INT64_MAX)
  })

  it('refuses a negative amount and leaves the table empty', async () => {
    await expect(insertPayment({ amount_stroops: -1n })).rejects.toThrow(/CHECK constraint failed/)
    expect(store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0n)
  })

  it('derives the same status as derivePaymentStatus, and pi_final as isFinal, for every Pi record', async () => {
    const flagNames = ['developer_approved', 'transaction_verified', 'developer_completed', 'cancelled', 'user_cancelled'] as const
    const transactions = [null, { verified: false }, { verified: true }] as const
    const cases: { identifier: string; flags: PiStatusFlags; transaction: (typeof transactions)[number] }[] = []
    for (let bits = 0; bits < 2 ** flagNames.length; bits++) {
      const on = (index: number) => (bits & (1 << index)) !== 0
      const flags: PiStatusFlags = {
        developerApproved: on(0),
        transactionVerified: on(1),
        developerCompleted: on(2),
        cancelled: on(3),
        userCancelled: on(4)
      }
      for (const [t, transaction] of transactions.entries()) {
        const identifier = paymentId(`case${bits}x${t}`)
        cases.push({ identifier, flags, transaction })
        await insertPayment({
          identifier,
          ...Object.fromEntries(flagNames.map((name, index) => [name, on(index) ? 1 : 0])),
          txid: transaction ? TX_HASH : null,
          tx_verified: transaction ? (transaction.verified ? 1 : 0) : null,
          tx_link: null
        })
      }
    }
    const stored = new Map(
      (await store.db.selectFrom('payments').select(['identifier', 'status', 'pi_final']).execute()).map((row) => [
        row.identifier,
        row
      ])
    )
    expect(stored.size).toBe(96)
    for (const { identifier, flags, transaction } of cases) {
      const expected = derivePaymentStatus({
        status: flags,
        transaction: transaction && { txid: TX_HASH, verified: transaction.verified },
        direction: 'user_to_app',
        amount: 1n,
        createdAt: new Date(0),
        now: new Date(0),
        chain: { outcome: 'unchecked' }
      }).status
      expect({ identifier, status: stored.get(identifier)?.status }).toEqual({ identifier, status: expected })
      expect(stored.get(identifier)?.pi_final).toBe(isFinal({ status: flags }) ? 1n : 0n)
    }
  })

  it('follows Pi: approved, submitted, verified, then completed as the record changes', async () => {
    await insertPayment({ developer_completed: 0, transaction_verified: 0, txid: null, tx_verified: null, tx_link: null })
    const statusNow = async () =>
      (await store.db.selectFrom('payments').select('status').executeTakeFirstOrThrow()).status
    expect(await statusNow()).toBe('approved')
    await store.db.updateTable('payments').set({ txid: TX_HASH, tx_verified: 0 }).execute()
    expect(await statusNow()).toBe('submitted')
    await store.db.updateTable('payments').set({ transaction_verified: 1, tx_verified: 1 }).execute()
    expect(await statusNow()).toBe('verified')
    await store.db.updateTable('payments').set({ developer_completed: 1 }).execute()
    expect(await statusNow()).toBe('completed')
  })

  it.each([
    ['an unknown direction', { direction: 'sideways' as never }],
    ['a mainnet row that says Pi Testnet', { network_id: 'mainnet', network: 'Pi Testnet' }],
    ['a sandbox row that says Pi Network', { network: 'Pi Network' }],
    ['an unknown network id', { network_id: 'devnet' as never }],
    ['tx_verified without a txid', { txid: null, tx_link: null }],
    ['a txid without tx_verified', { tx_verified: null }],
    ['a failed chain check without reasons', { chain_check: 'failed', chain_checked_at: 1 }],
    ['a failed chain check with an empty list of reasons', { chain_check: 'failed', chain_checked_at: 1, chain_check_reasons_json: '[]' }],
    ['reasons without a failed chain check', { chain_check_reasons_json: '["memo_mismatch"]' }],
    ['a verified chain check with no time', { chain_check: 'verified' }],
    ['a flag that is not 0 or 1', { cancelled: 2 as never }],
    ['metadata that is not JSON', { metadata_json: '{orderId:' }],
    ['an identifier with punctuation', { identifier: paymentId('abc.def') }],
    ['an identifier that is not 28 characters', { identifier: 'a1B2c3' }],
    ['a txid in uppercase', { txid: 'AB'.repeat(32) }],
    ['a txid that is not a hash', { txid: 'not-a-hash' }],
    ['a sender that is not an account address', { from_address: 'alice' }],
    ['a recipient with a lowercase address', { to_address: APP_WALLET.toLowerCase() }],
    ['an empty user', { user_uid: '' }],
    ['an unknown source', { source: 'rumour' as never }],
    ['a user-to-app payment marked as a refund', { refund_of: PAYMENT_ID }]
  ] as const)('refuses %s', async (_case, overrides) => {
    await expect(insertPayment(overrides)).rejects.toThrow(/CHECK constraint failed/)
    expect(store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0n)
  })

  it('accepts every source and chain-check result the types name', async () => {
    for (const [index, source] of PAYMENT_SOURCES.entries()) {
      await insertPayment({ identifier: paymentId(`source${index}`), source })
    }
    for (const [index, check] of CHAIN_CHECK_OUTCOMES.entries()) {
      await insertPayment({
        identifier: paymentId(`check${index}`),
        chain_check: check,
        chain_check_reasons_json: check === 'failed' ? '["memo_mismatch","amount_mismatch"]' : null,
        chain_checked_at: check === 'unchecked' ? null : 1_700_000_000_000
      })
    }
    const count = store.sqlite.prepare('SELECT count(*) FROM payments').pluck().get()
    expect(count).toBe(BigInt(PAYMENT_SOURCES.length + CHAIN_CHECK_OUTCOMES.length))
  })

  it('links a refund to the payment it returns money for, and refuses a refund of nothing', async () => {
    await insertPayment()
    const refund = {
      identifier: paymentId('refund1'),
      direction: 'app_to_user',
      from_address: APP_WALLET,
      to_address: BUYER_WALLET,
      amount_stroops: 10_000_000n,
      source: 'payout'
    } as const
    await insertPayment({ ...refund, refund_of: PAYMENT_ID })
    await expect(insertPayment({ ...refund, identifier: paymentId('refund2'), refund_of: paymentId('ghost') })).rejects.toThrow(
      /FOREIGN KEY constraint failed/
    )
    const refunded = store.sqlite
      .prepare('SELECT sum(amount_stroops) FROM payments WHERE refund_of = ?')
      .pluck()
      .get(PAYMENT_ID)
    expect(refunded).toBe(10_000_000n)
  })

  it('counts the refunds that point at a payment as they are added, moved and removed', async () => {
    const other = paymentId('sale2')
    await insertPayment()
    await insertPayment({ identifier: other })
    const refund = { direction: 'app_to_user', from_address: APP_WALLET, to_address: BUYER_WALLET, source: 'payout' } as const
    await insertPayment({ ...refund, identifier: paymentId('refund1'), refund_of: PAYMENT_ID })
    await insertPayment({ ...refund, identifier: paymentId('refund2'), refund_of: PAYMENT_ID })
    const counts = () =>
      store.sqlite.prepare('SELECT identifier, refund_count FROM payments WHERE refund_count > 0 ORDER BY identifier').all()
    expect(counts()).toEqual([{ identifier: PAYMENT_ID, refund_count: 2n }])
    await store.db.updateTable('payments').set({ refund_of: other }).where('identifier', '=', paymentId('refund2')).execute()
    expect(counts()).toEqual([
      { identifier: PAYMENT_ID, refund_count: 1n },
      { identifier: other, refund_count: 1n }
    ])
    await store.db.deleteFrom('payments').where('identifier', '=', paymentId('refund1')).execute()
    await store.db.updateTable('payments').set({ memo: 'changed', developer_completed: 0 }).where('identifier', '=', paymentId('refund2')).execute()
    expect(counts()).toEqual([{ identifier: other, refund_count: 1n }])
  })
})

describe('payments_search', () => {
  const search = (query: string) =>
    store.sqlite
      .prepare('SELECT identifier FROM payments_search WHERE payments_search MATCH ? ORDER BY identifier')
      .pluck()
      .all(query)

  it('finds a payment by a memo word, its identifier, its user, its txid and the buyer address', async () => {
    await insertPayment()
    const other = paymentId('other')
    await insertPayment({ identifier: other, memo: 'Order 7: cake', user_uid: 'user-0000', txid: null, tx_verified: null, tx_link: null })
    expect(search('loaves')).toEqual([PAYMENT_ID])
    expect(search('a1B2c3D4*')).toEqual([PAYMENT_ID])
    expect(search('"user-7f3a"')).toEqual([PAYMENT_ID])
    expect(search('ab'.repeat(32))).toEqual([PAYMENT_ID])
    expect(search(`counterparty:${BUYER_WALLET}`)).toEqual([PAYMENT_ID, other])
    expect(search('order')).toEqual([PAYMENT_ID, other])
  })

  it('finds a payment by the values of its metadata, nested ones included, and follows a change', async () => {
    await insertPayment({ metadata_json: '{"orderId":1042,"basket":{"items":["rye","spelt"]},"note":null}' })
    expect(search('metadata:spelt')).toEqual([PAYMENT_ID])
    expect(search('metadata:1042')).toEqual([PAYMENT_ID])
    expect(search('basket')).toEqual([])
    await store.db.updateTable('payments').set({ metadata_json: '{"orderId":"B-77"}' }).execute()
    expect(search('spelt')).toEqual([])
    expect(search('metadata:"B-77"')).toEqual([PAYMENT_ID])
  })

  it('follows a memo change and leaves a payment whose identifier differs only in case alone', async () => {
    const upper = paymentId('AbCdEf')
    const lower = paymentId('abcdef')
    await insertPayment({ identifier: upper })
    await insertPayment({ identifier: lower, memo: 'Order 9: muffins' })
    await store.db.updateTable('payments').set({ memo: 'Order 1042: three loaves' }).where('identifier', '=', upper).execute()
    expect(search('three')).toEqual([upper])
    expect(search('muffins')).toEqual([lower])
    expect(search(lower)).toEqual([upper, lower])
    expect(store.sqlite.prepare('SELECT count(*) FROM payments_search').pluck().get()).toBe(2n)
  })

  it('leaves the search index untouched when only Pi flags change', async () => {
    await insertPayment({ developer_completed: 0 })
    const before = store.sqlite.prepare('SELECT rowid FROM payments_search').pluck().get()
    await store.db.updateTable('payments').set({ developer_completed: 1, last_polled_at: 1 }).execute()
    expect(store.sqlite.prepare('SELECT rowid FROM payments_search').pluck().all()).toEqual([before])
  })
})

describe('chain_transactions and chain_operations', () => {
  it('round-trips a transaction and its payment operation linked to a Pi payment', async () => {
    await insertPayment()
    await store.db.insertInto('chain_transactions').values(transactionRow()).execute()
    await store.db
      .insertInto('chain_operations')
      .values(operationRow({ classification: 'pi_payment', payment_identifier: PAYMENT_ID }))
      .execute()
    const joined = await store.db
      .selectFrom('chain_operations as op')
      .innerJoin('chain_transactions as tx', (join) =>
        join.onRef('tx.network_id', '=', 'op.network_id').onRef('tx.hash', '=', 'op.transaction_hash')
      )
      .select(['op.amount_stroops', 'op.payment_identifier', 'tx.memo', 'tx.fee_charged_stroops', 'tx.ledger', 'tx.successful'])
      .executeTakeFirstOrThrow()
    expect(joined).toEqual({
      amount_stroops: 31_400_000n,
      payment_identifier: PAYMENT_ID,
      memo: PAYMENT_ID,
      fee_charged_stroops: 100_000n,
      ledger: 812n,
      successful: 1n
    })
  })

  it('accepts every memo type, operation type and classification the types name', async () => {
    for (const [index, memoType] of MEMO_TYPES.entries()) {
      const hash = index.toString(16).padStart(64, '0')
      await store.db
        .insertInto('chain_transactions')
        .values(transactionRow({ hash, memo_type: memoType, memo: memoType === 'none' ? null : 'x' }))
        .execute()
    }
    let id = 0
    for (const type of CHAIN_OPERATION_TYPES) {
      for (const classification of OPERATION_CLASSIFICATIONS.filter((c) => c !== 'pi_payment')) {
        await store.db
          .insertInto('chain_operations')
          .values(operationRow({ id: String(++id), transaction_hash: '0'.repeat(64), type, classification }))
          .execute()
      }
    }
    expect(store.sqlite.prepare('SELECT count(*) FROM chain_operations').pluck().get()).toBe(BigInt(id))
  })

  it('keeps the same operation id apart on two networks', async () => {
    await store.db.insertInto('chain_transactions').values(transactionRow()).execute()
    await store.db.insertInto('chain_transactions').values(transactionRow({ network_id: 'testnet' })).execute()
    await store.db.insertInto('chain_operations').values(operationRow()).execute()
    await store.db.insertInto('chain_operations').values(operationRow({ network_id: 'testnet' })).execute()
    await expect(store.db.insertInto('chain_operations').values(operationRow()).execute()).rejects.toThrow(
      /UNIQUE constraint failed/
    )
  })

  it.each([
    ['an operation of an unknown transaction', {}, /FOREIGN KEY constraint failed/, false],
    ['a Pi payment operation without its identifier', { classification: 'pi_payment' }, /CHECK constraint failed/, true],
    ['a link to an unknown payment', { classification: 'pi_payment', payment_identifier: paymentId('ghost') }, /FOREIGN KEY/, true],
    ['a direct transfer linked to a payment', { classification: 'direct_transfer', payment_identifier: PAYMENT_ID }, /CHECK/, true],
    ['a negative amount', { amount_stroops: -5n }, /CHECK constraint failed/, true],
    ['an operation type the sync does not keep', { type: 'account_merge' as never }, /CHECK constraint failed/, true]
  ] as const)('refuses %s', async (_case, overrides, error, withTransaction) => {
    if (withTransaction) await store.db.insertInto('chain_transactions').values(transactionRow()).execute()
    await expect(store.db.insertInto('chain_operations').values(operationRow(overrides)).execute()).rejects.toThrow(error)
    expect(store.sqlite.prepare('SELECT count(*) FROM chain_operations').pluck().get()).toBe(0n)
  })

  it('refuses a transaction hash that is not 64 lowercase hex, and a text memo that is missing', async () => {
    await expect(
      store.db.insertInto('chain_transactions').values(transactionRow({ hash: 'AB'.repeat(32) })).execute()
    ).rejects.toThrow(/CHECK constraint failed/)
    await expect(
      store.db.insertInto('chain_transactions').values(transactionRow({ memo: null })).execute()
    ).rejects.toThrow(/CHECK constraint failed/)
  })
})

describe('sync_cursors and settings', () => {
  it('keeps one cursor per network and stream, moved by upsert', async () => {
    const put = (network_id: 'sandbox' | 'mainnet', cursor: string) =>
      store.db
        .insertInto('sync_cursors')
        .values({ network_id, stream: `horizon:payments:${APP_WALLET}`, cursor, updated_at: 1 })
        .onConflict((conflict) => conflict.columns(['network_id', 'stream']).doUpdateSet({ cursor, updated_at: 2 }))
        .execute()
    await put('sandbox', '100')
    await put('mainnet', '7')
    await put('sandbox', '300')
    const rows = await store.db.selectFrom('sync_cursors').select(['network_id', 'cursor', 'updated_at']).orderBy('network_id').execute()
    expect(rows).toEqual([
      { network_id: 'mainnet', cursor: '7', updated_at: 1n },
      { network_id: 'sandbox', cursor: '300', updated_at: 2n }
    ])
  })

  it('stores settings as JSON and refuses text that is not JSON', async () => {
    await store.db.insertInto('settings').values({ key: 'network', value_json: '"mainnet"', updated_at: 5 }).execute()
    expect(await store.db.selectFrom('settings').selectAll().execute()).toEqual([
      { key: 'network', value_json: '"mainnet"', updated_at: 5n }
    ])
    await expect(
      store.db.insertInto('settings').values({ key: 'zone', value_json: 'Europe/Berlin', updated_at: 5 }).execute()
    ).rejects.toThrow(/CHECK constraint failed/)
  })
})

describe('audit_log', () => {
  const entryHash = (prev: string, action: string) => createHash('sha256').update(`${prev}|${action}`).digest('hex')

  async function append(action: string, prevHash?: string) {
    const last = await store.db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst()
    const prev = prevHash ?? last?.hash ?? AUDIT_GENESIS_HASH
    return store.db
      .insertInto('audit_log')
      .values({
        at: 1_700_000_000_000,
        actor: 'owner',
        action,
        subject: `payment:${PAYMENT_ID}`,
        before_json: '{"status":"incomplete"}',
        after_json: '{"status":"completed"}',
        prev_hash: prev,
        hash: entryHash(prev, action)
      })
      .execute()
  }

  const snapshot = () => store.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').all()

  it('appends hash-chained entries with increasing seq', async () => {
    await append('payment.complete')
    await append('payment.refund')
    const rows = await store.db.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute()
    expect(rows.map((row) => row.seq)).toEqual([1n, 2n])
    expect(rows[0]?.prev_hash).toBe(AUDIT_GENESIS_HASH)
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash)
  })

  it.each([
    ['UPDATE', "UPDATE audit_log SET actor = 'mallory'", /append-only: entries cannot be changed/],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 1', /append-only: entries cannot be deleted/],
    ['DELETE of everything', 'DELETE FROM audit_log', /append-only: entries cannot be deleted/],
    [
      'INSERT OR REPLACE over an entry',
      `INSERT OR REPLACE INTO audit_log (seq, at, actor, action, prev_hash, hash)
       SELECT 1, 1, 'mallory', 'x', hash, '${'e'.repeat(64)}' FROM audit_log WHERE seq = 2`,
      /seq is assigned by the database/
    ],
    [
      'UPSERT over an entry',
      `INSERT INTO audit_log (at, actor, action, prev_hash, hash)
       SELECT 1, 'mallory', 'x', hash, '${'e'.repeat(64)}' FROM audit_log WHERE seq = 2
       ON CONFLICT DO UPDATE SET actor = 'mallory'`,
      null
    ]
  ])('refuses %s and keeps every entry as it was', async (_case, statement, error) => {
    await append('payment.complete')
    await append('payment.refund')
    const before = snapshot()
    if (error) expect(() => store.sqlite.exec(statement)).toThrow(error)
    else store.sqlite.exec(statement) // no conflict is possible: seq is assigned, so this appends
    const after = snapshot()
    expect(after.slice(0, 2)).toEqual(before)
  })

  it('refuses an entry whose prev_hash is not the latest hash', async () => {
    await append('payment.complete')
    await expect(append('payment.refund', AUDIT_GENESIS_HASH)).rejects.toThrow(/prev_hash must be the hash of the latest entry/)
    await expect(append('x', 'f'.repeat(64))).rejects.toThrow(/prev_hash must be the hash of the latest entry/)
    expect(snapshot()).toHaveLength(1)
  })

  it('refuses a first entry that does not start from the genesis hash', async () => {
    await expect(append('payment.complete', 'a'.repeat(64))).rejects.toThrow(/prev_hash must be the hash/)
    expect(snapshot()).toHaveLength(0)
  })
})
