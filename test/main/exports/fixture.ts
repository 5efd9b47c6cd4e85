// Shared pieces of the export tests: a file database in a throwaway folder (an export reads
// through a second, read-only connection, so the database must be a file), and the CSV read
// back the way an accountant's tools would read it.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { openTempLedger, type TempLedger } from '../../support'

export interface ExportWorkspace extends TempLedger {
  /** Closes the ledger and removes the folder with every file written into it. */
  remove(): void
}

export function exportWorkspace(options: { now?: () => Date } = {}): ExportWorkspace {
  const ledger = openTempLedger(options.now ? { now: options.now } : {})
  return { ...ledger, remove: ledger.close }
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
