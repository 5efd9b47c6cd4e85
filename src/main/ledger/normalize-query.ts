// Checks a ledger query once and puts it in one canonical shape, so the SQL builder, the cursor
// and the fingerprint that ties a cursor to its filter all see the same thing.
import { createHash } from 'node:crypto'
import { isStroops, type Stroops } from '../../shared/money'
import { DISPLAY_STATUSES, PAYMENT_DIRECTIONS, type DisplayStatus, type PaymentDirection } from '../../shared/payments'
import { isNetworkId, type NetworkId } from '../../shared/network'
import { LEDGER_SORT_COLUMNS } from '../../shared/contract/ledger'
import { CHAIN_CHECK_OUTCOMES } from '../db'
import { invalidLedgerQuery } from './ledger-errors'
import { searchTermsFrom, type SearchTerms } from './search-terms'
import type { ChainCheckOutcome, LedgerDateField, LedgerQuery, LedgerSort, PaymentFilter } from './types'

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 500
const MAX_USER_UID_LENGTH = 200
const MAX_SEARCH_LENGTH = 200

export interface NormalizedFilter {
  /** Sorted, without duplicates; empty means every status. */
  readonly statuses: readonly DisplayStatus[]
  readonly direction: PaymentDirection | null
  readonly period: { readonly field: LedgerDateField; readonly from: bigint | null; readonly to: bigint | null } | null
  readonly amount: { readonly min: Stroops | null; readonly max: Stroops | null } | null
  readonly chainCheck: ChainCheckOutcome | null
  readonly hasRefunds: boolean | null
  readonly userUid: string | null
  readonly search: SearchTerms | null
}

export interface NormalizedQuery {
  readonly networkId: NetworkId
  readonly filter: NormalizedFilter
  readonly sort: LedgerSort
  readonly limit: number
  readonly cursor: string | null
}

export const NEWEST_FIRST: LedgerSort = { column: 'created_at', order: 'desc' }

export function normalizeQuery(query: LedgerQuery): NormalizedQuery {
  if (!isNetworkId(query.networkId)) throw invalidLedgerQuery('Choose a network (sandbox, testnet or mainnet).')
  const limit = query.limit ?? DEFAULT_PAGE_SIZE
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalidLedgerQuery(`A page holds 1 to ${MAX_PAGE_SIZE} payments.`)
  }
  const sort = query.sort ?? NEWEST_FIRST
  if (!(LEDGER_SORT_COLUMNS as readonly string[]).includes(sort.column) || !['asc', 'desc'].includes(sort.order)) {
    throw invalidLedgerQuery('The ledger cannot be sorted that way.')
  }
  const cursor = query.cursor ?? null
  return { networkId: query.networkId, filter: normalizeFilter(query.filter ?? {}), sort, limit, cursor }
}

export function normalizeFilter(filter: PaymentFilter): NormalizedFilter {
  const statuses = [...new Set(filter.statuses ?? [])].sort()
  for (const status of statuses) {
    if (!(DISPLAY_STATUSES as readonly string[]).includes(status)) throw invalidLedgerQuery(`Unknown status "${status}".`)
  }
  if (filter.direction !== undefined && !PAYMENT_DIRECTIONS.includes(filter.direction)) {
    throw invalidLedgerQuery('The direction is either user to app or app to user.')
  }
  if (filter.chainCheck !== undefined && !CHAIN_CHECK_OUTCOMES.includes(filter.chainCheck)) {
    throw invalidLedgerQuery('The chain check is unchecked, verified or failed.')
  }
  if (filter.userUid !== undefined && (filter.userUid === '' || filter.userUid.length > MAX_USER_UID_LENGTH)) {
    throw invalidLedgerQuery('That is not a Pi user id.')
  }
  if (filter.search !== undefined && filter.search.length > MAX_SEARCH_LENGTH) {
    throw invalidLedgerQuery(`Search for at most ${MAX_SEARCH_LENGTH} characters.`)
  }
  return {
    statuses,
    direction: filter.direction ?? null,
    period: normalizePeriod(filter.period),
    amount: normalizeAmount(filter.amount),
    chainCheck: filter.chainCheck ?? null,
    hasRefunds: filter.hasRefunds ?? null,
    userUid: filter.userUid ?? null,
    search: filter.search === undefined ? null : searchTermsFrom(filter.search)
  }
}

function normalizePeriod(period: PaymentFilter['period']): NormalizedFilter['period'] {
  if (period === undefined || (period.from === undefined && period.to === undefined)) return null
  if (period.field !== 'created_at' && period.field !== 'first_seen_at') {
    throw invalidLedgerQuery('A period applies to the creation time or the time Merchant Desk first saw a payment.')
  }
  const from = period.from === undefined ? null : epochMs(period.from)
  const to = period.to === undefined ? null : epochMs(period.to)
  if (from !== null && to !== null && from >= to) throw invalidLedgerQuery('The period ends before it starts.')
  return { field: period.field, from, to }
}

function normalizeAmount(amount: PaymentFilter['amount']): NormalizedFilter['amount'] {
  if (amount === undefined || (amount.min === undefined && amount.max === undefined)) return null
  const min = amount.min ?? null
  const max = amount.max ?? null
  for (const bound of [min, max]) {
    if (bound !== null && (!isStroops(bound) || bound < 0n)) throw invalidLedgerQuery('Amounts are 0 Pi or more.')
  }
  if (min !== null && max !== null && min > max) throw invalidLedgerQuery('The smallest amount is above the largest.')
  return { min, max }
}

function epochMs(date: Date): bigint {
  const ms = date instanceof Date ? date.getTime() : Number.NaN
  if (!Number.isFinite(ms)) throw invalidLedgerQuery('A date of the period is not a valid date.')
  return BigInt(ms)
}

/**
 * Short digest of the network and filter. A cursor carries it, so a page link cannot be replayed
 * against another filter (its position would be meaningless there).
 */
export function filterFingerprint(networkId: NetworkId, filter: NormalizedFilter): string {
  const canonical = JSON.stringify({ networkId, ...filter, search: filter.search?.match ?? null }, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value
  )
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16)
}
