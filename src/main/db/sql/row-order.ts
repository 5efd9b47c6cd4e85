// The order rows were inserted in. SQLite numbers every row of a table (rowid) as it is inserted;
// a table on another engine needs its own insertion counter for this.
import { sql, type RawBuilder } from 'kysely'

/** The row's insertion number, as a column to select, compare or take the max of. */
export function insertionNumber(): RawBuilder<bigint> {
  return sql<bigint>`rowid`
}
