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
//   - only payments with refunds (the partial index payments_with_refunds, in time order for the
//     newest-first sort); past REFUNDED_SET_LIMIT such payments, other sorts walk their own index
//     instead and check refund_count on the way, which beats sorting them all,
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
  | 'payments_with_refunds'

/** The primary key index of payments (identifier); SQLite names it, we only refer to it. */
export const PAYMENTS_PRIMARY_KEY: PaymentIndex = 'sqlite_autoindex_payments_1'

/** What the database holds that changes the best path; learned by list-payments.ts before planning. */
export interface PlanHints {
  /** More refunded payments than REFUNDED_SET_LIMIT: other sorts find them along their own index. */
  readonly manyRefunds: boolean
}

export const REFUNDED_SET_LIMIT = 2000

export interface AccessPath {
  readonly index: PaymentIndex
  /** The index yields rows in sort order: a page needs no sort step. */
  readonly ordered: boolean
  /** One arm per status, merged in sort order (only with two or more statuses). */
  readonly armPerStatus: boolean
}

export function chooseAccessPath(
  filter: NormalizedFilter,
  sort: LedgerSort,
  hints: PlanHints = { manyRefunds: false }
): AccessPath {
  const column = sort.column
  const path = (index: PaymentIndex, ordered: boolean, armPerStatus = false): AccessPath => ({ index, ordered, armPerStatus })

  // Search matches are read in identifier order.
  if (filter.search !== null) return path(PAYMENTS_PRIMARY_KEY, column === 'identifier')
  if (filter.userUid !== null) return path('payments_by_user', column === 'created_at' || column === 'user_uid')
  if (filter.hasRefunds === true && (column === 'created_at' || !hints.manyRefunds)) {
    return path('payments_with_refunds', column === 'created_at')
  }
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
