// The ledger's page query and count: keyset pages over an index chosen by access-path.ts.
import { sql } from 'kysely'
import { searchMatches, indexedBy } from '../db'
import type { MerchantDb } from '../db'
import { REFUNDED_SET_LIMIT, chooseAccessPath, type PlanHints } from './access-path'
import { decodeCursor, encodeCursor } from './cursor'
import { searchTooBroad } from './ledger-errors'
import { filterFingerprint, normalizeQuery, type NormalizedQuery } from './normalize-query'
import { compiledPage, countQuery } from './page-sql'
import { toLedgerRow, type LedgerRowRecord } from './row-mapping'
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

export async function listPayments(store: MerchantDb, query: LedgerQuery): Promise<LedgerPage> {
  const normalized = normalizeQuery(query)
  return pageUnder(store, normalized, await planHints(store, normalized))
}

/** One page with the plan hints given, not learned from the data: for tests of each path. */
export async function pageUnder(store: MerchantDb, normalized: NormalizedQuery, hints: PlanHints): Promise<LedgerPage> {
  const fingerprint = filterFingerprint(normalized.networkId, normalized.filter)
  const after = normalized.cursor === null ? null : decodeCursor(normalized.cursor, normalized.sort, fingerprint)
  await checkSearchBreadth(store, normalized)

  const { rows: records } = await store.db.executeQuery(compiledPage(store.db, normalized, after, hints))
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
export async function countPayments(store: MerchantDb, query: LedgerQuery, cap = DEFAULT_COUNT_CAP): Promise<PaymentCount> {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError('The count cap must be a positive integer.')
  const normalized = normalizeQuery({ ...query, cursor: null })
  await checkSearchBreadth(store, normalized)
  const { count } = await countQuery(store.db, normalized, cap).query.executeTakeFirstOrThrow()
  const counted = Number(count)
  return counted > cap ? { count: cap, exact: false } : { count: counted, exact: true }
}

export async function checkSearchBreadth(store: MerchantDb, query: NormalizedQuery): Promise<void> {
  const search = query.filter.search
  if (search === null) return
  const matching = store.db
    .selectFrom('payments_search')
    .select((eb) => eb.lit(1).as('one'))
    .where(searchMatches(store.db, search))
    .limit(SEARCH_MATCH_LIMIT + 1)
  const { matches } = await store.db
    .selectFrom(matching.as('m'))
    .select((eb) => eb.fn.countAll<bigint>().as('matches'))
    .executeTakeFirstOrThrow()
  if (matches > BigInt(SEARCH_MATCH_LIMIT)) throw searchTooBroad(search.text, SEARCH_MATCH_LIMIT)
}

async function planHints(store: MerchantDb, query: NormalizedQuery): Promise<PlanHints> {
  // The count only decides between two paths; where both hints choose the same one (the
  // newest-first sort, a search, one user) it would be a second query for nothing on every page.
  if (query.filter.hasRefunds !== true || !hintDecidesPath(query)) return { manyRefunds: false }
  const refundedPayments = store.db
    .selectFrom(indexedBy(store.db, 'payments', 'p', 'payments_with_refunds'))
    .select((eb) => eb.lit(1).as('one'))
    .where('p.network_id', '=', query.networkId)
    // A literal, as in the index's own WHERE: only then may SQLite use the partial index.
    .where((eb) => eb('p.refund_count', '>', sql.lit(0n)))
    .limit(REFUNDED_SET_LIMIT + 1)
  const { refunded } = await store.db
    .selectFrom(refundedPayments.as('r'))
    .select((eb) => eb.fn.countAll<bigint>().as('refunded'))
    .executeTakeFirstOrThrow()
  return { manyRefunds: refunded > BigInt(REFUNDED_SET_LIMIT) }
}

function hintDecidesPath({ filter, sort }: NormalizedQuery): boolean {
  const few = chooseAccessPath(filter, sort, { manyRefunds: false })
  const many = chooseAccessPath(filter, sort, { manyRefunds: true })
  return few.index !== many.index || few.ordered !== many.ordered || few.armPerStatus !== many.armPerStatus
}

function sortKeyOf(record: LedgerRowRecord, query: NormalizedQuery): KeyValue[] {
  return SORT_KEYS[query.sort.column].map((column) => record[column])
}
