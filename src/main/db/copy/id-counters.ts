// The one thing the copy does differently per engine: the counter a table numbers its new rows
// from. SQLite needs nothing: an INTEGER PRIMARY KEY continues after the highest id in the table.
// PostgreSQL's identity columns draw from a sequence, which an id written by the copy does not
// move; left alone, the next payout any desk records would take number 1 again and collide. So
// after the copy each sequence continues after the highest id copied. (audit_log's seq is no
// identity on either engine: its trigger numbers each entry after the latest, copy or not.)
import { sql } from 'kysely'
import type { MerchantDb } from '../open'
import type { CopiedTable } from './tables'

/** After the last row of `table`: the next id the target hands out follows the highest one copied. */
export async function continueIdCounter(store: MerchantDb, table: CopiedTable): Promise<void> {
  if (store.engine.kind !== 'postgres' || table.id === undefined || table.id.assignedByTarget) return
  const id = sql.ref(table.id.column)
  await sql`SELECT setval(pg_get_serial_sequence(${table.table}, ${table.id.column}), coalesce(max(${id}), 1), max(${id}) IS NOT NULL)
    FROM ${sql.table(table.table)}`.execute(store.db)
}
