// The order rows were inserted in. SQLite numbers every row of a table (rowid) as it is inserted;
// on PostgreSQL the tables read this way carry their own counter, `row_order` (an identity column).
import { sql, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

/** The row's insertion number, as a column to select, compare or take the max of. */
export function insertionNumber(engine: SqlDialectSource): RawBuilder<bigint> {
  return isPostgres(engine) ? sql<bigint>`row_order` : sql<bigint>`rowid`
}
