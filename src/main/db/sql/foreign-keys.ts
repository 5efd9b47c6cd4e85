// Foreign-key checking, which each dialect switches differently: SQLite's pragma, PostgreSQL's
// SET CONSTRAINTS (its ledger's foreign keys are declared DEFERRABLE for this).
import { sql, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

/** Until the current transaction commits, rows may reference rows that are gone; the check runs at commit. */
export function deferForeignKeys(engine: SqlDialectSource): RawBuilder<unknown> {
  return isPostgres(engine) ? sql`SET CONSTRAINTS ALL DEFERRED` : sql`PRAGMA defer_foreign_keys = ON`
}
