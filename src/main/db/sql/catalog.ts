// What the database itself says about its tables: SQLite's catalog, or PostgreSQL's
// information_schema (the ledger's own schema only).
import { sql, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

/** The names of the tables that have a column called `column`, in the order they were created. */
export function tablesWithColumn(engine: SqlDialectSource, column: string): RawBuilder<{ readonly name: string }> {
  if (isPostgres(engine)) {
    return sql<{ readonly name: string }>`SELECT c.table_name AS name FROM information_schema.columns c
      JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = current_schema()::regnamespace
      WHERE c.table_schema = current_schema() AND c.column_name = ${column} AND k.relkind = 'r'
      ORDER BY k.oid`
  }
  return sql<{ readonly name: string }>`SELECT m.name FROM sqlite_master m
    WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = ${column})`
}
