// Streams a report's rows into a CSV file with bounded memory: rows come one at a time from
// SQLite's iterator, csv-text.ts turns each into a line of text, lines are gathered into blocks of
// about 64 KB, and the file stream's backpressure pauses the loop whenever the disk is behind
// (write() answering false), so at most a block and a stream buffer are ever held, whatever the
// row count. The bytes are hashed (SHA-256) on their
// way to the file, and the amount columns are summed as bigint stroops as they are written.
//
// The file is written under a temporary name; the caller renames it once everything succeeded
// (run-export.ts). This module never leaves anything under the final name.
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { open } from 'node:fs/promises'
import { UserFacingError } from '../../shared/errors'
import type { Stroops } from '../../shared/money'
import { CSV_BOM, csvRecord } from './csv-text'
import { formatExportAmount } from './export-amounts'
import type { InstantFormatter } from './export-times'
import { neutralizeCell } from './neutralize-cell'
import type { CellValue, ColumnKind, ColumnSpec } from './report-definition'

export const SCHEMA_VERSION_COLUMN = 'schema_version'
/** How often (in rows) progress is reported. */
const PROGRESS_EVERY = 2000
/** Characters gathered before they are encoded, hashed and handed to the file. */
const BLOCK_CHARACTERS = 64 * 1024

/**
 * UTF-8 with a byte-order mark, because Excel reads a CSV without one in the computer's legacy
 * code page and mangles every accented memo; CRLF line ends (RFC 4180). Cells holding a line
 * break are quoted whatever the line end, so a multi-line memo stays one cell.
 */
export const CSV_FORMAT = { encoding: 'UTF-8 with BOM', delimiter: ',', lineBreak: 'CRLF' } as const

export interface WriteCsvInput {
  readonly tempPath: string
  /** "payments/1": every row's schema_version cell. */
  readonly schemaId: string
  readonly columns: readonly ColumnSpec[]
  /** In batches: the loop awaits once per batch, not per row. */
  readonly rows: AsyncIterable<readonly (readonly CellValue[])[]>
  /** Rows `rows` yields (counted in the same snapshot); a different number is a bug, refused. */
  readonly rowCount: number
  /** Amount columns to sum. */
  readonly totals: readonly string[]
  readonly formatter: InstantFormatter
  readonly onProgress?: (done: number, total: number) => void
  readonly signal?: AbortSignal
}

export interface WrittenCsv {
  readonly rows: number
  readonly bytes: number
  readonly sha256: string
  /** Per summed column, in `totals` order. */
  readonly totals: ReadonlyMap<string, Stroops>
}

export function exportCancelled(): UserFacingError {
  return new UserFacingError('export_cancelled', 'The export was stopped. No file was saved.')
}

export async function writeCsv(input: WriteCsvInput): Promise<WrittenCsv> {
  const header = [SCHEMA_VERSION_COLUMN, ...input.columns.map((column) => column.name)]
  const kinds = input.columns.map((column) => column.kind)
  const summed = input.totals.map((name) => {
    const index = input.columns.findIndex((column) => column.name === name)
    if (index < 0 || input.columns[index]?.kind !== 'amount') throw new Error(`No amount column "${name}" to total`)
    return index
  })
  const sums = summed.map(() => 0n)

  const hash = createHash('sha256')
  let bytes = 0
  const file = createWriteStream(input.tempPath, { flags: 'wx' })
  // Remembered as it happens (and never an unhandled rejection): a disk error fails the stream
  // first and the loop's next write second, and the disk error is the one worth reporting.
  let streamFailure: unknown = null
  const closed = new Promise<void>((resolve, reject) => {
    file.once('close', resolve)
    file.once('error', reject)
  })
  closed.catch((failure: unknown) => {
    streamFailure ??= failure
  })
  // Lines are gathered into one block of text: the hash and the file see a few large writes
  // instead of millions of tiny ones.
  let block = CSV_BOM
  const passBlock = async () => {
    if (block.length === 0) return
    const chunk = Buffer.from(block, 'utf8')
    block = ''
    hash.update(chunk)
    bytes += chunk.length
    // The common case (the stream has room) costs no promise at all.
    if (!file.write(chunk)) await drained(file, closed)
  }

  let rows = 0
  try {
    block += csvRecord(header.map(neutralizeCell))
    input.onProgress?.(0, input.rowCount)
    for await (const batch of input.rows) {
      for (const values of batch) {
        if (input.signal?.aborted) throw exportCancelled()
        const cells: string[] = [input.schemaId]
        for (let index = 0; index < kinds.length; index++) {
          cells.push(encodeCell(kinds[index] as ColumnKind, values[index] ?? null, input.formatter))
        }
        summed.forEach((column, slot) => {
          const value = values[column]
          if (typeof value === 'bigint') sums[slot] = (sums[slot] as bigint) + value
        })
        block += csvRecord(cells)
        if (block.length >= BLOCK_CHARACTERS) await passBlock()
        rows += 1
        if (rows % PROGRESS_EVERY === 0) input.onProgress?.(rows, input.rowCount)
      }
    }
    if (rows !== input.rowCount) throw new Error(`The export wrote ${rows} rows but counted ${input.rowCount}`)
    await passBlock()
    file.end()
    await closed
    await flushToDisk(input.tempPath)
  } catch (error) {
    const cause = error instanceof UserFacingError ? null : streamFailure
    file.destroy()
    await closed.catch(() => undefined)
    throw cause ?? error
  }
  input.onProgress?.(rows, input.rowCount)
  return {
    rows,
    bytes,
    sha256: hash.digest('hex'),
    totals: new Map(input.totals.map((name, slot) => [name, sums[slot] as bigint]))
  }
}

export function encodeCell(kind: ColumnKind, value: CellValue, formatter: InstantFormatter): string {
  if (value === null) return ''
  switch (kind) {
    case 'text':
      return neutralizeCell(String(value))
    case 'amount':
      if (typeof value !== 'bigint') throw new TypeError('An amount cell takes bigint stroops')
      return formatExportAmount(value)
    case 'integer':
      if (typeof value === 'string') throw new TypeError('An integer cell takes a number')
      return String(value)
    case 'local_time':
      return formatter.local(Number(value))
    case 'utc_time':
      return formatter.utc(Number(value))
  }
}

/** Waits while the file is behind; a failed stream ends the wait (with its error). */
async function drained(file: Writable, closed: Promise<void>): Promise<void> {
  await Promise.race([once(file, 'drain'), closed])
}

/** The bytes are on disk before the file gets its final name: a power cut leaves no empty file. */
async function flushToDisk(path: string): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
