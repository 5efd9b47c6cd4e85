// SQLite planner hints. INDEXED BY: the ledger names the index each query walks (see
// ledger/access-path.ts), so a page's cost never depends on the planner guessing without
// statistics; a year of payments walked in time order never becomes a scan. PostgreSQL has no
// such clause (its planner keeps statistics): there the hints say the table and alias only, and
// the column itself.
import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely'
import type { Database } from '../schema'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

type Engine = SqlDialectSource

/** `table AS alias INDEXED BY index`, for `selectFrom` and joins; names come from code, never from input. */
export function indexedBy<T extends keyof Database & string, A extends string>(
  engine: Engine,
  table: T,
  alias: A,
  index: string
): AliasedRawBuilder<Database[T], A> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias) || !/^[a-z_][a-z0-9_]*$/i.test(index)) throw new Error('An alias or index name is a plain identifier.')
  // Typed as the table itself, so a query reads its columns exactly as `selectFrom('table as alias')` would.
  if (isPostgres(engine)) return sql<Database[T]>`${sql.table(table)}`.as<A>(sql`${sql.id(alias)}`)
  return sql<Database[T]>`${sql.table(table)}`.as<A>(sql`${sql.id(alias)} INDEXED BY ${sql.raw(index)}`)
}

/**
 * The column's value, hidden from the planner as an index key (SQLite's unary `+`): a condition on
 * it then filters the rows another index found instead of choosing the index.
 */
export function notIndexed<T>(engine: Engine, column: string): RawBuilder<T> {
  return isPostgres(engine) ? sql<T>`${sql.ref(column)}` : sql<T>`+${sql.ref(column)}`
}
