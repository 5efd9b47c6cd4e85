// Which SQL a fragment should say (src/main/db/sql): asked of the handle's engine, or of the kysely
// instance a query is built on (its dialect's adapter), so a repository that holds only `db` or a
// transaction needs nothing more to build a query for either engine.
import { PostgresAdapter, type Kysely } from 'kysely'
import type { LedgerEngine } from './transaction-guard'

/** An engine, or a kysely instance (the whole database or a transaction) of one. */
export type SqlDialectSource = Pick<LedgerEngine, 'kind'> | Pick<Kysely<never>, 'getExecutor'>

export function isPostgres(source: SqlDialectSource): boolean {
  if ('kind' in source) return source.kind === 'postgres'
  return source.getExecutor().adapter instanceof PostgresAdapter
}
