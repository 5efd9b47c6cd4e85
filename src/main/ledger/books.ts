// The books' one class term and one sum (issue #14, item 4). A payment counts as money moved only
// when our own check verified its transaction on chain; everything else is tallied beside it by
// name. The class reads only chain_check and status, two columns every payments CSV carries, so a
// file's book totals can be re-derived from the file alone (verify-export.ts does).
import type { AliasableExpression, Kysely, SelectQueryBuilder } from 'kysely'
import { sql } from 'kysely'
import { BOOK_CLASSES, type BookClass, type BookDirection } from '../../shared/contract/books'
import type { Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { PaymentDirection } from '../../shared/payments'
import type { Database } from '../db'
import type { MerchantDb } from '../db'
import { checkSearchBreadth } from './list-payments'
import { normalizeQuery } from './normalize-query'
import type { OverPayments } from './payment-chain'
import type { PaymentsDb, PaymentsSelect } from './page-sql'
import type { PaymentFilter } from './types'
import { wholeSetOf } from './whole-set'

/**
 * The same rule as SQL text over `payments AS p`, as migration 0004's triggers write it into
 * book_totals (test/main/db/migrations/0004_books.test.ts holds the two together).
 */
export const BOOK_CLASS_SQL = `CASE WHEN p.chain_check = 'verified' THEN 'on_chain'
    WHEN p.chain_check = 'failed' THEN 'failed_check'
    WHEN p.status IN ('cancelled', 'user_cancelled') THEN 'cancelled'
    ELSE 'pending' END`

/** The payment's class for the books, over `payments AS p`; see BOOK_CLASSES for the order. */
export function bookClass(eb: OverPayments): AliasableExpression<BookClass> {
  return eb
    .case()
    .when('p.chain_check', '=', sql.lit('verified' as const))
    .then(sql.lit('on_chain' as const))
    .when('p.chain_check', '=', sql.lit('failed' as const))
    .then(sql.lit('failed_check' as const))
    .when('p.status', 'in', [sql.lit('cancelled' as const), sql.lit('user_cancelled' as const)])
    .then(sql.lit('cancelled' as const))
    .else(sql.lit('pending' as const))
    .end()
    .$castTo<BookClass>()
}

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

/** What a set must select for bookTotalsOf. */
export interface BookColumns {
  readonly identifier: string
  readonly created_at: bigint
  readonly direction: PaymentDirection
  readonly amount_stroops: bigint
  readonly book: BookClass
}

/** The select list a set needs for bookTotalsOf. */
export const bookColumns: PaymentsSelect<BookColumns> = (from) =>
  from.select((eb) => ['p.identifier', 'p.created_at', 'p.direction', 'p.amount_stroops', bookClass(eb).as('book')])

/** One SQL group of a books sum. */
export interface BookGroupRow {
  readonly direction: PaymentDirection
  readonly book: BookClass
  readonly count: bigint
  readonly amount: bigint
}

/** Sums a set selected with bookColumns by direction and class: one row per group, never the payments. */
export async function bookTotalsOf(db: Kysely<Database>, set: SelectQueryBuilder<PaymentsDb, 'p', BookColumns>): Promise<BookTotals> {
  const groups = await db
    .selectFrom(set.as('s'))
    .select((eb) => [
      's.direction',
      's.book',
      eb.fn.countAll<bigint>().as('count'),
      eb.fn.coalesce(eb.fn.sum<bigint>('s.amount_stroops'), sql.lit(0n)).as('amount')
    ])
    .groupBy(['s.direction', 's.book'])
    .execute()
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
export async function ledgerBookTotals(
  store: MerchantDb,
  query: { readonly networkId: NetworkId; readonly filter: PaymentFilter }
): Promise<BookTotals> {
  await checkSearchBreadth(store, normalizeQuery({ networkId: query.networkId, filter: query.filter }))
  return bookTotalsOf(store.db, wholeSetOf(store.db, query.networkId, query.filter, bookColumns).rows)
}

function emptyBook(): Record<BookClass, BookTally> {
  return Object.fromEntries(BOOK_CLASSES.map((book) => [book, { count: 0, amount: 0n }])) as Record<BookClass, BookTally>
}
