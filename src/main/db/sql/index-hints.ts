// Naming the index a query must walk (SQLite's INDEXED BY). Used where the plan is part of the
// design: a year of payments walked in time order must never become a scan. PostgreSQL has no
// hints; there the planner's statistics decide, and this would render just the aliased table.
import { AliasNode, RawNode, sql, TableNode, type AliasedExpression, type Expression, type RawBuilder } from 'kysely'
import type { Database } from '../schema'

/** `table AS alias INDEXED BY index`, usable wherever kysely takes a table (selectFrom, joins). */
export function indexedBy<T extends keyof Database & string, A extends string>(
  table: T,
  alias: A,
  index: string
): AliasedExpression<Database[T], A> {
  if (!/^[a-z_]+$/.test(alias) || !/^[a-z_]+$/.test(index)) throw new Error('An alias or index name is a plain identifier.')
  const tableNode = TableNode.create(table)
  const expression: Expression<Database[T]> = {
    get expressionType() {
      return undefined
    },
    toOperationNode: () => tableNode
  }
  return {
    expression,
    alias,
    // SQLite wants the hint after the alias: FROM payments AS "p" INDEXED BY payments_by_time.
    toOperationNode: () => AliasNode.create(tableNode, RawNode.createWithSql(`"${alias}" INDEXED BY ${index}`))
  }
}

/**
 * The column's value, hidden from the planner as an index key (SQLite's unary `+`): a condition on
 * it then filters the rows another index found instead of choosing the index.
 */
export function notIndexed<T>(column: string): RawBuilder<T> {
  return sql<T>`+${sql.ref(column)}`
}
