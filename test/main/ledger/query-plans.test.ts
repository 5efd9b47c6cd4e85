// Every ledger filter and sort reads through the index access-path.ts chose for it, and a page
// of a sort that index serves never sorts: SQLite walks the index and stops after a page. The
// plan does not depend on how many rows exist (no statistics are gathered, see db/open.ts), so an
// empty database shows the plan a million payments get.
//
// Where a filter picks a small set first (search, one user, refunded payments, a failed or
// unchecked chain check), other sorts do sort that set ("USE TEMP B-TREE FOR ORDER BY"): that is
// listed below as the documented exception, and nothing else may sort.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import { LEDGER_SORT_COLUMNS } from '../../../src/shared/contract/ledger'
import type { LedgerSort, PaymentFilter } from '../../../src/main/ledger'
import { chooseAccessPath, type PlanHints } from '../../../src/main/ledger/access-path'
import { normalizeQuery } from '../../../src/main/ledger/normalize-query'
import { countSql, pageSql } from '../../../src/main/ledger/page-sql'
import { SORT_KEYS, type KeyValue } from '../../../src/main/ledger/sort-keys'
import { sqliteOnly } from '../../support'

const PLAN_REASON = "EXPLAIN QUERY PLAN is SQLite's: PostgreSQL plans are checked by its own benchmarks"

let store: MerchantDb
beforeAll(async () => {
  store = openDatabase(':memory:')
})
afterAll(() => store.close())

function planOf(sql: string, params: readonly unknown[]): string[] {
  const rows = store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
  return rows.map((row) => row.detail)
}

/** Plan steps that read `payments AS p` (not the refund-total subquery of each row). */
const mainSteps = (plan: string[]) => plan.filter((step) => /^(SCAN|SEARCH) p\b/.test(step))

const FILTERS: ReadonlyArray<readonly [string, PaymentFilter]> = [
  ['no filter', {}],
  ['one status', { statuses: ['completed'] }],
  ['two statuses', { statuses: ['submitted', 'verified'] }],
  ['a direction', { direction: 'user_to_app' }],
  ['a status and a direction', { statuses: ['completed'], direction: 'user_to_app' }],
  ['a creation period', { period: { field: 'created_at', from: new Date(1), to: new Date(2) } }],
  ['a first-seen period', { period: { field: 'first_seen_at', from: new Date(1), to: new Date(2) } }],
  ['an amount range', { amount: { min: 1n, max: 2n } }],
  ['a verified chain check', { chainCheck: 'verified' }],
  ['a failed chain check', { chainCheck: 'failed' }],
  ['an unchecked chain', { chainCheck: 'unchecked' }],
  ['payments with refunds', { hasRefunds: true }],
  ['payments without refunds', { hasRefunds: false }],
  ['one user', { userUid: 'user-7f3a' }],
  ['a search', { search: 'loaves a1B2' }]
]
const SORTS: LedgerSort[] = LEDGER_SORT_COLUMNS.flatMap((column) => [
  { column, order: 'desc' as const },
  { column, order: 'asc' as const }
])

/** A cursor position consistent with the filter (a real one always is: its row passed it). */
function cursorKey(filter: PaymentFilter, sort: LedgerSort): KeyValue[] {
  const leading: Record<string, KeyValue> = {
    created_at: 1_700_000_000_000n,
    amount_stroops: 31_400_000n,
    status: filter.statuses?.[0] ?? 'completed',
    direction: filter.direction ?? 'user_to_app',
    user_uid: filter.userUid ?? 'user-7f3a',
    identifier: 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'
  }
  return SORT_KEYS[sort.column].map((column) => leading[column] as KeyValue)
}

const FEW: PlanHints = { manyRefunds: false }
const MANY: PlanHints = { manyRefunds: true }
const cases = [
  ...FILTERS.map(([name, filter]) => [name, filter, FEW] as const),
  ['payments with refunds, when refunds are many', { hasRefunds: true } as PaymentFilter, MANY] as const
].flatMap(([name, filter, hints]) =>
  SORTS.map((sort) => [`${name}, by ${sort.column} ${sort.order}`, filter, sort, hints] as const)
)
const pathOf = (filter: PaymentFilter, sort: LedgerSort, hints: PlanHints) =>
  chooseAccessPath(normalizeQuery({ networkId: 'mainnet', filter, sort }).filter, sort, hints)

