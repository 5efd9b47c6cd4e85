// The whole set of payments a ledger filter matches, oldest first, for readers that want every
// row rather than a page (CSV exports). Built by the page query's own builder, so a filter means
// exactly the same thing on screen and in a file.
import { CompiledQuery, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { NetworkId } from '../../shared/network'
import type { Database } from '../db'
import { normalizeQuery } from './normalize-query'
import { countQuery, orderedSelect, wholeSetQuery, type PaymentsDb, type PaymentsSelect } from './page-sql'
import type { KeyValue } from './sort-keys'
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

/** Stand-ins for the previous page's last key, replaced in the compiled query's parameters. */
const AFTER_CREATED_AT = Symbol('after created_at')
const AFTER_IDENTIFIER = Symbol('after identifier')

/**
 * The same set, in pages of `pageSize` rows read one query at a time (keyset on created_at and
 * identifier, as the ledger pages), for a reader that writes every row: each page is one await,
 * not one per row. Inside a read transaction every page reads the same snapshot.
 *
 * The query after a page is built and compiled once, with stand-ins for the last key, and each
 * page binds the real key in their place: the SQL text of every page after the first is the
 * same, so building it again per page would only repeat the same work.
 */
export async function* wholeSetPages<O extends { readonly created_at: bigint; readonly identifier: string }>(
  db: Kysely<Database>,
  networkId: NetworkId,
  filter: PaymentFilter,
  select: PaymentsSelect<O>,
  pageSize: number
): AsyncIterableIterator<readonly O[]> {
  const normalized = normalizeQuery({ networkId, filter, sort: OLDEST_FIRST })
  const build = (after: readonly KeyValue[] | null) =>
    orderedSelect(db, normalized.networkId, normalized.filter, OLDEST_FIRST, after, select).query.limit(pageSize).compile()
  const first = build(null)
  // Never compared with anything while building: under the oldest-first sort no filter pins the
  // sort column, so the stand-ins only ever become parameters.
  const next = build([AFTER_CREATED_AT, AFTER_IDENTIFIER] as unknown as KeyValue[])
  let after: readonly [bigint, string] | null = null
  for (;;) {
    const key = after
    const parameters: unknown[] =
      key === null
        ? [...first.parameters]
        : next.parameters.map((value) => (value === AFTER_CREATED_AT ? key[0] : value === AFTER_IDENTIFIER ? key[1] : value))
    const result = await db.executeQuery<O>(CompiledQuery.raw(key === null ? first.sql : next.sql, parameters))
    const page: readonly O[] = result.rows
    if (page.length > 0) yield page
    const last: O | undefined = page[page.length - 1]
    if (last === undefined || page.length < pageSize) return
    after = [last.created_at, last.identifier]
  }
}
