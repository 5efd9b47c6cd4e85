// Hints that keep SQLite's planner on the index a query was designed for. SQLite reads a unary
// `+` on a column as "do not use an index for this term", so a filter that would tempt it onto a
// worse index stays a filter. Other engines ignore the hint's meaning (the value is unchanged).
import { sql, type RawBuilder } from 'kysely'

/** The column, as a term no index may serve (SQLite's `+column`). */
export function notIndexed<T>(column: string): RawBuilder<T> {
  return sql<T>`+${sql.ref(column)}`
}
