// JSON functions of SQLite (json_extract, json_each, ->, json_type): a list handed over as one JSON parameter,
// and the shop's metadata read key by key. PostgreSQL says these with jsonb functions.
import { sql, type Expression, type RawBuilder } from 'kysely'

/** The value at `path` ('$.refund_of') of the JSON text in `column`, as SQLite types it; null when absent. */
export function jsonField(column: string, path: string): RawBuilder<unknown> {
  return sql<unknown>`json_extract(${sql.ref(column)}, ${path})`
}

/** `(SELECT value FROM json_each(?))`: the values of a list, bound as one parameter whatever its length. */
export function valuesOfList<T extends string | number>(values: readonly T[]): RawBuilder<T> {
  return sql<T>`(SELECT value FROM json_each(${JSON.stringify(values)}))`
}

/** The JSON text of one member of a JSON object column (`column -> path`), NULL when absent. */
export function jsonMember(column: Expression<string | null>, path: string): RawBuilder<string | null> {
  return sql<string | null>`${column} -> ${path}`
}

/** `json_type(column)`: 'object', 'array', 'text', ... or NULL. */
export function jsonType(column: Expression<string | null>): RawBuilder<string | null> {
  return sql<string | null>`json_type(${column})`
}

/** How many members (keys, or items) a JSON value has at its top level. */
export function jsonMemberCount(column: Expression<string | null>): RawBuilder<bigint> {
  return sql<bigint>`(SELECT count(*) FROM json_each(${column}))`
}

/** The top-level keys of a JSON object column, as a table (key, fullkey) to join to its row. */
export function jsonObjectMembers(column: Expression<string | null>) {
  return sql<{ key: string | bigint; fullkey: string }>`json_each(${column})`
}
