// The one thing the copy does differently per engine: the counter a table numbers its rows from.
// SQLite needs nothing: an INTEGER PRIMARY KEY continues after the highest id in the table, and
// AUTOINCREMENT (audit_log) counts from 1 in a table that never had a row, its counter rolling
// back with a failed copy. PostgreSQL's identity columns draw from a sequence, which an explicit
// id does not move and a rolled-back transaction does not give back; so before the copy the
// sequences start again at 1 (the target is empty), and after it they continue after the
// highest id copied, where the next payout or audit entry of any desk takes its number.
import { sql } from 'kysely'
import type { MerchantDb } from '../open'
import type { CopiedTable } from './tables'

/** Before the first row: the table's counter hands out 1 next. */
export async function restartIdCounter(store: MerchantDb, table: CopiedTable): Promise<void> {
  if (store.engine.kind !== 'postgres' || table.id === undefined) return
  await sql`SELECT setval(pg_get_serial_sequence(${table.table}, ${table.id.column}), 1, false)`.execute(store.db)
}

/** After the last row: the counter continues after the highest id in the table. */
export async function continueIdCounter(store: MerchantDb, table: CopiedTable): Promise<void> {
  if (store.engine.kind !== 'postgres' || table.id === undefined) return
  const id = sql.ref(table.id.column)
  await sql`SELECT setval(pg_get_serial_sequence(${table.table}, ${table.id.column}), coalesce(max(${id}), 1), max(${id}) IS NOT NULL)
    FROM ${sql.table(table.table)}`.execute(store.db)
}
