// Full-text search over payments_search: an FTS5 table on SQLite (migrations/0001) queried with
// MATCH; on PostgreSQL a tsvector column with a GIN index (postgres/migrations/0001) queried with
// @@. Both index the same fields cut at every character that is not a letter or a digit, lower
// case; both read the typed words as phrases, the last word as a prefix (ledger/search-terms.ts).
// The query is always bound as a parameter; the typed text is never query syntax.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database } from '../schema'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

type Engine = SqlDialectSource

/** What the search box asked: FTS5's MATCH expression, and the words as typed. */
export interface SearchQuery {
  readonly match: string
  readonly text: string
}

/** The condition "this row of payments_search matches `search`". */
export function searchMatches(engine: Engine, search: SearchQuery): RawBuilder<SqlBool> {
  if (isPostgres(engine)) return sql<SqlBool>`payments_search.words @@ to_tsquery('simple', ${tsQueryOf(search.text)})`
  return sql<SqlBool>`payments_search MATCH ${search.match}`
}

/** Identifiers of the payments whose searchable words match, as a subquery. */
export function paymentsMatching(engine: Engine, db: Kysely<Database>, search: SearchQuery) {
  return db.selectFrom('payments_search').select('payments_search.identifier').where(searchMatches(engine, search))
}

/**
 * The typed words as a tsquery: each chunk a phrase of its letter-and-digit runs (`user-7f3a` is
 * `'user' <-> '7f3a'`), chunks ANDed, the last run a prefix. Every lexeme is quoted, so nothing
 * typed is operator syntax.
 */
function tsQueryOf(text: string): string {
  const chunks = text
    .split(/\s+/u)
    .map((chunk) => chunk.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((run) => run !== ''))
    .filter((runs) => runs.length > 0)
  return chunks
    .map((runs, chunkIndex) =>
      runs
        .map((run, runIndex) => {
          const lexeme = `'${run.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`
          return chunkIndex === chunks.length - 1 && runIndex === runs.length - 1 ? `${lexeme}:*` : lexeme
        })
        .join(' <-> ')
    )
    .map((phrase) => `(${phrase})`)
    .join(' & ')
}
