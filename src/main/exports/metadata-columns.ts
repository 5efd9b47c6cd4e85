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
import type SqliteDatabase from 'better-sqlite3'
import type { PlainSql } from '../ledger'
import type { CellValue, ColumnSpec } from './report-definition'

export const MAX_METADATA_COLUMNS = 50
export const METADATA_OTHER_COLUMN = 'metadata_other'

export interface MetadataLayout {
  readonly keys: readonly string[]
  readonly columns: readonly ColumnSpec[]
  /** Select-list terms over `alias` (a row with a metadata_json column), in `columns` order. */
  select(alias: string): string
  /** As many NULL terms as `select` has, for a row without metadata (a UNION arm). */
  readonly nulls: string
  /** Named parameters the select terms use; bind them with the statement's other parameters. */
  readonly params: Readonly<Record<string, string>> | null
  /** The cells of one row (the record `select` produced), aligned with `columns`. */
  cells(record: Readonly<Record<string, unknown>>): CellValue[]
}

/** `set` selects `metadata_json` of exactly the rows the export writes. */
export function findMetadataLayout(sqlite: SqliteDatabase.Database, set: PlainSql): MetadataLayout {
  const found = sqlite
    .prepare(
      `SELECT j.key AS key, min(j.fullkey) AS path, count(*) AS uses FROM (${set.sql}) AS s, json_each(s.metadata_json) AS j
       WHERE json_type(s.metadata_json) = 'object'
       GROUP BY j.key ORDER BY uses DESC, j.key LIMIT ${MAX_METADATA_COLUMNS + 1}`
    )
    .all(...set.params) as { key: string | bigint; path: string; uses: bigint }[]
  const notObjects = sqlite
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM (${set.sql}) AS s
       WHERE s.metadata_json IS NOT NULL AND json_type(s.metadata_json) <> 'object')`
    )
    .pluck()
    .get(...set.params) as bigint
  const chosen = found
    .slice(0, MAX_METADATA_COLUMNS)
    .map((row) => ({ key: String(row.key), path: row.path }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return layout(chosen, found.length > MAX_METADATA_COLUMNS || notObjects === 1n)
}

function layout(chosen: readonly { key: string; path: string }[], withOther: boolean): MetadataLayout {
  const names = chosen.map((_, index) => `md_${index}`)
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
  const otherTerms = (alias: string) =>
    `${alias}.metadata_json AS md_json, json_type(${alias}.metadata_json) AS md_type,
     (SELECT count(*) FROM json_each(${alias}.metadata_json)) AS md_keys`
  const terms = (alias: string) => [
    ...names.map((name) => `${alias}.metadata_json -> @${name} AS ${name}`),
    ...(withOther ? [otherTerms(alias)] : [])
  ]
  const nullCount = names.length + (withOther ? 3 : 0)
  return {
    keys: chosen.map(({ key }) => key),
    columns,
    select: (alias) => terms(alias).join(', '),
    nulls: Array.from({ length: nullCount }, () => 'NULL').join(', '),
    params: names.length === 0 ? null : Object.fromEntries(names.map((name, index) => [name, chosen[index]?.path ?? ''])),
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
  return json.startsWith('"') ? (JSON.parse(json) as string) : json
}
