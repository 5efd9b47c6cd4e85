// SQLite planner hints: an expression over a column, instead of the column, keeps SQLite's planner
// from using an index on it. The ledger's hot queries rely on them to stay on the index they were
// designed for (test/main/queue/query-plans.test.ts); another engine may ignore or reject them.
import { sql, type RawBuilder } from 'kysely'

/** Orders by an integer column without walking an index on it (`column + 0`). */
export function orderWithoutIndex(column: string): RawBuilder<bigint> {
  return sql<bigint>`${sql.ref(column)} + 0`
}

/** Filters on a column without choosing an index by it (`+column`, SQLite's unary no-op). */
export function filterWithoutIndex<T = unknown>(column: string): RawBuilder<T> {
  return sql<T>`+${sql.ref(column)}`
}
