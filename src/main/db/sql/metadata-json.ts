// Reading one text value out of a JSON column (a payment's metadata). SQLite's json1 functions
// today; PostgreSQL would say `(column::jsonb ->> 'key')` and `jsonb_typeof(...) = 'string'`.
import { sql, type RawBuilder } from 'kysely'

/** The text at `$.key` of a JSON column, or null when absent. */
export function jsonTextAt(column: string, key: string): RawBuilder<string | null> {
  return sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${key}`})`
}

/** True when `$.key` of a JSON column holds a string (not a number, object or null). */
export function jsonHoldsTextAt(column: string, key: string): RawBuilder<boolean> {
  return sql<boolean>`json_type(${sql.ref(column)}, ${`$.${key}`}) = 'text'`
}
