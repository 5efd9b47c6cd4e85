// `merchant-desk export verify MANIFEST`: re-reads an export and says, one sentence per problem,
// whether it is still what the manifest describes: the same bytes (SHA-256 and size), the same
// header, the same number of rows, amounts that are amounts, net = gross - fee on every row, and
// the same control totals (recomputed as bigint stroops), and the same book totals by direction. The file is streamed through csv-parse,
// so a file of any size is checked in bounded memory.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import { formatPi, type Stroops } from '../../shared/money'
import { bookCheck, type BookCheck } from './book-check'
import { parseExportAmount } from './export-amounts'
import { manifestSchema, type ExportManifest } from './manifest'
import { SCHEMA_VERSION_COLUMN } from './write-csv'

export interface ExportVerification {
  readonly ok: boolean
  /** One sentence per mismatch; empty when the file is exactly what was exported. */
  readonly problems: readonly string[]
  readonly manifest: ExportManifest | null
  /** The CSV the manifest names (next to it), or null when the manifest could not be read. */
  readonly csvPath: string | null
  /** Data rows found in the file, or null when it could not be read. */
  readonly rows: number | null
}

/** Row-level problems listed one by one before the rest are only counted. */
const ROW_PROBLEMS_SHOWN = 5

export async function verifyExport(manifestPath: string): Promise<ExportVerification> {
  const loaded = await loadManifest(manifestPath)
  if ('problem' in loaded) return { ok: false, problems: [loaded.problem], manifest: null, csvPath: null, rows: null }
  const manifest = loaded.manifest
  const csvPath = join(dirname(manifestPath), manifest.file.name)
  const size = await stat(csvPath).catch(() => null)
  if (size === null || !size.isFile()) {
    const problem = `The file ${manifest.file.name} is not next to its manifest; move the two together and verify again.`
    return { ok: false, problems: [problem], manifest, csvPath, rows: null }
  }

  const problems: string[] = []
  const rowProblems: string[] = []
  const { rows, sha256, bytes, sums, parseError, books } = await readExport(csvPath, manifest, rowProblems)
  if (parseError !== null) problems.push(parseError)
  if (sha256 !== manifest.file.sha256) {
    problems.push(`The file's SHA-256 is ${sha256}, but the manifest says ${manifest.file.sha256}: the file was changed after it was exported.`)
  }
  if (bytes !== manifest.file.bytes) problems.push(`The file holds ${bytes} bytes, but the manifest says ${manifest.file.bytes}.`)
  if (rows !== manifest.rowCount) {
    problems.push(`The file has ${rows} ${rows === 1 ? 'row' : 'rows'}, but the manifest says ${manifest.rowCount}: rows were added or removed.`)
  }
  for (const [column, expected] of Object.entries(manifest.controlTotals)) {
    const total = sums.get(column)
    if (total === undefined) continue // a missing column is already reported with the header
    if (formatPi(total) !== expected) {
      problems.push(`The ${column} column adds up to ${formatPi(total)}, but the manifest's control total is ${expected}.`)
    }
  }
  if (parseError === null) problems.push(...(books?.problems() ?? []))
  problems.push(...rowProblems.slice(0, ROW_PROBLEMS_SHOWN))
  if (rowProblems.length > ROW_PROBLEMS_SHOWN) {
    problems.push(`${rowProblems.length - ROW_PROBLEMS_SHOWN} more rows have problems like these.`)
  }
  return { ok: problems.length === 0, problems, manifest, csvPath, rows }
}

async function loadManifest(path: string): Promise<{ manifest: ExportManifest } | { problem: string }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return { problem: `Could not read the manifest ${path}. Check the path and try again.` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { problem: `${path} is not JSON, so it is not an export manifest.` }
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
    return { problem: `${path} is not a Merchant Desk export manifest, or it was edited${where}.` }
  }
  return { manifest: parsed.data }
}

interface ReadOutcome {
  readonly rows: number
  readonly sha256: string
  readonly bytes: number
  readonly sums: ReadonlyMap<string, Stroops>
  readonly parseError: string | null
  readonly books: BookCheck | null
}

async function readExport(csvPath: string, manifest: ExportManifest, rowProblems: string[]): Promise<ReadOutcome> {
  const hash = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      bytes += chunk.length
      callback(null, chunk)
    }
  })
  const source = createReadStream(csvPath)
  const parser = parse({ bom: true, relax_column_count: true })
  source.on('error', (error) => parser.destroy(error))
  source.pipe(tap).pipe(parser)

  const totals = Object.keys(manifest.controlTotals)
  const sums = new Map<string, Stroops>()
  let header: string[] | null = null
  let indexes: { total: Map<string, number>; gross: number; fee: number; net: number } | null = null
  let books: BookCheck | null = null
  let rows = 0
  let parseError: string | null = null
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = record
        const difference = headerDifference(record, manifest.columns)
        if (difference !== null) rowProblems.unshift(difference)
        const at = (name: string) => record.indexOf(name)
        indexes = { total: new Map(totals.map((name) => [name, at(name)])), gross: at('gross'), fee: at('fee'), net: at('net') }
        for (const [name, index] of indexes.total) if (index >= 0) sums.set(name, 0n)
        books = bookCheck(manifest, record)
        continue
      }
      rows += 1
      books?.add(record)
      checkRow(record, rows, header, manifest, indexes!, sums, rowProblems)
    }
  } catch (error) {
    parseError = `The file is not valid CSV after row ${rows}: ${error instanceof Error ? error.message : 'unreadable'}.`
    source.destroy()
    // Reading stopped early: hash the whole file on its own, so its hash is still compared.
    const whole = await hashFile(csvPath)
    return { rows, ...whole, sums, parseError, books }
  }
  return { rows, sha256: hash.digest('hex'), bytes, sums, parseError, books }
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    bytes += chunk.length
  }
  return { sha256: hash.digest('hex'), bytes }
}

function headerDifference(header: readonly string[], expected: readonly string[]): string | null {
  const length = Math.max(header.length, expected.length)
  for (let index = 0; index < length; index++) {
    if (header[index] !== expected[index]) {
      return `The header differs from the manifest's columns at column ${index + 1}: "${header[index] ?? '(none)'}" instead of "${expected[index] ?? '(none)'}".`
    }
  }
  return null
}

function checkRow(
  record: readonly string[],
  row: number,
  header: readonly string[],
  manifest: ExportManifest,
  indexes: { total: ReadonlyMap<string, number>; gross: number; fee: number; net: number },
  sums: Map<string, Stroops>,
  problems: string[]
): void {
  if (record.length !== header.length) {
    problems.push(`Row ${row} has ${record.length} cells instead of ${header.length}.`)
    return
  }
  if (record[header.indexOf(SCHEMA_VERSION_COLUMN)] !== manifest.schema.id) {
    problems.push(`Row ${row} does not say schema_version ${manifest.schema.id}.`)
  }
  const amount = (index: number): Stroops | null => (index < 0 ? null : parseExportAmount(record[index] ?? ''))
  for (const [name, index] of indexes.total) {
    if (index < 0) continue
    const value = amount(index)
    if (value === null) problems.push(`Row ${row}: ${name} is "${record[index] ?? ''}", not an amount written like 12.5000000.`)
    else sums.set(name, (sums.get(name) ?? 0n) + value)
  }
  const [gross, fee, net] = [amount(indexes.gross), amount(indexes.fee), amount(indexes.net)]
  if (gross !== null && fee !== null && net !== null && gross - fee !== net) {
    problems.push(`Row ${row}: net ${formatPi(net)} is not gross ${formatPi(gross)} minus fee ${formatPi(fee)}.`)
  }
}
