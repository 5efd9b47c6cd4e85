// What the database itself says about its tables (SQLite's catalog). PostgreSQL would ask
// information_schema.columns instead.
import { sql, type RawBuilder } from 'kysely'

/** The names of the tables that have a column called `column`, in the order they were created. */
export function tablesWithColumn(column: string): RawBuilder<{ readonly name: string }> {
  return sql<{ readonly name: string }>`SELECT m.name FROM sqlite_master m
    WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = ${column})`
}
