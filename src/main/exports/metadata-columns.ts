// The shop's metadata, flattened into columns: one `metadata.<key>` column per top-level key found
// in the exported rows (nested objects and arrays stay one cell, as compact JSON).
//
// Which keys exist is learned before the first row is written, by one SQL pass over the same set
// (json_each, GROUP BY key): SQLite holds one entry per distinct key, never the rows, so memory
// stays bounded however many payments there are. At most MAX_METADATA_COLUMNS keys get a column
// (the most used, then in name order); when some key has none, or a payment's metadata is not an
// object at all, a `metadata_other` column carries that payment's whole metadata as JSON, so
// nothing the shop stored is lost.
//
// Values are read in SQL as their JSON text (`->`), not through JSON.parse of the whole object:
// an order number such as 123456789012345678901 must reach the file digit for digit, not rounded
// to a double. The keys reach SQL as bound parameters (paths SQLite itself wrote), never as text.
import { sql, type AliasedExpression, type Expression, type Kysely, type SelectQueryBuilder } from 'kysely'
import { jsonMember, jsonMemberCount, jsonMemberPath, jsonObjectMembers, jsonType, type Database, type SqlDialectSource } from '../db'
import type { CellValue, ColumnSpec } from './report-definition'

export const MAX_METADATA_COLUMNS = 50
export const METADATA_OTHER_COLUMN = 'metadata_other'

/** The names metadata terms are selected under: md_0, md_1, ... and md_json, md_type, md_keys. */
export type MetadataTermName = `md_${string}`

export interface MetadataLayout {
  readonly keys: readonly string[]
  readonly columns: readonly ColumnSpec[]
  /** Select-list terms over a row's metadata_json column, in `columns` order (bound values: the paths). */
  select(metadataJson: Expression<string | null>): AliasedExpression<unknown, MetadataTermName>[]
  /** As many NULL terms as `select` has, with the same names, for a row without metadata (a UNION arm). */
  nulls(): AliasedExpression<unknown, MetadataTermName>[]
  /** The cells of one row (the record `select` produced), aligned with `columns`. */
  cells(record: Readonly<Record<string, unknown>>): CellValue[]
}

/** `set` selects `metadata_json` of exactly the rows the export writes. */
export async function findMetadataLayout(
  db: Kysely<Database>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query whose rows carry metadata_json
  set: SelectQueryBuilder<any, any, { metadata_json: string | null }>
): Promise<MetadataLayout> {
  const rows = set.as('s')
  // Two passes measured faster than one that groups keys and shapes together (bench, 200,000
  // payments: 0.75 s + 0.2 s against 1.6 s); the second stops at the first row that is not an object.
  const isObject = sql<boolean>`${jsonType(db, sql.ref('s.metadata_json'))} = 'object'`
  const found = await db
    .selectFrom(rows)
    .innerJoin(jsonObjectMembers(db, sql.ref('s.metadata_json')).as('j'), (join) => join.onTrue())
    .select((eb) => [sql<string | bigint>`j.key`.as('key'), eb.fn.min(jsonMemberPath(db, 'j')).as('path'), eb.fn.countAll<bigint>().as('uses')])
    .where(isObject)
    .groupBy(sql`j.key`)
    .orderBy('uses', 'desc')
    .orderBy(sql`j.key`)
    .limit(MAX_METADATA_COLUMNS + 1)
    .execute()
  const { notObjects } = await db
    .selectNoFrom((eb) =>
      eb
        .exists(
          db
            .selectFrom(rows)
            .select(sql.lit(1).as('one'))
            .where('s.metadata_json', 'is not', null)
            .where(sql<boolean>`NOT (${isObject})`)
        )
        .as('notObjects')
    )
    .executeTakeFirstOrThrow()
  const chosen = found
    .slice(0, MAX_METADATA_COLUMNS)
    .map((row) => ({ key: String(row.key), path: row.path }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return layout(db, chosen, found.length > MAX_METADATA_COLUMNS || Number(notObjects) === 1)
}

function layout(db: SqlDialectSource, chosen: readonly { key: string; path: string }[], withOther: boolean): MetadataLayout {
  const names = chosen.map((_, index): MetadataTermName => `md_${index}`)
  const columns: ColumnSpec[] = chosen.map(({ key }) => ({
    name: `metadata.${key}`,
    kind: 'text',
    description: `The shop's metadata value "${key}" (nested values as JSON).`
  }))
  if (withOther) {
    columns.push({
      name: METADATA_OTHER_COLUMN,
      kind: 'text',
      description: 'The whole metadata as JSON, on rows holding keys without a column of their own.'
    })
  }
  const otherNames: MetadataTermName[] = withOther ? ['md_json', 'md_type', 'md_keys'] : []
  return {
    keys: chosen.map(({ key }) => key),
    columns,
    select: (metadataJson) => [
      // The paths are ones the database itself wrote (json_each's fullkey), bound as values, never spliced.
      ...names.map((name, index) => jsonMember(db, metadataJson, chosen[index]?.path ?? '').as(name)),
      ...(withOther
        ? [sql<string | null>`${metadataJson}`.as('md_json'), jsonType(db, metadataJson).as('md_type'), jsonMemberCount(db, metadataJson).as('md_keys')]
        : [])
    ],
    nulls: () => [...names, ...otherNames].map((name) => sql<null>`NULL`.as(name)),
    cells(record) {
      let present = 0
      const row: CellValue[] = names.map((name) => {
        const json = record[name]
        if (typeof json !== 'string') return null // no such key in this row
        present += 1
        return cellOf(json)
      })
      if (withOther) {
        const metadata = record.md_json
        const uncovered = typeof metadata === 'string' && (record.md_type !== 'object' || Number(record.md_keys) > present)
        row.push(uncovered ? metadata : null)
      }
      return row
    }
  }
}

/** A value's JSON text as a cell: a string as its text, null as empty, anything else as JSON. */
function cellOf(json: string): CellValue {
  if (json === 'null') return null
  if (json.startsWith('"')) return JSON.parse(json) as string
  return json.startsWith('{') || json.startsWith('[') ? compactJson(json) : json
}

/**
 * JSON text without the whitespace between its tokens, every token kept as written (a number's
 * digits are never parsed): SQLite hands nested values over compact already, PostgreSQL as the
 * shop sent them, and the file must not depend on the engine.
 */
export function compactJson(json: string): string {
  let out = ''
  let inString = false
  for (let index = 0; index < json.length; index++) {
    const char = json[index]!
    if (inString) {
      out += char
      if (char === '\\') out += json[++index] ?? ''
      else if (char === '"') inString = false
    } else if (char === '"') {
      inString = true
      out += char
    } else if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') {
      out += char
    }
  }
  return out
}
