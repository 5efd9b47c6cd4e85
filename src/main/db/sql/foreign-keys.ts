// Foreign-key checking, which each dialect switches differently. PostgreSQL would say
// SET CONSTRAINTS ALL DEFERRED (for constraints declared deferrable).
import { sql, type RawBuilder } from 'kysely'

/** Until the current transaction commits, rows may reference rows that are gone; the check runs at commit. */
export function deferForeignKeys(): RawBuilder<unknown> {
  return sql`PRAGMA defer_foreign_keys = ON`
}
