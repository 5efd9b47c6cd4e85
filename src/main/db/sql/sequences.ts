// The highest id a table's AUTOINCREMENT ever handed out, which SQLite keeps in sqlite_sequence
// even after the row holding it is gone. PostgreSQL would read the column's sequence instead.
import { sql, type RawBuilder } from 'kysely'
import type { Database } from '../schema'

/** One row `{ seq }` once `table` has had a row, none before. */
export function highestSeqWritten(table: keyof Database): RawBuilder<{ readonly seq: bigint }> {
  return sql<{ readonly seq: bigint }>`SELECT seq FROM sqlite_sequence WHERE name = ${table}`
}
