// Reading a field out of a JSON text column (SQLite's json_extract). PostgreSQL would write
// (column::jsonb #>> path) and answer text only.
import { sql, type RawBuilder } from 'kysely'

/** The value at `path` ('$.refund_of') of the JSON text in `column`, as SQLite types it; null when absent. */
export function jsonField(column: string, path: string): RawBuilder<unknown> {
  return sql<unknown>`json_extract(${sql.ref(column)}, ${path})`
}
