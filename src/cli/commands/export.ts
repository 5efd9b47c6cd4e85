// `merchant-desk export payments|refunds|fees|audit --from DATE --to DATE [--tz ZONE] --out FILE`
// and `merchant-desk export verify MANIFEST`. The export reads the local database only (no
// network): a progress line on stderr, a summary (or the manifest with --json) on stdout. Each file
// written is kept in the export history, as the app's exports are.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { EXPORT_REPORTS } from '../../shared/contract/exports'
import { UserFacingError } from '../../shared/errors'
import { recordWrittenExport, REPORTS, runExport, verifyExport, type ExportResult } from '../../main/exports'
import { connectionFlags, openCliContext, type CliContext } from '../context'
import { withExamples } from '../help'
import { addLedgerFilterOptions, ledgerFilterFrom, type LedgerFilterFlags } from '../ledger-filter'
import { progressPrinter } from '../progress'

interface ExportFlags extends Omit<LedgerFilterFlags, 'from' | 'to'> {
  from: string
  to: string
  tz?: string
  out: string
  force?: boolean
  json?: boolean
}

export function registerExportCommands(program: Command): Command {
  const exportCommand = withExamples(program.command('export').description('Write CSV files for your accountant, each with a manifest, and check them.'), [
    'merchant-desk export payments --from 2025-03-01 --to 2025-03-31 --out march.csv --db shop.sqlite',
    'merchant-desk export verify march.csv.manifest.json'
  ])

  for (const report of EXPORT_REPORTS) {
    const command = withExamples(exportCommand.command(report).description(`Export ${REPORTS[report].title.toLowerCase()} as CSV.`), [
      `merchant-desk export ${report} --from 2025-03-01 --to 2025-03-31 --tz Europe/Berlin --out march-${report}.csv --db shop.sqlite`,
      ...(REPORTS[report].acceptsLedgerFilter ? [`merchant-desk export ${report} --from 2025-03-01 --to 2025-03-31 --status completed --min 10 --out big-sales.csv`] : [])
    ])
    // The payments export takes the Ledger's filters on top of the period, as the Ledger's button does.
    if (REPORTS[report].acceptsLedgerFilter) addLedgerFilterOptions(command)
    command
      .requiredOption('--from <date>', 'first day, YYYY-MM-DD (business time zone unless --tz)')
      .requiredOption('--to <date>', 'last day, YYYY-MM-DD, included')
      .option('--tz <zone>', 'time zone of the days and of the local timestamps (default: the business time zone)')
      .requiredOption('--out <file>', 'the CSV file to write; the manifest goes next to it as <file>.manifest.json')
      .option('--force', 'replace the file (and its manifest) when they exist; never the database or the app\u2019s files')
      .option('--json', 'print the manifest as JSON')
      .action(async (flags: ExportFlags, command: Command) => {
        const progress = progressPrinter()
        const context = await openCliContext(connectionFlags(command), { needs: 'export' })
        const abort = new AbortController()
        const stop = () => abort.abort()
        process.once('SIGINT', stop)
        try {
          const timeZone = flags.tz ?? businessTimeZone(context)
          const filter = REPORTS[report].acceptsLedgerFilter ? ledgerFilterFrom({ ...flags, from: undefined, to: undefined }, timeZone) : undefined
          const result = await runExport(
            context.store,
            {
              report,
              networkId: context.networkId,
              from: flags.from,
              to: flags.to,
              timeZone,
              ...(filter === undefined ? {} : { filter }),
              appWallet: report === 'fees' ? appWalletFor(context) : null,
              destination: resolve(flags.out),
              replaceExisting: flags.force === true
            },
            { appVersion: appVersion(), signal: abort.signal, onProgress: (p) => progress.update(p) }
          )
          progress.done()
          // Into the history the Exports page lists, as the app's exports do, with who ran it.
          await recordWrittenExport(context.store, { networkId: context.networkId, csvPath: result.csvPath, manifest: result.manifest, requestedBy: context.actor() })
          process.stdout.write(flags.json ? `${JSON.stringify(result.manifest)}\n` : summary(result))
        } finally {
          progress.done()
          process.off('SIGINT', stop)
          await context.close()
        }
      })
  }

  withExamples(
    exportCommand.command('verify').description('Check an export against its manifest: bytes (SHA-256), rows and control totals.'),
    ['merchant-desk export verify march-payments.csv.manifest.json']
  )
    .argument('<manifest>', 'the <file>.manifest.json written next to the export')
    .option('--json', 'print the verdict as JSON')
    .action(async (manifestPath: string, flags: { json?: boolean }) => {
      const verdict = await verifyExport(resolve(manifestPath))
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ok: verdict.ok, rows: verdict.rows, problems: verdict.problems })}\n`)
      } else if (verdict.ok && verdict.manifest) {
        const totals = Object.entries(verdict.manifest.controlTotals).map(([column, total]) => `${column} ${total}`)
        process.stdout.write(
          `The export is intact: ${verdict.manifest.file.name}, ${verdict.rows} rows` +
            `${totals.length ? `, totals ${totals.join(', ')}` : ''}, SHA-256 ${verdict.manifest.file.sha256}.\n`
        )
      } else {
        for (const problem of verdict.problems) process.stdout.write(`${problem}\n`)
      }
      if (!verdict.ok) {
        const count = verdict.problems.length
        throw new UserFacingError('export_changed', `The export does not match its manifest (${count} ${count === 1 ? 'problem' : 'problems'}).`)
      }
    })
  return exportCommand
}

/** The version written into manifests: the package's own (the CLI runs from its source tree). */
function appVersion(): string {
  try {
    const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

function businessTimeZone(context: CliContext): string {
  return context.settings.current().businessTimeZone
}

/** The ledger's app wallet on this network: --wallet, or the one it remembers (or was synced from). */
function appWalletFor(context: CliContext): string {
  if (context.appWallet !== null) return context.appWallet
  throw new UserFacingError(
    'app_wallet_missing',
    'This ledger does not know its app wallet on this network yet: run `merchant-desk sync`, or pass --wallet G...'
  )
}

function summary(result: ExportResult): string {
  const { manifest } = result
  const totals = Object.entries(manifest.controlTotals).map(([column, total]) => `${column} ${total}`)
  return [
    `Exported ${manifest.rowCount} ${manifest.rowCount === 1 ? 'row' : 'rows'} (${manifest.schema.id}, ${manifest.period.from} to ${manifest.period.to}, ${manifest.period.timeZone}) to ${result.csvPath}`,
    ...(totals.length ? [`Control totals: ${totals.join(', ')}`] : []),
    ...(manifest.bookTotals ? [describeBooks(manifest.bookTotals)] : []),
    `SHA-256 ${manifest.file.sha256}`,
    `Manifest: ${result.manifestPath}`
  ].join('\n') + '\n'
}

type Books = NonNullable<ExportResult['manifest']['bookTotals']>

/**
 * The books as an accountant reads them (issue #14, item 4): what moved on chain, by direction,
 * with what did not move named beside it. The control totals above are the file's column sums,
 * which add both directions and every status; they are for checking the file, not for the books.
 */
function describeBooks(books: Books): string {
  const side = (label: string, book: Books['received']) => {
    const beside = (['failed_check', 'pending', 'cancelled'] as const)
      .filter((name) => book[name].count > 0)
      .map((name) => `${name.replace('_', ' ')} ${book[name].amount} Pi (${book[name].count})`)
    return `${label} on chain ${book.on_chain.amount} Pi (${book.on_chain.count})${beside.length ? `, not moved: ${beside.join(', ')}` : ''}`
  }
  return `Books: ${side('received', books.received)}; ${side('paid out', books.paidOut)}`
}
