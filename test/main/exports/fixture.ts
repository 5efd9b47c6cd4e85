// Shared pieces of the export tests: a file database in a throwaway folder (an export reads
// through a second, read-only connection, so the database must be a file), and the CSV read
// back the way an accountant's tools would read it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { openDatabase, type MerchantDb } from '../../../src/main/db'

export interface ExportWorkspace {
  readonly dir: string
  readonly store: MerchantDb
  /** A path in the folder. */
  file(name: string): string
  remove(): void
}

export function exportWorkspace(options: { now?: () => Date } = {}): ExportWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'md-exports-'))
  const store = openDatabase(join(dir, 'merchant-desk.sqlite'), options.now ? { now: options.now } : {})
  return {
    dir,
    store,
    file: (name) => join(dir, name),
    remove: () => {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export interface ReadCsv {
  readonly header: string[]
  /** Data rows as objects keyed by column name. */
  readonly rows: Record<string, string>[]
  /** The file's first bytes, to check the BOM. */
  readonly bytes: Buffer
}

export function readCsv(path: string): ReadCsv {
  const bytes = readFileSync(path)
  const records = parse(bytes, { bom: true }) as string[][]
  const [header = [], ...data] = records
  return {
    header,
    rows: data.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index] ?? '']))),
    bytes
  }
}

/** Sums a 7-decimal amount column exactly, as stroops. */
export function sumColumn(rows: readonly Record<string, string>[], column: string): bigint {
  return rows.reduce((total, row) => {
    const text = row[column] ?? ''
    if (!/^-?\d+\.\d{7}$/.test(text)) throw new Error(`${column} is not an amount: ${JSON.stringify(text)}`)
    const negative = text.startsWith('-')
    const stroops = BigInt(text.replace('-', '').replace('.', ''))
    return total + (negative ? -stroops : stroops)
  }, 0n)
}
