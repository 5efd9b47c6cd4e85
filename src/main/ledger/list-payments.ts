// The ledger's page query and count: keyset pages over an index chosen by access-path.ts.
import type { MerchantDb } from '../db/open'
import { REFUNDED_SET_LIMIT, type PlanHints } from './access-path'
import { decodeCursor, encodeCursor } from './cursor'
import { searchTooBroad } from './ledger-errors'
import { filterFingerprint, normalizeQuery, type NormalizedQuery } from './normalize-query'
import { countSql, pageSql } from './page-sql'
import { toLedgerRow, type LedgerRowRecord } from './row-mapping'
import { cachedStatement } from './statement-cache'
import { SORT_KEYS, type KeyValue } from './sort-keys'
import type { LedgerPage, LedgerQuery, PaymentCount } from './types'

/**
 * A search may match at most this many payments (across networks). Its page sorts every match, so
 * a word found in every memo would sort the whole ledger for each page; past this the merchant is
 * asked to narrow it down.
 */
export const SEARCH_MATCH_LIMIT = 5000
/** countPayments stops here by default and reports `exact: false`. */
export const DEFAULT_COUNT_CAP = 100_000

export function listPayments(store: MerchantDb, query: LedgerQuery): LedgerPage {
  const normalized = normalizeQuery(query)
  return pageUnder(store, normalized, planHints(store, normalized))
}

/** One page with the plan hints given, not learned from the data: for tests of each path. */
export function pageUnder(store: MerchantDb, normalized: NormalizedQuery, hints: PlanHints): LedgerPage {
  const fingerprint = filterFingerprint(normalized.networkId, normalized.filter)
  const after = normalized.cursor === null ? null : decodeCursor(normalized.cursor, normalized.sort, fingerprint)
  checkSearchBreadth(store, normalized)

  const { sql, params } = pageSql(normalized, after, hints)
  const records = cachedStatement(store.sqlite, sql).all(...params) as LedgerRowRecord[]
  const hasMore = records.length > normalized.limit
  const pageRecords = hasMore ? records.slice(0, normalized.limit) : records
  const now = store.now()
  const last = pageRecords[pageRecords.length - 1]
  return {
    rows: pageRecords.map((record) => toLedgerRow(record, now)),
    nextCursor: hasMore && last ? encodeCursor(normalized.sort, fingerprint, sortKeyOf(last, normalized)) : null
  }
}

/** How many payments match the query's filter (its sort, cursor and limit are ignored). */
export function countPayments(store: MerchantDb, query: LedgerQuery, cap = DEFAULT_COUNT_CAP): PaymentCount {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError('The count cap must be a positive integer.')
  const normalized = normalizeQuery({ ...query, cursor: null })
  checkSearchBreadth(store, normalized)
  const { sql, params } = countSql(normalized, cap)
  const counted = Number(store.sqlite.prepare(sql).pluck().get(...params) as bigint)
  return counted > cap ? { count: cap, exact: false } : { count: counted, exact: true }
}

export function checkSearchBreadth(store: MerchantDb, query: NormalizedQuery): void {
  const search = query.filter.search
  if (search === null) return
  const matches = store.sqlite
    .prepare('SELECT count(*) FROM (SELECT 1 FROM payments_search WHERE payments_search MATCH ? LIMIT ?)')
    .pluck()
    .get(search.match, BigInt(SEARCH_MATCH_LIMIT + 1)) as bigint
  if (matches > BigInt(SEARCH_MATCH_LIMIT)) throw searchTooBroad(search.text, SEARCH_MATCH_LIMIT)
}

function planHints(store: MerchantDb, query: NormalizedQuery): PlanHints {
  if (query.filter.hasRefunds !== true) return { manyRefunds: false }
  const refunded = store.sqlite
    .prepare(
      `SELECT count(*) FROM (SELECT 1 FROM payments INDEXED BY payments_with_refunds
         WHERE network_id = ? AND refund_count > 0 LIMIT ?)`
    )
    .pluck()
    .get(query.networkId, BigInt(REFUNDED_SET_LIMIT + 1)) as bigint
  return { manyRefunds: refunded > BigInt(REFUNDED_SET_LIMIT) }
}

function sortKeyOf(record: LedgerRowRecord, query: NormalizedQuery): KeyValue[] {
  return SORT_KEYS[query.sort.column].map((column) => record[column])
}
