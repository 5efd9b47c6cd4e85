// Runs the chosen figures in order, sharing one generated ledger between them, and hands each
// line to `print` as soon as it is measured (a long run shows its results as it goes).
import { buildLedgerDatabase, type BenchEngine, type BenchLedger } from '../dataset/ledger-db'
import { buildPostgresLedger } from '../dataset/ledger-postgres'
import { csvExportFigure } from '../figures/csv-export'
import { dashboardFigure } from '../figures/dashboard'
import { dbSizeFigure } from '../figures/db-size'
import { ingestFigure } from '../figures/ingest'
import { ledgerPageFigure, searchFigure } from '../figures/ledger-page'
import { startupFigure } from '../figures/startup'
import { syncFigure } from '../figures/sync'
import type { BenchContext, Figure } from './context'
import type { FigureLine } from './measure'

export const FIGURES: readonly Figure[] = [
  ingestFigure,
  ledgerPageFigure,
  searchFigure,
  dashboardFigure,
  csvExportFigure,
  dbSizeFigure,
  syncFigure,
  startupFigure
]

export interface BenchOptions {
  /** Where the database figures run (default sqlite). */
  readonly engine?: BenchEngine
  /** postgres://… with ?schema=: the team server's ledger (engine postgres only). */
  readonly postgresUrl?: string
  /** Figure names to run; null for all. */
  readonly only: readonly string[] | null
  readonly payments: number
  readonly syncPayments: number
  readonly ingestPayments: number
  readonly iterations: number
  /** Build the browser preview when it is missing; otherwise the first-paint figure is left out. */
  readonly buildPreview: boolean
  readonly workDir: string
  readonly ledgerPath: string
  readonly log: (message: string) => void
  readonly print: (line: FigureLine) => void
}

export async function runBench(options: BenchOptions): Promise<FigureLine[]> {
  const unknown = (options.only ?? []).filter((name) => !FIGURES.some((figure) => figure.name === name))
  if (unknown.length > 0) throw new Error(`Unknown figure(s): ${unknown.join(', ')}. Known: ${FIGURES.map((f) => f.name).join(', ')}.`)
  const engine = options.engine ?? 'sqlite'
  const wanted = FIGURES.filter((figure) => options.only === null || options.only.includes(figure.name))
  const chosen = engine === 'sqlite' ? wanted : wanted.filter((figure) => figure.sqliteOnly === undefined)
  for (const figure of wanted) {
    if (!chosen.includes(figure)) options.log(`${figure.name}: skipped on ${engine}: ${figure.sqliteOnly}`)
  }

  let ledger: BenchLedger | null = null
  if (engine === 'postgres' && chosen.length > 0) {
    if (options.postgresUrl === undefined) throw new Error('The postgres engine needs the address of a PostgreSQL server (postgresUrl).')
    // Built before the figures run (it is asynchronous), so ledger() stays a plain call for them.
    options.log(`ledger: ${options.payments} payments in ${options.postgresUrl} (copied from ${options.ledgerPath}; reused if present)`)
    const started = performance.now()
    ledger = await buildPostgresLedger({
      url: options.postgresUrl,
      sqlitePath: options.ledgerPath,
      payments: options.payments,
      onProgress: (phase, ms) => options.log(`ledger: ${phase} in ${(ms / 1000).toFixed(1)} s`)
    })
    options.log(`ledger: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const context: BenchContext = {
    engine,
    payments: options.payments,
    syncPayments: options.syncPayments,
    ingestPayments: options.ingestPayments,
    iterations: options.iterations,
    buildPreview: options.buildPreview,
    workDir: options.workDir,
    log: options.log,
    ledger() {
      if (ledger === null) {
        options.log(`ledger: building ${options.payments} payments at ${options.ledgerPath} (reused if present)`)
        const started = performance.now()
        ledger = buildLedgerDatabase({
          path: options.ledgerPath,
          payments: options.payments,
          onProgress: (phase, ms) => options.log(`ledger: ${phase} in ${(ms / 1000).toFixed(1)} s`)
        })
        options.log(`ledger: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      }
      return ledger
    }
  }

  const lines: FigureLine[] = []
  for (const figure of chosen) {
    options.log(`${figure.name}: ${figure.describe}`)
    for (const measured of await figure.run(context)) {
      // `engine` right after `figure`, so a line says first what was measured and where.
      const { figure: name, ...rest } = measured
      const entry: FigureLine = { figure: name, engine, ...rest }
      lines.push(entry)
      options.print(entry)
    }
  }
  return lines
}
