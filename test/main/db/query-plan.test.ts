// The ledger's typical queries must walk an index in page order and stop after a page: on a
// million payments a full scan, or a sort of every match, is what makes a ledger feel slow.
// SQLite's plan does not depend on how many rows exist (no statistics are gathered, see
// open.ts), so a small database shows the plan a large one gets.
import type { Compilable, Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import type { Database } from '../../../src/main/db/schema'
import { PAYMENT_ID, paymentId, paymentRow } from './helpers'

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

function planOf(query: Compilable): string[] {
  const { sql: text, parameters } = query.compile()
  const rows = store.sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...parameters) as { detail: string }[]
  return rows.map((row) => row.detail)
}

/** The plan reads through `index`, never scans a table, and never sorts what it found. */
function expectIndexedPlan(plan: string[], index: string): void {
  expect(plan.some((step) => new RegExp(`USING (COVERING )?INDEX ${index}\\b`).test(step)), plan.join(' | ')).toBe(true)
  expect(plan.filter((step) => /^SCAN (payments|chain_operations|audit_log)\b/.test(step))).toEqual([])
  expect(plan.filter((step) => step.includes('TEMP B-TREE'))).toEqual([])
}

interface PageAfter {
  readonly createdAt: number
  readonly identifier: string
}

type PaymentsQuery = SelectQueryBuilder<Database, 'payments', Record<string, unknown>>
type PaymentFilter = (eb: ExpressionBuilder<Database, 'payments'>) => Expression<SqlBool>

/** One ledger page, newest first, after the last row of the previous page (keyset, no OFFSET). */
function ledgerPage(filter: PaymentFilter, after?: PageAfter): PaymentsQuery {
  return store.db
    .selectFrom('payments')
    .selectAll()
    .where((eb) =>
      eb.and([
        eb('network_id', '=', 'mainnet'),
        filter(eb),
        ...(after
          ? [eb(eb.refTuple('created_at', 'identifier'), '<', eb.tuple(BigInt(after.createdAt), after.identifier))]
          : [])
      ])
    )
    .orderBy('created_at', 'desc')
    .orderBy('identifier', 'desc')
    .limit(100)
}

const anyPayment: PaymentFilter = (eb) => eb.and([])
const after: PageAfter = { createdAt: Date.UTC(2025, 5, 1), identifier: PAYMENT_ID }

describe('the ledger query plans', () => {
  it.each([
    ['newest first, first page', ledgerPageOf(anyPayment), 'payments_by_time'],
    ['newest first, next page', ledgerPageOf(anyPayment, after), 'payments_by_time'],
    [
      'within a period',
      ledgerPageOf((eb) => eb.and([eb('created_at', '>=', 1n), eb('created_at', '<', 2n)]), after),
      'payments_by_time'
    ],
    ['by status', ledgerPageOf((eb) => eb('status', '=', 'submitted'), after), 'payments_by_status'],
    ['by direction', ledgerPageOf((eb) => eb('direction', '=', 'app_to_user'), after), 'payments_by_direction'],
    ['by user', ledgerPageOf((eb) => eb('user_uid', '=', 'user-7f3a'), after), 'payments_by_user'],
    ['by exact amount', ledgerPageOf((eb) => eb('amount_stroops', '=', 31_400_000n), after), 'payments_by_amount']
  ])('pages %s through its index', (_case, query, index) => {
    expectIndexedPlan(planOf(query()), index)
  })

  it('finds a payment by txid through its index', () => {
    const query = store.db.selectFrom('payments').selectAll().where('txid', '=', 'ab'.repeat(32))
    expectIndexedPlan(planOf(query), 'payments_by_txid')
  })

  it('lists what still needs re-polling from the partial index, oldest poll first', () => {
    const query = store.db
      .selectFrom('payments')
      .select('identifier')
      .where('network_id', '=', 'mainnet')
      .where('pi_final', '=', 0n)
      .orderBy('last_polled_at')
      .limit(50)
    expectIndexedPlan(planOf(query), 'payments_to_repoll')
  })

  it('sums the refunds of a payment through its index', () => {
    const query = store.db
      .selectFrom('payments')
      .select((eb) => eb.fn.sum<bigint>('amount_stroops').as('refunded'))
      .where('refund_of', '=', PAYMENT_ID)
    expectIndexedPlan(planOf(query), 'payments_by_refund_of')
  })

  it('searches words through the full-text index and joins payments by primary key', () => {
    const query = store.db
      .selectFrom('payments_search')
      .innerJoin('payments', 'payments.identifier', 'payments_search.identifier')
      .select(['payments.identifier', 'payments.amount_stroops'])
      .where(sql<boolean>`payments_search MATCH ${'loaves'}`)
      .where('payments.network_id', '=', 'mainnet')
    const plan = planOf(query)
    expect(plan.some((step) => /SCAN payments_search VIRTUAL TABLE INDEX/.test(step)), plan.join(' | ')).toBe(true)
    expectIndexedPlan(plan, 'sqlite_autoindex_payments_1')
  })
})

