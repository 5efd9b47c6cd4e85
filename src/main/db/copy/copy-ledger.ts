// Moving a desk's ledger into another one (issue #17 item 4: a desk's SQLite file into the team's
// PostgreSQL database), then proving the copy from both sides. Everything goes through kysely on
// two MerchantDb handles, so it runs between any two engines; the one difference, PostgreSQL's
// identity counters, lives in id-counters.ts.
//
// Invariants: books are never overwritten (a target holding any row is refused before anything is
// written); the copy is one transaction on the target, so a failed copy leaves it empty and the
// copy can simply run again; the source is read in one snapshot (a desk syncing meanwhile does not
// tear the copy); ids, audit seq and hashes arrive unchanged, and the result is not trusted but
// compared: rows and content per table, money to the stroop, and the audit chain re-verified.
import { createHash, type Hash } from 'node:crypto'
import type { MerchantDb } from '../open'
import { withReadTransaction } from '../sql/read-transaction'
import { withTransaction } from '../transaction'
import { copyOntoItself, copyTargetNotEmpty } from './copy-errors'
import { readFigures, type Figures } from './figures'
import { continueIdCounter } from './id-counters'
import { countRows, pagesOf, pageRows, writePage, type CopiedRow } from './pages'
import { COPY_ORDER, DESK_SETTINGS, LEDGER_TABLES, TABLE_TREATMENTS, type LedgerTable, type TableTreatment } from './tables'

export interface CopyProgress {
  readonly table: LedgerTable
  readonly done: number
  readonly total: number
}

/** What the audit module's verification says (injected: src/main/audit is built on this folder). */
export interface AuditChainCheck {
  readonly ok: boolean
  readonly entries: number
  readonly headHash: string | null
  readonly reason: string | null
}

export interface CopyLedgerOptions {
  readonly verifyAuditLog: (store: MerchantDb) => Promise<AuditChainCheck>
  readonly onProgress?: (progress: CopyProgress) => void
  /** Rows per page read and per INSERT (at most 1,000 by default; tests use fewer). */
  readonly rowsPerPage?: number
}

export interface TableComparison {
  readonly table: LedgerTable
  readonly treatment: TableTreatment
  readonly sourceRows: bigint
  readonly targetRows: bigint
  /** Copied tables: every row's every copied column read back the same, in key order. */
  readonly sameContent: boolean | null
}

export interface FigureComparison {
  readonly what: string
  readonly source: bigint
  readonly target: bigint
}

export interface CopyReport {
  readonly from: string
  readonly to: string
  readonly tables: readonly TableComparison[]
  readonly figures: readonly FigureComparison[]
  readonly audit: { readonly source: AuditChainCheck; readonly target: AuditChainCheck }
  /** Sentences, one per difference found; empty when the copy is proved. */
  readonly mismatches: readonly string[]
}

/** Copies `source` into the empty ledger `target`, then compares the two. */
export async function copyLedger(source: MerchantDb, target: MerchantDb, options: CopyLedgerOptions): Promise<CopyReport> {
  if (source.path === target.path && source.engine.kind === target.engine.kind) throw copyOntoItself(target.path)

  const copied = await withReadTransaction(source, async (reader) => {
    const sourceRows = await countAll(reader)
    const digests = await withTransaction(target, (tx) => copyInto(reader, tx, sourceRows, options))
    return { sourceRows, digests, figures: await readFigures(reader), audit: await options.verifyAuditLog(reader) }
  })

  const targetRows = await countAll(target)
  const targetDigests = await digestsOf(target, options.rowsPerPage)
  const targetFigures = await readFigures(target)
  const targetAudit = await options.verifyAuditLog(target)

  const tables = LEDGER_TABLES.map((table): TableComparison => {
    const treatment = TABLE_TREATMENTS[table]
    const sourceDigest = copied.digests.get(table)
    return {
      table,
      treatment,
      sourceRows: copied.sourceRows.get(table) ?? 0n,
      targetRows: targetRows.get(table) ?? 0n,
      sameContent: sourceDigest === undefined ? null : sourceDigest === targetDigests.get(table)
    }
  })
  const figures = compareFigures(copied.figures, targetFigures)
  return {
    from: source.path,
    to: target.path,
    tables,
    figures,
    audit: { source: copied.audit, target: targetAudit },
    mismatches: mismatchesOf(tables, figures, copied.audit, targetAudit)
  }
}

