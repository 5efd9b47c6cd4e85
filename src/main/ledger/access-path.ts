// Which index a ledger query walks. Decided here, in one table-like function, and named to SQLite
// with INDEXED BY, so a page's cost never depends on the planner guessing without statistics
// (open.ts gathers none). test/main/ledger/query-plans.test.ts proves each choice.
//
// The rule: walk the index whose order is the requested sort, so a page reads about one page of
// rows and stops; filters that index does not cover are checked on the way. Exceptions, where a
// filter picks a small set that is cheaper to sort than to look for along a long walk (their
// pages sort the matching rows, "USE TEMP B-TREE FOR ORDER BY"):
//   - a search (the full-text index finds the matches; searchTooBroad caps them),
//   - one user (payments_by_user: in time order for the newest-first sort),
//   - only payments with refunds, while refunds are few (the partial index of refunds; past
//     REFUNDED_SET_LIMIT refunds, sorting them all costs more than walking and checking each row),
//   - a failed or unchecked chain check (partial index, in time order for the newest-first sort).
// Several statuses under a time, amount or status sort walk one index range per status and merge
// them (a compound SELECT, "MERGE (UNION ALL)"), still without sorting.
import type { NormalizedFilter } from './normalize-query'
import type { LedgerSort } from './types'

export type PaymentIndex =
  | 'sqlite_autoindex_payments_1'
  | 'payments_by_time'
  | 'payments_by_status'
  | 'payments_by_status_amount'
  | 'payments_by_direction'
  | 'payments_by_direction_amount'
  | 'payments_by_user'
  | 'payments_by_amount'
  | 'payments_by_chain_check'

/** The primary key index of payments (identifier); SQLite names it, we only refer to it. */
export const PAYMENTS_PRIMARY_KEY: PaymentIndex = 'sqlite_autoindex_payments_1'

/** What the database holds that changes the best path; learned by list-payments.ts before planning. */
export interface PlanHints {
  /** More refunds than REFUNDED_SET_LIMIT: find refunded payments along the sort index instead. */
  readonly manyRefunds: boolean
}

export const REFUNDED_SET_LIMIT = 2000

export interface AccessPath {
  readonly index: PaymentIndex
  /** The index yields rows in sort order: a page needs no sort step. */
  readonly ordered: boolean
  /** One arm per status, merged in sort order (only with two or more statuses). */
  readonly armPerStatus: boolean
  /** The set of refunded payments drives the query (else refunds are checked row by row). */
  readonly refundedSet: boolean
}

export function chooseAccessPath(
  filter: NormalizedFilter,
  sort: LedgerSort,
  hints: PlanHints = { manyRefunds: false }
): AccessPath {
  const column = sort.column
  // A set of identifiers (search matches, refunded payments) is read in identifier order.
  const path = (index: PaymentIndex, ordered: boolean, armPerStatus = false, refundedSet = false): AccessPath => ({
    index,
    ordered,
    armPerStatus,
    refundedSet
  })
  const bySet = (refundedSet: boolean) => path(PAYMENTS_PRIMARY_KEY, column === 'identifier', false, refundedSet)

  if (filter.search !== null) return bySet(false)
  if (filter.userUid !== null) return path('payments_by_user', column === 'created_at' || column === 'user_uid')
  if (filter.hasRefunds === true && !hints.manyRefunds) return bySet(true)
  if (filter.chainCheck === 'failed' || filter.chainCheck === 'unchecked') {
    return path('payments_by_chain_check', column === 'created_at')
  }

  const statuses = filter.statuses.length
  const byStatus = (index: PaymentIndex) => path(index, true, statuses > 1)
  const ordered = (index: PaymentIndex) => path(index, true)
  switch (column) {
    case 'created_at':
      if (statuses > 0) return byStatus('payments_by_status')
      return ordered(filter.direction !== null ? 'payments_by_direction' : 'payments_by_time')
    case 'amount':
      if (statuses > 0) return byStatus('payments_by_status_amount')
      return ordered(filter.direction !== null ? 'payments_by_direction_amount' : 'payments_by_amount')
    case 'status':
      return byStatus('payments_by_status')
    case 'direction':
      return ordered('payments_by_direction')
    case 'user_uid':
      return ordered('payments_by_user')
    case 'identifier':
      return ordered(PAYMENTS_PRIMARY_KEY)
  }
}
