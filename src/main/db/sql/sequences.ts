// The highest id a table ever handed out. SQLite keeps it in sqlite_sequence (AUTOINCREMENT) even
// after the row holding it is gone. On PostgreSQL the audit log's seq is assigned by its trigger
// (the last seq plus one, so a refused append leaves no hole), which keeps the highest in
// audit_log_high_water for the same purpose; another table's highest is the highest present.
import { sql, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'
import type { Database } from '../schema'

/** One row `{ seq }` once `table` has had a row, none before. `column` is its id column. */
export function highestSeqWritten(engine: SqlDialectSource, table: keyof Database, column: string): RawBuilder<{ readonly seq: bigint }> {
  if (isPostgres(engine)) {
    if (table === 'audit_log') return sql<{ readonly seq: bigint }>`SELECT seq FROM audit_log_high_water`
    return sql<{ readonly seq: bigint }>`SELECT max(${sql.ref(column)}) AS seq FROM ${sql.table(table)} HAVING max(${sql.ref(column)}) IS NOT NULL`
  }
  return sql<{ readonly seq: bigint }>`SELECT seq FROM sqlite_sequence WHERE name = ${table}`
}
