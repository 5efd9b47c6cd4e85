// The highest id a table's AUTOINCREMENT ever handed out, which SQLite keeps in sqlite_sequence
// even after the row holding it is gone; on PostgreSQL, the last value of the id column's
// identity sequence (null until it has handed one out).
import { sql, type RawBuilder } from 'kysely'
import type { Database } from '../schema'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

/** One row `{ seq }` once `table` has had a row, none before. `column` is its id column. */
export function highestSeqWritten(
  engine: SqlDialectSource,
  table: keyof Database,
  column: string
): RawBuilder<{ readonly seq: bigint }> {
  if (isPostgres(engine)) {
    return sql<{ readonly seq: bigint }>`SELECT s.last_value AS seq FROM pg_sequences s
      WHERE quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) = pg_get_serial_sequence(${table}, ${column})
      AND s.last_value IS NOT NULL`
  }
  return sql<{ readonly seq: bigint }>`SELECT seq FROM sqlite_sequence WHERE name = ${table}`
}
