// The whole set of payments a ledger filter matches, oldest first, for readers that want every
// row rather than a page (CSV exports). Built by the page query's own builder, so a filter means
// exactly the same thing on screen and in a file.
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { NetworkId } from '../../shared/network'
import type { Database } from '../db'
import { normalizeQuery } from './normalize-query'
import { countQuery, orderedSelect, wholeSetQuery, type PaymentsDb, type PaymentsSelect } from './page-sql'
import type { PaymentFilter } from './types'

export interface WholeSet<O> {
  /** Every matching row, oldest first (created_at, then identifier). */
  readonly rows: SelectQueryBuilder<PaymentsDb, 'p', O>
  /** How many rows `rows` yields (one row, `count`). */
  readonly count: SelectQueryBuilder<Database, never, { count: bigint }>
}

const OLDEST_FIRST = { column: 'created_at', order: 'asc' } as const
/** Counting never stops early here: an export states its exact row count. */
const NO_CAP = Number.MAX_SAFE_INTEGER - 1

/**
 * `select` is a select list over `payments AS p` written in code (never from input); it must
 * name `p.created_at` and `p.identifier` as themselves, since the order is by those names.
 * Throws `invalid_ledger_query` for a filter the ledger would refuse.
 */
export function wholeSetOf<O>(db: Kysely<Database>, networkId: NetworkId, filter: PaymentFilter, select: PaymentsSelect<O>): WholeSet<O> {
  const normalized = normalizeQuery({ networkId, filter, sort: OLDEST_FIRST })
  const rows = wholeSetQuery(db, normalized.networkId, normalized.filter, OLDEST_FIRST, select)
  const count = countQuery(db, normalized, NO_CAP)
  return { rows: rows.query, count: count.query as unknown as WholeSet<O>['count'] }
}

/**
 * The same set, in pages of `pageSize` rows read one query at a time (keyset on created_at and
 * identifier, as the ledger pages), for a reader that writes every row: each page is one await,
 * not one per row. Inside a read transaction every page reads the same snapshot.
 */
export async function* wholeSetPages<O extends { readonly created_at: bigint; readonly identifier: string }>(
  db: Kysely<Database>,
  networkId: NetworkId,
  filter: PaymentFilter,
  select: PaymentsSelect<O>,
  pageSize: number
): AsyncIterableIterator<readonly O[]> {
  const normalized = normalizeQuery({ networkId, filter, sort: OLDEST_FIRST })
  let after: readonly [bigint, string] | null = null
  for (;;) {
    const { query } = orderedSelect(db, normalized.networkId, normalized.filter, OLDEST_FIRST, after, select)
    const page = (await query.limit(pageSize).execute()) as O[]
    if (page.length > 0) yield page
    const last = page[page.length - 1]
    if (last === undefined || page.length < pageSize) return
    after = [last.created_at, last.identifier]
  }
}
