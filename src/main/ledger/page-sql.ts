// The one place ledger SQL is written. Every value is a bound parameter (search text included:
// it reaches FTS5 as a parameter too, already quoted by search-terms.ts); the only text spliced
// in comes from fixed tables in this folder (column and index names).
import type { DisplayStatus } from '../../shared/payments'
import { chooseAccessPath, type AccessPath, type PlanHints } from './access-path'
import type { NormalizedFilter, NormalizedQuery } from './normalize-query'
import { LEDGER_ROW_COLUMNS } from './row-mapping'
import { SORT_KEYS, type KeyColumn, type KeyValue } from './sort-keys'
import type { LedgerSort } from './types'

export interface BuiltSql {
  readonly sql: string
  readonly params: readonly unknown[]
  readonly path: AccessPath
}

interface Terms {
  readonly sql: string[]
  readonly params: unknown[]
}

/** One page: `limit` + 1 rows, so the caller knows whether another page follows. */
export function pageSql(query: NormalizedQuery, after: readonly KeyValue[] | null, hints?: PlanHints): BuiltSql {
  const ordered = orderedSelect(query.networkId, query.filter, query.sort, after, LEDGER_ROW_COLUMNS, hints)
  return { sql: `${ordered.sql} LIMIT ?`, params: [...ordered.params, BigInt(query.limit + 1)], path: ordered.path }
}

/**
 * Every payment the filter matches, in the sort's order, with no page limit: the same index
 * choice and the same WHERE clause as the ledger's pages, so an export of "what the ledger shows"
 * is exactly that set. `columns` is a select list over `payments AS p` (it may hold correlated
 * subqueries); it is spliced in as written, so it must come from code, never from input.
 */
export function wholeSetSql(networkId: string, filter: NormalizedFilter, sort: LedgerSort, columns: string, hints?: PlanHints): BuiltSql {
  return orderedSelect(networkId, filter, sort, null, columns, hints)
}

function orderedSelect(
  networkId: string,
  filter: NormalizedFilter,
  sort: LedgerSort,
  after: readonly KeyValue[] | null,
  columns: string,
  hints?: PlanHints
): BuiltSql {
  const path = chooseAccessPath(filter, sort, hints)
  const common = filterTerms(networkId, filter, path, after === null ? null : sort)
  const from = `FROM payments AS p INDEXED BY ${path.index}`
  const orderBy = SORT_KEYS[sort.column].map((column) => `${column} ${sort.order === 'desc' ? 'DESC' : 'ASC'}`)
  const tail = `ORDER BY ${orderBy.join(', ')}`

  if (!path.armPerStatus) {
    const terms = copy(common)
    statusTerm(terms, filter.statuses)
    if (after !== null && !keysetTerm(terms, sort, after, fixedLeadingValue(filter, sort))) terms.sql.push('0')
    const sql = `SELECT ${columns} ${from} WHERE ${terms.sql.join(' AND ')} ${tail}`
    return { sql, params: terms.params, path }
  }
  // One range per status, each already in sort order; SQLite merges them and stops at the limit.
  // Under a status sort, the statuses the cursor has already passed get no arm at all.
  const arms: string[] = []
  const params: unknown[] = []
  for (const status of filter.statuses) {
    const terms = copy(common)
    statusTerm(terms, [status])
    if (after !== null && !keysetTerm(terms, sort, after, sort.column === 'status' ? status : undefined)) continue
    arms.push(`SELECT ${columns} ${from} WHERE ${terms.sql.join(' AND ')}`)
    params.push(...terms.params)
  }
  if (arms.length === 0) arms.push(`SELECT ${columns} ${from} WHERE 0`)
  return { sql: `${arms.join(' UNION ALL ')} ${tail}`, params, path }
}

/** Counts matching payments, stopping after `cap` + 1 so a broad filter stays cheap. */
export function countSql(query: NormalizedQuery, cap: number): BuiltSql {
  // Counting needs no order: any path for the filter will do, and statuses stay one IN list.
  const newestFirst = { column: 'created_at', order: 'desc' } as const
  const path = { ...chooseAccessPath(query.filter, newestFirst), armPerStatus: false }
  const terms = filterTerms(query.networkId, query.filter, path, null)
  statusTerm(terms, query.filter.statuses)
  return {
    sql: `SELECT count(*) FROM (SELECT 1 FROM payments AS p INDEXED BY ${path.index} WHERE ${terms.sql.join(' AND ')} LIMIT ?)`,
    params: [...terms.params, BigInt(cap + 1)],
    path
  }
}

