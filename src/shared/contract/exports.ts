// Contract pieces of the CSV exports. The renderer chooses a report, a period and a zone (and, for
// payments, the ledger's filters); it never sends a file path: main asks the merchant where to
// save through its own save dialog, and answers with the file's name and control totals.
import { z } from 'zod'
import type { BookTotalsView } from './books'
import { ledgerFilterSchema } from './ledger'

/**
 * Every report, in the order the Exports page offers them. A new report (reconciliation) is one
 * more name here and one more entry in src/main/exports/reports/index.ts.
 */
export const EXPORT_REPORTS = ['payments', 'refunds', 'fees', 'audit', 'reconciliation', 'invoices'] as const
export type ExportReport = (typeof EXPORT_REPORTS)[number]

export const exportRunInput = z.strictObject({
  report: z.enum(EXPORT_REPORTS),
  /**
   * Calendar days in `timeZone`, both included. A payments export that carries the ledger's
   * `filter` may leave both out: it then covers the ledger's own period exactly.
   */
  from: z.iso.date({ message: 'Days are written YYYY-MM-DD' }).optional(),
  to: z.iso.date({ message: 'Days are written YYYY-MM-DD' }).optional(),
  /** IANA zone name; absent: the business time zone from Settings. Main checks that it exists. */
  timeZone: z.string().trim().min(1).max(64).optional(),
  /** Payments only: the ledger's filters, applied to the whole matching set. */
  filter: ledgerFilterSchema.optional()
})
export type ExportRunInput = z.input<typeof exportRunInput>

/** What an export would write, asked before writing it (`exports:count` takes the same input as `exports:run`). */
export interface ExportCountView {
  readonly report: ExportReport
  readonly rows: number
  /** The days it covers, resolved as `exports:run` will resolve them. */
  readonly from: string
  readonly to: string
  readonly timeZone: string
}

/** An export made in this session, named by the id `exports:run` answered with (never a path). */
export const exportIdInput = z.strictObject({
  exportId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'Not an export of this session' })
})

export interface ExportTotalView {
  /** The CSV column summed: gross, fee or net. */
  readonly column: string
  /** Exact 7-decimal Pi, summed as stroops. */
  readonly total: string
}

export interface ExportSavedView {
  readonly outcome: 'saved'
  /** Pass to `exports:verify` to re-check the file on disk. */
  readonly exportId: string
  readonly report: ExportReport
  /** "payments/1": the report's column layout and its version (see the README). */
  readonly schema: string
  readonly fileName: string
  /** The folder the merchant chose. */
  readonly folder: string
  readonly manifestFileName: string
  readonly rows: number
  readonly from: string
  readonly to: string
  readonly timeZone: string
  readonly totals: readonly ExportTotalView[]
  readonly sha256: string
}

export type ExportRunView = ExportSavedView | { readonly outcome: 'not_saved' }

/** One file an export wrote, as the export history keeps it (in the database, across restarts). */
export interface ExportHistoryEntryView extends Omit<ExportSavedView, 'outcome'> {
  /** Who asked for it: the operating-system user for the CLI, "desktop" for the app. */
  readonly requestedBy: string
  /** When it was written, ISO-8601 UTC. */
  readonly createdAt: string
  /** The ledger filters applied (payments only), as the manifest states them; null when none. */
  readonly filters: Readonly<Record<string, unknown>> | null
  /** Payments only: what moved on chain and the rest, by direction; null for other reports. */
  readonly books: BookTotalsView | null
}

export interface ExportHistoryView {
  /** Newest first. */
  readonly entries: readonly ExportHistoryEntryView[]
}

export interface ExportVerifyView {
  readonly ok: boolean
  readonly fileName: string
  readonly rows: number | null
  /** One sentence per mismatch; empty when the file is exactly what was exported. */
  readonly problems: readonly string[]
}

export interface ExportCancelView {
  /** False when no export was running. */
  readonly cancelled: boolean
}
