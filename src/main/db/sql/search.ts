// Full-text search over payments_search: an FTS5 table on SQLite (migrations/0001), queried with
// MATCH. The match expression is built by ledger/search-terms.ts and always bound as a parameter.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database } from '../schema'

/** The condition "this row of payments_search matches `match`". */
export function searchMatches(match: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`payments_search MATCH ${match}`
}

/** Identifiers of the payments whose searchable words match, as a subquery. */
export function paymentsMatching(db: Kysely<Database>, match: string) {
  return db.selectFrom('payments_search').select('payments_search.identifier').where(searchMatches(match))
}
