// The one place the ledger's queries are built. Every value is a bound parameter (search text
// included: it reaches FTS5 as a parameter too, already quoted by search-terms.ts); the only names
// that reach SQL come from fixed tables in this folder (columns and indexes). SQLite's INDEXED BY
// and FTS5 MATCH come from src/main/db/sql.
import { CompiledQuery, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely'
import { expressionBuilder, sql } from 'kysely'
import type { DisplayStatus } from '../../shared/payments'
import { isPostgres, paymentsMatching, indexedBy, type Database, type PaymentsTable } from '../db'
import { chooseAccessPath, type AccessPath, type PlanHints } from './access-path'
import type { NormalizedFilter, NormalizedQuery } from './normalize-query'
import type { OverPayments } from './payment-chain'
import { ledgerRowColumns, type LedgerRowRecord } from './row-mapping'
import { SORT_KEYS, type KeyColumn, type KeyValue } from './sort-keys'
import type { LedgerSort } from './types'

/** The tables of a query over `payments AS p`. */
export type PaymentsDb = Database & { p: PaymentsTable }
/** `SELECT ... FROM payments AS p INDEXED BY ...`, before its select list. */
export type PaymentsFrom = SelectQueryBuilder<PaymentsDb, 'p', object>
/** A select list over `payments AS p`, written in code (never from input). */
export type PaymentsSelect<O> = (from: PaymentsFrom) => SelectQueryBuilder<PaymentsDb, 'p', O>

export interface BuiltQuery<O> {
  readonly query: SelectQueryBuilder<PaymentsDb, 'p', O>
  readonly path: AccessPath
}

/** A built query as SQL text and parameters (for EXPLAIN QUERY PLAN in tests). */
export interface BuiltSql {
  readonly sql: string
  readonly params: readonly unknown[]
  readonly path: AccessPath
}

export function compiled(built: { readonly query: { compile(): { sql: string; parameters: readonly unknown[] } }; readonly path: AccessPath }): BuiltSql {
  const { sql: text, parameters } = built.query.compile()
  return { sql: text, params: parameters, path: built.path }
}

/** Built once: expressions are immutable, and this list (with its correlated subqueries) is most of a page query's nodes. */
const LEDGER_ROW_SELECTION = ledgerRowColumns(expressionBuilder<PaymentsDb, 'p'>())
const ledgerRow: PaymentsSelect<LedgerRowRecord> = (from) => from.select(LEDGER_ROW_SELECTION)

/** One page: `limit` + 1 rows, so the caller knows whether another page follows. */
export function pageQuery(
  db: Kysely<Database>,
  query: NormalizedQuery,
  after: readonly KeyValue[] | null,
  hints?: PlanHints
): BuiltQuery<LedgerRowRecord> {
  const ordered = orderedSelect(db, query.networkId, query.filter, query.sort, after, ledgerRow, hints)
  return { query: ordered.query.limit(query.limit + 1), path: ordered.path }
}

/** Stand-ins for the values a page binds; each is replaced by the real value in the compiled parameters. */
const STAND_IN = {
  networkId: Symbol('networkId'),
  from: Symbol('period from'),
  to: Symbol('period to'),
  min: Symbol('amount min'),
  max: Symbol('amount max'),
  userUid: Symbol('userUid'),
  search: Symbol('search'),
  after: [Symbol('after 0'), Symbol('after 1'), Symbol('after 2')]
} as const

/** Compiled page queries by shape (SQLite's dialect only, so one table serves every connection). */
const compiledShapes = new Map<string, CompiledQuery>()
const MAX_SHAPES = 200

/**
 * One page as a compiled query. A page's SQL depends only on its shape (which filters are set,
 * the sort, whether a cursor is given, the limit), not on the values, so each shape is built and
 * compiled once, with stand-ins where values go, and later pages of that shape bind their values
 * in the stand-ins' places: building and compiling a page query costs more than a tenth of a
 * millisecond, as much as a quarter of a page's whole time on a ledger of 200,000 payments.
 * A filter that pins the sort column (a status, direction or user sort filtered to one value)
 * compares values while building, so it is built each time.
 */
export function compiledPage(
  db: Kysely<Database>,
  query: NormalizedQuery,
  after: readonly KeyValue[] | null,
  hints?: PlanHints
): CompiledQuery<LedgerRowRecord> {
  const { filter, sort } = query
  const path = chooseAccessPath(filter, sort, hints)
  // The shapes are SQLite's SQL (and its search binds FTS5's match text); a team database's pages
  // are built each time (its round trip dwarfs the build).
  if (isPostgres(db) || fixedLeadingValue(filter, sort) !== undefined || (path.armPerStatus && sort.column === 'status')) {
    return pageQuery(db, query, after, hints).query.compile()
  }
  const key = JSON.stringify({
    statuses: filter.statuses,
    direction: filter.direction,
    period: filter.period === null ? null : [filter.period.field, filter.period.from !== null, filter.period.to !== null],
    amount: filter.amount === null ? null : [filter.amount.min !== null, filter.amount.max !== null],
    chainCheck: filter.chainCheck,
    hasRefunds: filter.hasRefunds,
    userUid: filter.userUid !== null,
    search: filter.search !== null,
    sort: [sort.column, sort.order],
    after: after === null ? null : after.length,
    limit: query.limit,
    hints: hints ?? null
  })
  let shape = compiledShapes.get(key)
  if (shape === undefined) {
    const standIn = <T>(value: T | null, symbol: symbol): T | null => (value === null ? null : (symbol as unknown as T))
    const template: NormalizedQuery = {
      ...query,
      networkId: STAND_IN.networkId as unknown as NormalizedQuery['networkId'],
      filter: {
        ...filter,
        period: filter.period === null ? null : { ...filter.period, from: standIn(filter.period.from, STAND_IN.from), to: standIn(filter.period.to, STAND_IN.to) },
        amount: filter.amount === null ? null : { min: standIn(filter.amount.min, STAND_IN.min), max: standIn(filter.amount.max, STAND_IN.max) },
        userUid: standIn(filter.userUid, STAND_IN.userUid),
        search: filter.search === null ? null : { ...filter.search, match: STAND_IN.search as unknown as string }
      }
    }
    const afterStandIns = after === null ? null : after.map((_, index) => STAND_IN.after[index] as unknown as KeyValue)
    shape = pageQuery(db, template, afterStandIns, hints).query.compile()
    if (compiledShapes.size >= MAX_SHAPES) compiledShapes.delete(compiledShapes.keys().next().value as string)
    compiledShapes.set(key, shape)
  }
  const values = new Map<unknown, unknown>([
    [STAND_IN.networkId, query.networkId],
    [STAND_IN.from, filter.period?.from],
    [STAND_IN.to, filter.period?.to],
    [STAND_IN.min, filter.amount?.min],
    [STAND_IN.max, filter.amount?.max],
    [STAND_IN.userUid, filter.userUid],
    [STAND_IN.search, filter.search?.match],
    ...(after ?? []).map((value, index) => [STAND_IN.after[index], value] as const)
  ])
  const parameters = shape.parameters.map((value) => (values.has(value) ? values.get(value) : value))
  return CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<LedgerRowRecord>
}

export function pageSql(db: Kysely<Database>, query: NormalizedQuery, after: readonly KeyValue[] | null, hints?: PlanHints): BuiltSql {
  return compiled(pageQuery(db, query, after, hints))
}

/**
 * Every payment the filter matches, in the sort's order, with no page limit: the same index
 * choice and the same WHERE clause as the ledger's pages, so an export of "what the ledger shows"
 * is exactly that set. `select` may hold correlated subqueries over `p`.
 */
export function wholeSetQuery<O>(
  db: Kysely<Database>,
  networkId: string,
  filter: NormalizedFilter,
  sort: LedgerSort,
  select: PaymentsSelect<O>,
  hints?: PlanHints
): BuiltQuery<O> {
  return orderedSelect(db, networkId, filter, sort, null, select, hints)
}

export function orderedSelect<O>(
  db: Kysely<Database>,
  networkId: string,
  filter: NormalizedFilter,
  sort: LedgerSort,
  after: readonly KeyValue[] | null,
  select: PaymentsSelect<O>,
  hints?: PlanHints
): BuiltQuery<O> {
  const path = chooseAccessPath(filter, sort, hints)
  const from = () => db.selectFrom(indexedBy(db, 'payments', 'p', path.index))
  const inOrder = (query: SelectQueryBuilder<PaymentsDb, 'p', O>) =>
    SORT_KEYS[sort.column].reduce((ordered, column) => ordered.orderBy(sql.ref(column), sort.order), query)
  const arm = (statuses: readonly DisplayStatus[], keyset: ((eb: OverPayments) => Expression<SqlBool> | null) | null) =>
    select(from()).where((eb) => {
      const terms = filterTerms(eb, db, networkId, filter, path, after === null ? null : sort)
      const status = statusTerm(eb, statuses)
      if (status !== null) terms.push(status)
      const position = keyset === null ? null : keyset(eb)
      if (position !== null) terms.push(position)
      return eb.and(terms)
    })

  // PostgreSQL (15) does not merge UNION ALL arms in order: it would read every arm whole and sort.
  // One query over all the statuses lets its planner (it keeps statistics) choose.
  if (!path.armPerStatus || isPostgres(db)) {
    const fixed = fixedLeadingValue(filter, sort)
    const keyset = after === null ? null : (eb: OverPayments) => keysetTerm(eb, sort, after, fixed) ?? eb.lit(false)
    return { query: inOrder(arm(filter.statuses, keyset)), path }
  }
  // One range per status, each already in sort order; SQLite merges them and stops at the limit.
  // Under a status sort, the statuses the cursor has already passed get no arm at all.
  const arms: SelectQueryBuilder<PaymentsDb, 'p', O>[] = []
  for (const status of filter.statuses) {
    const fixed = sort.column === 'status' ? status : undefined
    if (after !== null && keysetDecided(sort, after, fixed) === 'none') continue
    const keyset = after === null ? null : (eb: OverPayments) => keysetTerm(eb, sort, after, fixed)
    arms.push(arm([status], keyset))
  }
  const [first, ...rest] = arms
  if (first === undefined) return { query: inOrder(select(from()).where((eb) => eb.lit(false))), path }
  return { query: inOrder(rest.reduce((union, next) => union.unionAll(next), first)), path }
}

/** Counts matching payments, stopping after `cap` + 1 so a broad filter stays cheap. */
export function countQuery(db: Kysely<Database>, query: NormalizedQuery, cap: number) {
  // Counting needs no order: any path for the filter will do, and statuses stay one IN list.
  const newestFirst = { column: 'created_at', order: 'desc' } as const
  const path: AccessPath = { ...chooseAccessPath(query.filter, newestFirst), armPerStatus: false }
  const matching = db
    .selectFrom(indexedBy(db, 'payments', 'p', path.index))
    .select((eb) => eb.lit(1).as('one'))
    .where((eb) => {
      const terms = filterTerms(eb, db, query.networkId, query.filter, path, null)
      const status = statusTerm(eb, query.filter.statuses)
      if (status !== null) terms.push(status)
      return eb.and(terms)
    })
    .limit(cap + 1)
  return {
    query: db.selectFrom(matching.as('m')).select((eb) => eb.fn.countAll<bigint>().as('count')),
    path
  }
}

export function countSql(db: Kysely<Database>, query: NormalizedQuery, cap: number): BuiltSql {
  return compiled(countQuery(db, query, cap))
}

/**
 * Every filter but the statuses (which orderedSelect may split into arms). `pagedBy` is the sort
 * of a page after the first: the cursor then bounds the sort column on one side (its row passed the
 * filter), so the filter's own bound on that side is left out. Two bounds on one column would
 * leave SQLite free to seek with the filter's and step over every earlier page row by row.
 */
function filterTerms(
  eb: OverPayments,
  db: Kysely<Database>,
  networkId: string,
  filter: NormalizedFilter,
  path: AccessPath,
  pagedBy: LedgerSort | null
): Expression<SqlBool>[] {
  const terms: Expression<SqlBool>[] = [eb('p.network_id', '=', networkId as PaymentsTable['network_id'])]
  const leading = pagedBy === null ? null : SORT_KEYS[pagedBy.column][0]
  const boundedByCursor = (column: KeyColumn, side: 'lower' | 'upper') =>
    leading === column && (pagedBy?.order === 'desc' ? 'upper' : 'lower') === side

  if (filter.direction !== null) terms.push(eb('p.direction', '=', filter.direction))
  if (filter.period !== null) {
    const { field, from, to } = filter.period
    const column = field === 'created_at' ? 'p.created_at' : 'p.first_seen_at'
    if (from !== null && !(field === 'created_at' && boundedByCursor('created_at', 'lower'))) terms.push(eb(column, '>=', from))
    if (to !== null && !(field === 'created_at' && boundedByCursor('created_at', 'upper'))) terms.push(eb(column, '<', to))
  }
  if (filter.amount !== null) {
    const { min, max } = filter.amount
    if (min !== null && !boundedByCursor('amount_stroops', 'lower')) terms.push(eb('p.amount_stroops', '>=', min))
    if (max !== null && !boundedByCursor('amount_stroops', 'upper')) terms.push(eb('p.amount_stroops', '<=', max))
  }
  if (filter.chainCheck !== null) {
    terms.push(eb('p.chain_check', '=', filter.chainCheck))
    // The partial index may only be used where the query itself implies its WHERE clause (a literal, not a parameter).
    if (path.index === 'payments_by_chain_check') terms.push(eb('p.chain_check', '<>', sql.lit('verified' as const)))
  }
  // refund_count > 0 is also the WHERE of payments_with_refunds, so this term (as a literal) lets it be used.
  if (filter.hasRefunds !== null) terms.push(eb('p.refund_count', filter.hasRefunds ? '>' : '=', sql.lit(0n)))
  if (filter.userUid !== null) terms.push(eb('p.user_uid', '=', filter.userUid))
  if (filter.search !== null) terms.push(eb('p.identifier', 'in', paymentsMatching(db, db, filter.search)))
  return terms
}

function statusTerm(eb: OverPayments, statuses: readonly DisplayStatus[]): Expression<SqlBool> | null {
  if (statuses.length === 0) return null
  return statuses.length === 1 ? eb('p.status', '=', statuses[0] as DisplayStatus) : eb('p.status', 'in', statuses)
}

/** The value a filter pins the sort column to (status, direction or user), if it does. */
function fixedLeadingValue(filter: NormalizedFilter, sort: LedgerSort): KeyValue | undefined {
  if (sort.column === 'status' && filter.statuses.length === 1) return filter.statuses[0]
  if (sort.column === 'direction' && filter.direction !== null) return filter.direction
  if (sort.column === 'user_uid' && filter.userUid !== null) return filter.userUid
  return undefined
}

/**
 * Where the rows of a pinned leading value stand against the cursor: all listed already ('none'),
 * all still to come ('all'), or the cursor is among them ('after').
 */
function keysetDecided(sort: LedgerSort, after: readonly KeyValue[], fixed: KeyValue | undefined): 'none' | 'all' | 'after' {
  if (fixed === undefined) return 'after'
  const order = compareKeys(fixed, after[0] as KeyValue)
  if (sort.order === 'desc' ? order > 0 : order < 0) return 'none'
  return order !== 0 ? 'all' : 'after'
}

/**
 * Rows after the cursor's row, in the sort's direction: (a, created_at, identifier) < (...) for a
 * descending sort. When the filter pins `a` to one value, the comparison is decided for `a` up
 * front and only (created_at, identifier) is compared, which SQLite can seek with; a row value
 * starting with a column fixed by `=` is only checked row by row. Null when no term is needed
 * (every row of the pinned value follows); false when no row can follow.
 */
function keysetTerm(eb: OverPayments, sort: LedgerSort, after: readonly KeyValue[], fixed: KeyValue | undefined): Expression<SqlBool> | null {
  const decided = keysetDecided(sort, after, fixed)
  if (decided === 'none') return eb.lit(false)
  if (decided === 'all') return null
  const columns = fixed === undefined ? SORT_KEYS[sort.column] : SORT_KEYS[sort.column].slice(1)
  const values = fixed === undefined ? after : after.slice(1)
  const comparison = sort.order === 'desc' ? '<' : '>'
  const ref = (column: KeyColumn) => `p.${column}` as const
  const value = (index: number) => values[index] as KeyValue
  switch (columns.length) {
    case 1:
      return eb(ref(columns[0] as KeyColumn), comparison, value(0))
    case 2:
      return eb(eb.refTuple(ref(columns[0] as KeyColumn), ref(columns[1] as KeyColumn)), comparison, eb.tuple(value(0), value(1)))
    default:
      return eb(
        eb.refTuple(ref(columns[0] as KeyColumn), ref(columns[1] as KeyColumn), ref(columns[2] as KeyColumn)),
        comparison,
        eb.tuple(value(0), value(1), value(2))
      )
  }
}

/** SQLite's order for these values: integers numerically, text by its UTF-8 bytes (BINARY). */
function compareKeys(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)))
}
