// What a report is: a versioned column layout and a way to read its rows, oldest first, from a
// read snapshot of the database. Reports hand over raw values (stroops, epoch ms, text); the CSV
// writer alone turns them into cells, so no report can forget to neutralize a text cell or write
// an amount any other way.
import type { Kysely } from 'kysely'
import type { ExportReport } from '../../shared/contract/exports'
import type { NetworkId } from '../../shared/network'
import type { Database } from '../db'
import type { BookTotals, PaymentFilter } from '../ledger'
import type { ExportPeriod } from './export-period'

/**
 * text: neutralized against formulas; amount: bigint stroops written as a 7-decimal number;
 * integer: a whole number; local_time / utc_time: epoch ms written as ISO-8601 in the export's
 * zone (with its offset) or in UTC (with Z).
 */
export type ColumnKind = 'text' | 'amount' | 'integer' | 'local_time' | 'utc_time'

export type CellValue = string | bigint | number | null

export interface ColumnSpec {
  readonly name: string
  readonly kind: ColumnKind
  /** One line for the README and the manifest reader. */
  readonly description: string
}

export interface ReportSource {
  /** A read snapshot (read-snapshot.ts): every query of one export sees the same data. */
  readonly db: Kysely<Database>
  readonly networkId: NetworkId
  readonly period: ExportPeriod
  /** Block explorer base for a transaction link, or null (sandbox). */
  readonly explorerTxUrl: string | null
  /** The app wallet's address, for reports about what it paid; null when not known. */
  readonly appWallet: string | null
  /** The ledger's filters (payments only); the period is applied on top. */
  readonly filter: PaymentFilter | null
}

export interface PreparedReport {
  /** Every column after schema_version, in file order (metadata.* columns included). */
  readonly columns: readonly ColumnSpec[]
  /** How many rows `rows()` yields (counted first, for the progress bar). */
  readonly rowCount: number
  /** The rows' book totals (payments only), summed over the same rows as they were written: read after `rows()` is done. */
  readonly books?: () => BookTotals
  /**
   * One array per row, aligned with `columns`, in batches (a batch is one await for the writer,
   * its rows are written without one). Iterated once, lazily: at most a batch is held in memory.
   */
  rows(): AsyncIterableIterator<readonly (readonly CellValue[])[]>
}

export interface ReportDefinition {
  readonly name: ExportReport
  /** Bumped whenever a column is added, removed, renamed or changes meaning. */
  readonly version: number
  readonly title: string
  /** Amount columns whose sums go into the manifest as control totals. */
  readonly totals: readonly string[]
  /** Whether the ledger's filters may narrow it (payments only). */
  readonly acceptsLedgerFilter: boolean
  /** Opens the report on a read snapshot: its columns, its row count, and its rows to iterate. */
  open(source: ReportSource): Promise<PreparedReport>
}

/** "payments/1": the value of every row's schema_version cell. */
export function schemaId(report: Pick<ReportDefinition, 'name' | 'version'>): string {
  return `${report.name}/${report.version}`
}

/** Shared column specs, so the same column means the same thing in every report. */
export const COMMON_COLUMNS = {
  createdLocal: (what: string): ColumnSpec => ({
    name: 'created_at_local',
    kind: 'local_time',
    description: `When ${what} was created, in the export's time zone, with its UTC offset.`
  }),
  createdUtc: (what: string): ColumnSpec => ({ name: 'created_at_utc', kind: 'utc_time', description: `When ${what} was created, in UTC.` }),
  gross: (meaning: string): ColumnSpec => ({ name: 'gross', kind: 'amount', description: meaning }),
  fee: (meaning: string): ColumnSpec => ({ name: 'fee', kind: 'amount', description: meaning }),
  net: { name: 'net', kind: 'amount', description: 'gross minus fee: what the row did to the app wallet.' } as ColumnSpec,
  txid: { name: 'txid', kind: 'text', description: 'The blockchain transaction id (64 hex characters), empty when none.' } as ColumnSpec,
  ledger: { name: 'ledger', kind: 'integer', description: 'The ledger (block) that holds the transaction, empty when not known.' } as ColumnSpec,
  explorer: { name: 'explorer_url', kind: 'text', description: 'The transaction in the Pi block explorer; empty on the sandbox.' } as ColumnSpec
} as const

export function explorerLink(base: string | null, txid: string | null): string | null {
  return base !== null && txid !== null ? `${base}${txid}` : null
}
