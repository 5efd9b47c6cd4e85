// The whole set of payments a ledger filter matches, oldest first, for readers that want every
// row rather than a page (CSV exports). Built by the page query's own SQL builder, so a filter
// means exactly the same thing on screen and in a file.
import { normalizeQuery } from './normalize-query'
import { countSql, wholeSetSql } from './page-sql'
import type { PaymentFilter } from './types'
import type { NetworkId } from '../../shared/network'

export interface PlainSql {
  readonly sql: string
  readonly params: readonly unknown[]
}

export interface WholeSetSql {
  /** Every matching row, oldest first (created_at, then identifier). */
  readonly rows: PlainSql
  /** How many rows `rows` yields. */
  readonly count: PlainSql
}

const OLDEST_FIRST = { column: 'created_at', order: 'asc' } as const
/** Counting never stops early here: an export states its exact row count. */
const NO_CAP = Number.MAX_SAFE_INTEGER - 1

/**
 * `columns` is a select list over `payments AS p` written in code (never from input); it must
 * name `p.created_at` and `p.identifier` as themselves, since the order is by those names.
 * Throws `invalid_ledger_query` for a filter the ledger would refuse.
 */
export function wholeSetOf(networkId: NetworkId, filter: PaymentFilter, columns: string): WholeSetSql {
  const normalized = normalizeQuery({ networkId, filter, sort: OLDEST_FIRST })
  const rows = wholeSetSql(normalized.networkId, normalized.filter, OLDEST_FIRST, columns)
  const count = countSql(normalized, NO_CAP)
  return { rows: { sql: rows.sql, params: rows.params }, count: { sql: count.sql, params: count.params } }
}
