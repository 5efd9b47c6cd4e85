// The books' one SQL term and one sum (issue #14, item 4). A payment counts as money moved only
// when our own check verified its transaction on chain; everything else is tallied beside it by
// name. The class reads only chain_check and status, two columns every payments CSV carries, so a
// file's book totals can be re-derived from the file alone (verify-export.ts does).
import { BOOK_CLASSES, type BookClass, type BookDirection } from '../../shared/contract/books'
import type { Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { PaymentDirection } from '../../shared/payments'
import type { MerchantDb } from '../db/open'
import { checkSearchBreadth } from './list-payments'
import { normalizeQuery } from './normalize-query'
import type { PaymentFilter } from './types'
import { wholeSetOf, type PlainSql } from './whole-set'

/** The payment's class for the books, over `payments AS p`; see BOOK_CLASSES for the order. */
export const BOOK_CLASS_SQL = `CASE WHEN p.chain_check = 'verified' THEN 'on_chain'
    WHEN p.chain_check = 'failed' THEN 'failed_check'
    WHEN p.status IN ('cancelled', 'user_cancelled') THEN 'cancelled'
    ELSE 'pending' END`

/** The same rule in code, for rows already read (a CSV row, a test's expectation). */
export function bookClassOf(row: { readonly chainCheck: string; readonly status: string }): BookClass {
  if (row.chainCheck === 'verified') return 'on_chain'
  if (row.chainCheck === 'failed') return 'failed_check'
  if (row.status === 'cancelled' || row.status === 'user_cancelled') return 'cancelled'
  return 'pending'
}

export function bookDirectionOf(direction: PaymentDirection): BookDirection {
  return direction === 'user_to_app' ? 'received' : 'paidOut'
}

export interface BookTally {
  readonly count: number
  readonly amount: Stroops
}

export type BookTotals = Readonly<Record<BookDirection, Readonly<Record<BookClass, BookTally>>>>

/** The columns a set must select for bookTotalsOf. */
export const BOOK_COLUMNS = `p.identifier, p.created_at, p.direction, p.amount_stroops, ${BOOK_CLASS_SQL} AS book`

/** One SQL group of a books sum. */
export interface BookGroupRow {
  readonly direction: PaymentDirection
  readonly book: BookClass
  readonly count: bigint
  readonly amount: bigint
}

/** Sums a set selected with BOOK_COLUMNS by direction and class: one row per group, never the payments. */
export function bookTotalsOf(sqlite: MerchantDb['sqlite'], set: PlainSql): BookTotals {
  const groups = sqlite
    .prepare(
      `SELECT direction, book, count(*) AS count, coalesce(sum(amount_stroops), 0) AS amount
       FROM (${set.sql}) GROUP BY direction, book`
    )
    .all(...set.params) as BookGroupRow[]
  return booksOf(groups)
}

/** Folds SQL groups into the books; a group that appears twice (pieces of a range) is added up. */
export function booksOf(groups: readonly BookGroupRow[]): BookTotals {
  const totals = { received: emptyBook(), paidOut: emptyBook() }
  for (const group of groups) {
    const side = totals[bookDirectionOf(group.direction)]
    const known = side[group.book]
    side[group.book] = { count: known.count + Number(group.count), amount: known.amount + group.amount }
  }
  return totals
}

/** The book totals of everything a ledger filter matches (the Ledger page's footer). */
export function ledgerBookTotals(store: MerchantDb, query: { readonly networkId: NetworkId; readonly filter: PaymentFilter }): BookTotals {
  checkSearchBreadth(store, normalizeQuery({ networkId: query.networkId, filter: query.filter }))
  return bookTotalsOf(store.sqlite, wholeSetOf(query.networkId, query.filter, BOOK_COLUMNS).rows)
}

function emptyBook(): Record<BookClass, BookTally> {
  return Object.fromEntries(BOOK_CLASSES.map((book) => [book, { count: 0, amount: 0n }])) as Record<BookClass, BookTally>
}
