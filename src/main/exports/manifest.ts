// The manifest written next to every export (`<file>.manifest.json`): what the file is (report,
// schema and version, columns), what it covers (network, period, zone, filters), and what it must
// add up to (row count, control totals as exact 7-decimal sums, SHA-256 of the bytes), so that an
// accountant (or `merchant-desk export verify`) can tell whether the file is still the one made.
//
// The CSV is named by its file name only, resolved next to the manifest: the pair can be moved or
// mailed together, and a manifest can never point the verifier at some other file on the disk.
import { z } from 'zod'
import { BOOK_CLASSES, type BookClass } from '../../shared/contract/books'
import { EXPORT_REPORTS } from '../../shared/contract/exports'
import { NETWORK_IDS } from '../../shared/network'
import { CSV_FORMAT } from './write-csv'

export const MANIFEST_VERSION = 1
export const MANIFEST_SUFFIX = '.manifest.json'

const amountText = z.string().regex(/^-?\d{1,12}\.\d{7}$/)
const plainFileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\]/.test(name) && name !== '.' && name !== '..', { message: 'a file name without a folder' })

const bookTally = z.object({ count: z.number().int().nonnegative(), amount: amountText })
const directionBook = z.object(Object.fromEntries(BOOK_CLASSES.map((name) => [name, bookTally])) as Record<BookClass, typeof bookTally>)

export const manifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  report: z.enum(EXPORT_REPORTS),
  schema: z.object({ id: z.string().min(1), version: z.number().int().positive() }),
  network: z.enum(NETWORK_IDS),
  period: z.object({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.string().min(1),
    /** The first instant covered and the first one after, in UTC. */
    startUtc: z.iso.datetime(),
    endUtc: z.iso.datetime()
  }),
  /** The ledger filters applied on top of the period (payments only); null when none. */
  filters: z.record(z.string(), z.unknown()).nullable(),
  file: z.object({
    name: plainFileName,
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    encoding: z.literal(CSV_FORMAT.encoding),
    delimiter: z.literal(CSV_FORMAT.delimiter),
    lineBreak: z.literal(CSV_FORMAT.lineBreak)
  }),
  columns: z.array(z.string()).min(1),
  rowCount: z.number().int().nonnegative(),
  /** Sums of the amount columns, exact (summed as stroops), as 7-decimal text. */
  controlTotals: z.record(z.string(), amountText),
  /**
   * Payments only: the rows for the books, by direction (received, paidOut) and class (what moved
   * on chain, failed chain checks, pending, cancelled), amounts >= 0. The dashboard and the
   * ledger's footer show the same sums for the same set. Absent from manifests of other reports
   * and from those written before it existed.
   */
  bookTotals: z.object({ received: directionBook, paidOut: directionBook }).optional(),
  createdAt: z.iso.datetime(),
  appVersion: z.string().min(1)
})

export type ExportManifest = z.infer<typeof manifestSchema>

export function manifestPathFor(csvPath: string): string {
  return `${csvPath}${MANIFEST_SUFFIX}`
}

/** Two-space JSON with a final newline: readable in any editor, stable byte for byte. */
export function manifestText(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}
