// SQLite's INDEXED BY: the ledger names the index each query walks (see ledger/access-path.ts),
// so a page's cost never depends on the planner guessing without statistics. PostgreSQL has no
// such clause (its planner keeps statistics); a PostgreSQL build of this function would name the
// table and alias only.
import { sql, type AliasedRawBuilder } from 'kysely'
import type { Database } from '../schema'

/** `table AS alias INDEXED BY index`, for `selectFrom` and joins; names come from code, never from input. */
export function tableIndexedBy<T extends keyof Database & string, A extends string>(
  table: T,
  alias: A,
  index: string
): AliasedRawBuilder<Database[T], A> {
  // Typed as the table itself, so a query reads its columns exactly as `selectFrom('table as alias')` would.
  return sql<Database[T]>`${sql.table(table)}`.as<A>(sql`${sql.id(alias)} INDEXED BY ${sql.id(index)}`)
}