sqliteOnly(PLAN_REASON)('ledger page plans', () => {
  it.each(cases)('%s reads through its index', async (_name, filter, sort, hints) => {
    const query = normalizeQuery({ networkId: 'mainnet', filter, sort })
    const path = pathOf(filter, sort, hints)
    for (const after of [null, cursorKey(filter, sort)]) {
      const { sql, params } = pageSql(store.db, query, after, hints)
      const plan = planOf(sql, params)
      const steps = mainSteps(plan)
      const context = plan.join(' | ')
      expect(steps.length, context).toBeGreaterThan(0)
      for (const step of steps) expect(step, context).toMatch(new RegExp(`USING INDEX ${path.index}\\b`))
      // Only the primary key may be walked end to end (the identifier sort, across networks).
      const scans = steps.filter((step) => step.startsWith('SCAN'))
      if (scans.length > 0) expect(path.index, context).toBe('sqlite_autoindex_payments_1')
      expect(plan.includes('USE TEMP B-TREE FOR ORDER BY'), context).toBe(!path.ordered)
      expect(plan.some((step) => step.includes('TEMP B-TREE FOR RIGHT PART OF ORDER BY')), context).toBe(false)
    }
  })

  it.each(cases.filter(([, filter, sort, hints]) => pathOf(filter, sort, hints).ordered && sort.column !== 'identifier'))(
    '%s seeks the next page from the cursor instead of stepping over earlier pages',
    (_name, filter, sort, hints) => {
      const query = normalizeQuery({ networkId: 'mainnet', filter, sort })
      const { sql, params } = pageSql(store.db, query, cursorKey(filter, sort), hints)
      const steps = mainSteps(planOf(sql, params))
      const seeks = (step: string) => /\(created_at,identifier\)[<>]\(\?,\?\)|,created_at,identifier\)[<>]\(\?,\?,\?\)/.test(step)
      expect(steps.filter(seeks).length).toBeGreaterThan(0)
      // Under a status sort, the arm of a status wholly after the cursor starts at its beginning.
      const others = steps.filter((step) => !seeks(step))
      for (const step of others) expect(step).toMatch(/^SEARCH p USING INDEX payments_by_status \(network_id=\? AND status=\?\)$/)
      if (others.length > 0) expect(sort.column).toBe('status')
    }
  )

  it('sorts a small set first only for the filters documented in access-path.ts', async () => {
    const unordered = cases
      .filter(([, filter, sort, hints]) => !pathOf(filter, sort, hints).ordered)
      .map(([name]) => name.split(', by ')[0])
    expect(new Set(unordered)).toEqual(
      new Set(['a failed chain check', 'an unchecked chain', 'payments with refunds', 'one user', 'a search'])
    )
  })

  it.each([
    ['newest first within a status', { statuses: ['completed'] }, 'created_at', 'payments_by_status'],
    ['largest first within a status', { statuses: ['completed'] }, 'amount', 'payments_by_status_amount'],
    ['newest first within a direction', { direction: 'app_to_user' }, 'created_at', 'payments_by_direction'],
    ['largest first within a direction', { direction: 'app_to_user' }, 'amount', 'payments_by_direction_amount'],
    ['newest first in the queue (two statuses)', { statuses: ['submitted', 'verified'] }, 'created_at', 'payments_by_status'],
    ['newest first within a period', { period: { field: 'created_at', from: new Date(1), to: new Date(9) } }, 'created_at', 'payments_by_time'],
    ['largest first within an amount range', { amount: { min: 1n, max: 9n } }, 'amount', 'payments_by_amount']
  ] as const)('pages the common sort %s without sorting', (_name, filter, column, index) => {
    const query = normalizeQuery({ networkId: 'mainnet', filter, sort: { column, order: 'desc' } })
    const { sql, params } = pageSql(store.db, query, null)
    const plan = planOf(sql, params)
    expect(mainSteps(plan).every((step) => step.startsWith(`SEARCH p USING INDEX ${index} (network_id=?`)), plan.join(' | ')).toBe(true)
    expect(plan.some((step) => step.includes('TEMP B-TREE'))).toBe(false)
  })

  it('merges one index range per status instead of sorting several statuses', async () => {
    const query = normalizeQuery({ networkId: 'mainnet', filter: { statuses: ['approved', 'created', 'submitted'] } })
    const plan = planOf(pageSql(store.db, query, null).sql, pageSql(store.db, query, null).params)
    expect(plan.filter((step) => step === 'MERGE (UNION ALL)')).toHaveLength(2)
    expect(mainSteps(plan)).toHaveLength(3)
  })

  it('uses the search index for a search and the refund index for each row total', async () => {
    const query = normalizeQuery({ networkId: 'mainnet', filter: { search: 'loaves' } })
    const plan = planOf(pageSql(store.db, query, null).sql, pageSql(store.db, query, null).params)
    expect(plan.some((step) => /^SCAN payments_search VIRTUAL TABLE INDEX/.test(step)), plan.join(' | ')).toBe(true)
    expect(plan.some((step) => step.startsWith('SEARCH r USING INDEX payments_by_refund_of (refund_of=?)'))).toBe(true)
  })
})

sqliteOnly(PLAN_REASON)('count plans', () => {
  it.each(FILTERS)('counts %s through an index, never the table', async (_name, filter) => {
    const { sql, params, path } = countSql(store.db, normalizeQuery({ networkId: 'mainnet', filter }), 100)
    const steps = mainSteps(planOf(sql, params))
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) expect(step).toMatch(new RegExp(`^SEARCH p USING (COVERING )?INDEX ${path.index}\\b`))
  })
})
