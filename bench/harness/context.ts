// What every figure receives: the sizes asked for, where to put scratch files, the shared
// million-payment ledger (built once per run, on first use), and how hard to measure.
import type { BenchEngine, BenchLedger } from '../dataset/ledger-db'
import type { FigureLine } from './measure'

export interface BenchContext {
  /** Where the database figures run; the ledger lives there (ledger().path is a file or a URL). */
  readonly engine: BenchEngine
  /** Payments in the ledger the database figures query (default 1,000,000). */
  readonly payments: number
  /** Payments of the sandbox history the sync figure syncs (default 100,000). */
  readonly syncPayments: number
  /** Payments the ingest figure stores (default 100,000). */
  readonly ingestPayments: number
  /** Measured iterations per timed case (warm-up comes on top). */
  readonly iterations: number
  /** Build the browser preview when it is missing (the startup figure's first paint needs it). */
  readonly buildPreview: boolean
  /** A scratch folder of this run, removed at the end. */
  readonly workDir: string
  /** The shared ledger, built on first call and reused by every later figure of the run. */
  ledger(): BenchLedger
  /** Progress for a person watching (stderr); the JSON lines go to stdout. */
  log(message: string): void
}

export interface Figure {
  readonly name: string
  readonly describe: string
  /** Why the figure is measured on SQLite only (it is skipped on PostgreSQL with this reason); absent: both engines. */
  readonly sqliteOnly?: string
  run(context: BenchContext): Promise<FigureLine[]>
}
