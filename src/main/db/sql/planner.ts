// SQLite planner hints: an expression over a column, instead of the column, keeps SQLite's planner
// from using an index on it. The ledger's hot queries rely on them to stay on the index they were
// designed for (test/main/queue/query-plans.test.ts); another engine may ignore or reject them.
import { sql, type RawBuilder } from 'kysely'

/**
 * The column's value, hidden from the planner as an index key (SQLite's unary `+`): a condition
 * on it, or an order by it, then works on the rows another index found instead of choosing the
 * index.
 */
export function notIndexed<T = unknown>(column: string): RawBuilder<T> {
  return sql<T>`+${sql.ref(column)}`
}