/**
 * Every filter but the statuses (which pageSql may split into arms). `pagedBy` is the sort of a
 * page after the first: the cursor then bounds the sort column on one side (its row passed the
 * filter), so the filter's own bound on that side is left out. Two bounds on one column would
 * leave SQLite free to seek with the filter's and step over every earlier page row by row.
 */
function filterTerms(networkId: string, filter: NormalizedFilter, path: AccessPath, pagedBy: LedgerSort | null): Terms {
  const terms: Terms = { sql: ['p.network_id = ?'], params: [networkId] }
  const add = (sql: string, ...params: unknown[]) => {
    terms.sql.push(sql)
    terms.params.push(...params)
  }
  const leading = pagedBy === null ? null : SORT_KEYS[pagedBy.column][0]
  const boundedByCursor = (column: KeyColumn, side: 'lower' | 'upper') =>
    leading === column && (pagedBy?.order === 'desc' ? 'upper' : 'lower') === side

  if (filter.direction !== null) add('p.direction = ?', filter.direction)
  if (filter.period !== null) {
    const { field, from, to } = filter.period
    if (from !== null && !(field === 'created_at' && boundedByCursor('created_at', 'lower'))) add(`p.${field} >= ?`, from)
    if (to !== null && !(field === 'created_at' && boundedByCursor('created_at', 'upper'))) add(`p.${field} < ?`, to)
  }
  if (filter.amount !== null) {
    const { min, max } = filter.amount
    if (min !== null && !boundedByCursor('amount_stroops', 'lower')) add('p.amount_stroops >= ?', min)
    if (max !== null && !boundedByCursor('amount_stroops', 'upper')) add('p.amount_stroops <= ?', max)
  }
  if (filter.chainCheck !== null) {
    add('p.chain_check = ?', filter.chainCheck)
    // The partial index may only be used where the query itself implies its WHERE clause.
    if (path.index === 'payments_by_chain_check') add(`p.chain_check <> 'verified'`)
  }
  // refund_count > 0 is also the WHERE of payments_with_refunds, so this term lets it be used.
  if (filter.hasRefunds !== null) add(filter.hasRefunds ? 'p.refund_count > 0' : 'p.refund_count = 0')
  if (filter.userUid !== null) add('p.user_uid = ?', filter.userUid)
  if (filter.search !== null) {
    add('p.identifier IN (SELECT identifier FROM payments_search WHERE payments_search MATCH ?)', filter.search.match)
  }
  return terms
}

function statusTerm(terms: Terms, statuses: readonly DisplayStatus[]): void {
  if (statuses.length === 0) return
  terms.sql.push(statuses.length === 1 ? 'p.status = ?' : `p.status IN (${statuses.map(() => '?').join(', ')})`)
  terms.params.push(...statuses)
}

/** The value a filter pins the sort column to (status, direction or user), if it does. */
function fixedLeadingValue(filter: NormalizedFilter, sort: LedgerSort): KeyValue | undefined {
  if (sort.column === 'status' && filter.statuses.length === 1) return filter.statuses[0]
  if (sort.column === 'direction' && filter.direction !== null) return filter.direction
  if (sort.column === 'user_uid' && filter.userUid !== null) return filter.userUid
  return undefined
}

/**
 * Rows after the cursor's row, in the sort's direction: (a, created_at, identifier) < (...) for a
 * descending sort. When the filter pins `a` to one value, the comparison is decided for `a` up
 * front and only (created_at, identifier) is compared, which SQLite can seek with; a row value
 * starting with a column fixed by `=` is only checked row by row. False when no row can follow.
 */
function keysetTerm(terms: Terms, sort: LedgerSort, after: readonly KeyValue[], fixed: KeyValue | undefined): boolean {
  let columns = SORT_KEYS[sort.column]
  let values = after
  if (fixed !== undefined) {
    const order = compareKeys(fixed, after[0] as KeyValue)
    if (sort.order === 'desc' ? order > 0 : order < 0) return false // every row of this value was listed
    if (order !== 0) return true // every row of this value comes after the cursor
    columns = columns.slice(1)
    values = after.slice(1)
  }
  const comparison = sort.order === 'desc' ? '<' : '>'
  const row = columns.map((column) => `p.${column}`)
  terms.sql.push(
    row.length === 1 ? `${row[0]} ${comparison} ?` : `(${row.join(', ')}) ${comparison} (${row.map(() => '?').join(', ')})`
  )
  terms.params.push(...values)
  return true
}

/** SQLite's order for these values: integers numerically, text by its UTF-8 bytes (BINARY). */
function compareKeys(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)))
}

function copy(terms: Terms): Terms {
  return { sql: [...terms.sql], params: [...terms.params] }
}
