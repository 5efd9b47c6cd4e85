// Reading a table in pages and writing a page, for any table of the copy plan. Keyset pages in
// key order (a unique index on both engines), so each page costs the same however far in it is,
// and both sides are read in the same order for the content check. Row values compare the same
// way in SQLite and PostgreSQL, so nothing here depends on the engine.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { MerchantDb } from '../open'
import type { CopiedTable, LedgerTable } from './tables'

/** A row as the copy moves it: column name to value, untouched (bigint, text, null). */
export type CopiedRow = Readonly<Record<string, unknown>>

/** One table name, its columns unknown to the compiler: the copy plan (tables.ts) checks them instead. */
type AnyTable = Kysely<Record<string, Record<string, unknown>>>

function anyTable(store: MerchantDb): AnyTable {
  return store.db as unknown as AnyTable
}

/** Both engines bind at least 32,766 values per statement; a page stays under that. */
const MAX_VALUES_PER_STATEMENT = 30_000

/** Rows per page and per INSERT: 1,000, fewer for a table so wide that 1,000 rows would pass the limit. */
export function pageRows(table: CopiedTable, wanted = 1000): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_VALUES_PER_STATEMENT / table.columns.length)))
}

/** The rows of `table` (this pass only), in key order, one page at a time. */
export async function* pagesOf(store: MerchantDb, table: CopiedTable, rowsPerPage = pageRows(table)): AsyncGenerator<CopiedRow[]> {
  let after: unknown[] | null = null
  for (;;) {
    const page: CopiedRow[] = await readPage(store, table, after, rowsPerPage)
    if (page.length > 0) yield page
    if (page.length < rowsPerPage) return
    const last = page[page.length - 1]!
    after = table.key.map((column) => last[column])
  }
}

async function readPage(store: MerchantDb, table: CopiedTable, after: unknown[] | null, rows: number): Promise<CopiedRow[]> {
  return pageQuery(store, table, after, rows).execute()
}

/** The query of one page after the key values `after` (the first page: null). Exported for its plan test. */
export function pageQuery(store: MerchantDb, table: CopiedTable, after: readonly unknown[] | null, rows: number) {
  let query = anyTable(store).selectFrom(table.table).select(table.columns.map((column) => sql.ref(column).as(column)))
  if (table.only !== undefined) {
    query = query.where(sql.ref(table.only.column), 'is', table.only.isNull ? null : sql`not null`)
  }
  query = leavingDeskRows(query, table.staysOnDesk)
  if (after !== null) {
    const key = sql.join(table.key.map((column) => sql.ref(column)))
    query = query.where(sql<boolean>`(${key}) > (${sql.join(after)})`)
  }
  for (const column of table.key) query = query.orderBy(sql.ref(column))
  return query.limit(rows)
}

/** Writes one page; an id the target assigns itself is left out, for it to number in this order. */
export async function writePage(store: MerchantDb, table: CopiedTable, page: readonly CopiedRow[]): Promise<void> {
  const assigned = table.id?.assignedByTarget ? table.id.column : null
  const rows = page.map((row) => {
    const written: Record<string, unknown> = {}
    for (const column of table.columns) if (column !== assigned) written[column] = row[column]
    return written
  })
  await anyTable(store).insertInto(table.table).values(rows).execute()
}

/** Leaves out the rows that describe the desk (`staysOnDesk`), as text prefixes of their key. */
function leavingDeskRows<Q extends { where(expression: RawBuilder<boolean>): Q }>(query: Q, staysOnDesk: CopiedTable['staysOnDesk']): Q {
  if (staysOnDesk === undefined) return query
  const column = sql.ref(staysOnDesk.column)
  return staysOnDesk.prefixes.reduce((narrowed, prefix) => narrowed.where(sql<boolean>`substr(${column}, 1, ${prefix.length}) <> ${prefix}`), query)
}

/** How many rows `table` holds (all of them, or this pass's; never the desk's own, `staysOnDesk`). */
export async function countRows(
  store: MerchantDb,
  table: LedgerTable,
  only?: CopiedTable['only'],
  staysOnDesk?: CopiedTable['staysOnDesk']
): Promise<bigint> {
  let query = anyTable(store)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<bigint>().as('rows'))
  if (only !== undefined) query = query.where(sql.ref(only.column), 'is', only.isNull ? null : sql`not null`)
  query = leavingDeskRows(query, staysOnDesk)
  const row = await query.executeTakeFirstOrThrow()
  return BigInt(row.rows as bigint)
}
