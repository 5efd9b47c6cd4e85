// Reading one text value out of a JSON column (a payment's metadata): SQLite's json1 functions, or
// PostgreSQL's json operators (on `json`, which keeps the text as Pi sent it).
import { sql, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

type Engine = SqlDialectSource

/** The text at `$.key` of a JSON column, or null when absent. */
export function jsonTextAt(engine: Engine, column: string, key: string): RawBuilder<string | null> {
  if (isPostgres(engine)) return sql<string | null>`(${sql.ref(column)}::json ->> ${key})`
  return sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${key}`})`
}

/** True when `$.key` of a JSON column holds a string (not a number, object or null). */
export function jsonHoldsTextAt(engine: Engine, column: string, key: string): RawBuilder<boolean> {
  if (isPostgres(engine)) return sql<boolean>`coalesce(json_typeof(${sql.ref(column)}::json -> ${key}) = 'string', false)`
  return sql<boolean>`json_type(${sql.ref(column)}, ${`$.${key}`}) = 'text'`
}