async function countAll(store: MerchantDb): Promise<Map<LedgerTable, bigint>> {
  const rows = new Map<LedgerTable, bigint>()
  for (const table of LEDGER_TABLES) rows.set(table, await countRows(store, table, undefined, table === 'settings' ? DESK_SETTINGS : undefined))
  return rows
}

/** Inside the target's transaction: refuse books, write every page, return each table's digest. */
async function copyInto(
  source: MerchantDb,
  target: MerchantDb,
  sourceRows: ReadonlyMap<LedgerTable, bigint>,
  options: CopyLedgerOptions
): Promise<Map<LedgerTable, string>> {
  // Counted under the target's write lock, so two copies into one database cannot both pass.
  const held = [...(await countAll(target))].filter(([, rows]) => rows > 0n)
  if (held.length > 0) {
    // Named by the tables a person keeps books in; the search index and totals only follow them.
    const books = held.filter(([table]) => TABLE_TREATMENTS[table] !== 'rebuilt')
    throw copyTargetNotEmpty(target.path, new Map(books.length > 0 ? books : held))
  }

  const hashes = new Map<LedgerTable, Hash>()
  const done = new Map<LedgerTable, number>()
  for (const table of COPY_ORDER) {
    const total = Number(sourceRows.get(table.table) ?? 0n)
    const hash = hashes.get(table.table) ?? createHash('sha256')
    hashes.set(table.table, hash)
    for await (const page of pagesOf(source, table, pageRows(table, options.rowsPerPage))) {
      await writePage(target, table, page)
      for (const row of page) hash.update(rowText(table.columns, row))
      done.set(table.table, (done.get(table.table) ?? 0) + page.length)
      options.onProgress?.({ table: table.table, done: done.get(table.table)!, total })
    }
    await continueIdCounter(target, table)
  }
  return new Map([...hashes].map(([table, hash]) => [table, hash.digest('hex')]))
}

/** The target read back in the copy's own order (payments: sales, then refunds). */
async function digestsOf(store: MerchantDb, rowsPerPage: number | undefined): Promise<Map<LedgerTable, string>> {
  const hashes = new Map<LedgerTable, Hash>()
  for (const table of COPY_ORDER) {
    const hash = hashes.get(table.table) ?? createHash('sha256')
    hashes.set(table.table, hash)
    for await (const page of pagesOf(store, table, pageRows(table, rowsPerPage))) {
      for (const row of page) hash.update(rowText(table.columns, row))
    }
  }
  return new Map([...hashes].map(([table, hash]) => [table, hash.digest('hex')]))
}

/** One line per row: its values in column order, typed (1n is not "1"), so any change shows. */
function rowText(columns: readonly string[], row: CopiedRow): string {
  const values = columns.map((column) => {
    const value = row[column]
    return typeof value === 'bigint' ? { n: value.toString() } : Buffer.isBuffer(value) ? { b: value.toString('base64') } : value
  })
  return `${JSON.stringify(values)}\n`
}

function compareFigures(source: Figures, target: Figures): FigureComparison[] {
  const names = [...source.keys(), ...[...target.keys()].filter((what) => !source.has(what))]
  return names.map((what) => ({ what, source: source.get(what) ?? 0n, target: target.get(what) ?? 0n }))
}

function mismatchesOf(
  tables: readonly TableComparison[],
  figures: readonly FigureComparison[],
  sourceAudit: AuditChainCheck,
  targetAudit: AuditChainCheck
): string[] {
  const found: string[] = []
  for (const table of tables) {
    if (table.treatment === 'kept_on_this_desk') continue
    if (table.sourceRows !== table.targetRows) found.push(`${table.table}: ${table.sourceRows} rows here, ${table.targetRows} in the copy.`)
    else if (table.sameContent === false) found.push(`${table.table}: the same number of rows, but not the same rows.`)
  }
  for (const figure of figures) {
    if (figure.source !== figure.target) found.push(`${figure.what}: ${figure.source} here, ${figure.target} in the copy.`)
  }
  if (!targetAudit.ok) found.push(`The copy's audit log does not verify: ${targetAudit.reason ?? 'no reason given'}`)
  if (targetAudit.entries !== sourceAudit.entries || targetAudit.headHash !== sourceAudit.headHash) {
    found.push(`The copy's audit log ends at a different entry (${targetAudit.entries} entries, last hash ${targetAudit.headHash ?? 'none'}) than the source's (${sourceAudit.entries}, ${sourceAudit.headHash ?? 'none'}).`)
  }
  return found
}
