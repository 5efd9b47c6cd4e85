// JSON functions (SQLite's json_extract, json_each, ->, json_type; PostgreSQL's json operators and
// json_each): a list handed over as one JSON parameter, and the shop's metadata read key by key.
// PostgreSQL reads the column as `json`, not `jsonb`, so a member's text is what Pi sent; its types
// are renamed to SQLite's ('text', 'integer', 'real', 'true', 'false') so callers see one vocabulary.
import { sql, type Expression, type RawBuilder } from 'kysely'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

type Engine = SqlDialectSource

/** The value at `path` ('$.refund_of') of the JSON text in `column`, as text on PostgreSQL; null when absent. */
export function jsonField(engine: Engine, column: string, path: string): RawBuilder<unknown> {
  if (!isPostgres(engine)) return sql<unknown>`json_extract(${sql.ref(column)}, ${path})`
  const key = /^\$\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path)?.[1]
  if (key === undefined) throw new Error(`Only top-level JSON paths ('$.name') are read on PostgreSQL, not ${path}.`)
  return sql<unknown>`(${sql.ref(column)}::json ->> ${key})`
}

/** The values of a list as a subquery, bound as one parameter whatever its length. */
export function valuesOfList<T extends string | number>(engine: Engine, values: readonly T[]): RawBuilder<T> {
  if (!isPostgres(engine)) return sql<T>`(SELECT value FROM json_each(${JSON.stringify(values)}))`
  const numbers = values.length > 0 && values.every((value) => typeof value === 'number')
  return numbers
    ? sql<T>`(SELECT value::bigint FROM json_array_elements_text(${JSON.stringify(values)}::json) AS value)`
    : sql<T>`(SELECT value FROM json_array_elements_text(${JSON.stringify(values)}::json) AS value)`
}

/**
 * The JSON text of one member of a JSON object column, NULL when absent. `path` is what
 * `jsonObjectMembers` called the member (`fullkey`).
 */
export function jsonMember(engine: Engine, column: Expression<string | null>, path: string): RawBuilder<string | null> {
  if (isPostgres(engine)) return sql<string | null>`(${column}::json -> ${path})::text`
  return sql<string | null>`${column} -> ${path}`
}

/** The JSON type of a value: 'object', 'array', 'text', 'integer', 'real', 'true', 'false', 'null', or NULL. */
export function jsonType(engine: Engine, column: Expression<string | null>): RawBuilder<string | null> {
  if (!isPostgres(engine)) return sql<string | null>`json_type(${column})`
  return sql<string | null>`(CASE json_typeof(${column}::json)
    WHEN 'string' THEN 'text'
    WHEN 'number' THEN CASE WHEN (${column}::json #>> '{}') ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
    WHEN 'boolean' THEN (${column}::json #>> '{}')
    ELSE json_typeof(${column}::json) END)`
}

/** How many members (keys, or items) a JSON value has at its top level (a scalar counts one). */
export function jsonMemberCount(engine: Engine, column: Expression<string | null>): RawBuilder<bigint> {
  if (!isPostgres(engine)) return sql<bigint>`(SELECT count(*) FROM json_each(${column}))`
  return sql<bigint>`(CASE WHEN ${column} IS NULL THEN 0
    WHEN json_typeof(${column}::json) = 'object' THEN (SELECT count(*) FROM json_object_keys(${column}::json))
    WHEN json_typeof(${column}::json) = 'array' THEN json_array_length(${column}::json)::bigint
    ELSE 1 END)`
}

/** The top-level keys of a JSON object column, as a table (key, fullkey) to join to its row. */
export function jsonObjectMembers(engine: Engine, column: Expression<string | null>) {
  if (!isPostgres(engine)) return sql<{ key: string | bigint; fullkey: string }>`json_each(${column})`
  // On PostgreSQL a member is found again by its key, so its "full key" is the key itself.
  return sql<{ key: string | bigint; fullkey: string }>`(SELECT m.key, m.key AS fullkey FROM json_each(${column}::json) AS m)`
}