describe('the sync, verification and audit query plans', () => {
  it.each([
    [
      'operations of a transaction',
      () =>
        store.db
          .selectFrom('chain_operations')
          .selectAll()
          .where('network_id', '=', 'mainnet')
          .where('transaction_hash', '=', 'cd'.repeat(32)),
      'chain_operations_by_transaction'
    ],
    [
      'operations of a payment',
      () => store.db.selectFrom('chain_operations').selectAll().where('payment_identifier', '=', PAYMENT_ID),
      'chain_operations_by_payment'
    ],
    [
      'operations still waiting for a Pi lookup',
      () =>
        store.db
          .selectFrom('chain_operations')
          .selectAll()
          .where('network_id', '=', 'mainnet')
          .where('classification', '=', 'unresolved')
          .orderBy('created_at')
          .limit(200),
      'chain_operations_unresolved'
    ],
    [
      'operations in a period',
      () =>
        store.db
          .selectFrom('chain_operations')
          .select((eb) => eb.fn.sum<bigint>('amount_stroops').as('total'))
          .where('network_id', '=', 'mainnet')
          .where('created_at', '>=', 1n)
          .where('created_at', '<', 2n),
      'chain_operations_by_time'
    ],
    [
      'audit history of a payment',
      () =>
        store.db.selectFrom('audit_log').selectAll().where('subject', '=', `payment:${PAYMENT_ID}`).orderBy('seq', 'desc'),
      'audit_log_by_subject'
    ]
  ])('reads %s through its index', (_case, query, index) => {
    expectIndexedPlan(planOf(query()), index)
  })
})

describe('keyset pages', () => {
  it('walk every payment of a network exactly once, newest first, even when times tie', async () => {
    const at = (minute: number) => Date.UTC(2025, 5, 1, 12, minute)
    const mainnet = [
      ['p1', at(1)],
      ['p2', at(2)],
      ['p3', at(2)],
      ['p4', at(2)],
      ['p5', at(3)],
      ['p6', at(4)],
      ['p7', at(4)]
    ].map(([label, createdAt]) => [paymentId(String(label)), Number(createdAt)] as const)
    for (const [identifier, createdAt] of mainnet) {
      await store.db
        .insertInto('payments')
        .values(paymentRow({ identifier, created_at: createdAt, network_id: 'mainnet', network: 'Pi Network' }))
        .execute()
    }
    await store.db.insertInto('payments').values(paymentRow({ identifier: paymentId('sandbox1'), created_at: at(3) })).execute()

    const seen: string[] = []
    let cursor: PageAfter | undefined
    for (;;) {
      const page = await ledgerPage(anyPayment, cursor).clearLimit().limit(3).execute()
      if (page.length === 0) break
      seen.push(...page.map((row) => String(row.identifier)))
      const last = page[page.length - 1] as { created_at: bigint; identifier: string }
      cursor = { createdAt: Number(last.created_at), identifier: last.identifier }
    }
    expect(seen).toEqual(['p7', 'p6', 'p5', 'p4', 'p3', 'p2', 'p1'].map(paymentId))
  })
})

function ledgerPageOf(filter: PaymentFilter, afterRow?: PageAfter): () => PaymentsQuery {
  return () => ledgerPage(filter, afterRow)
}
