// `merchant-desk reconcile [--from DATE] [--to DATE] [--tz ZONE] [--incomplete-hours N] [--no-sync] [--json]`:
// syncs, reconciles the period (the ledger against Pi and the chain, and the wallet check), saves
// the report as the desktop app does, and prints it grouped by type (or as JSON). A progress line
// goes to stderr. Exit status 3 when discrepancies were found, so a cron job can tell; 0 when the
// period reconciles; 1 on an error (nothing saved).
import type { Command } from 'commander'
import { DateTime } from 'luxon'
import type { ReconcileReportView, WalletCheckView } from '../../shared/contract/reconcile'
import { UserFacingError } from '../../shared/errors'
import { checkTimeZone, exportPeriod } from '../../main/exports'
import { requireAppWallet } from '../../main/network'
import { ReconciliationStore, reportView, runReconciliation } from '../../main/reconcile'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { parseNonNegativeInt } from '../parse'
import { progressPrinter } from '../progress'

/** The exit status when the reconciliation found discrepancies (the report is saved). */
export const DISCREPANCIES_FOUND_EXIT = 3

interface ReconcileFlags {
  from?: string
  to?: string
  tz?: string
  incompleteHours?: string
  sync: boolean
  json?: boolean
}

export function registerReconcileCommand(program: Command): void {
  withExamples(
    program
      .command('reconcile')
      .description("Reconcile a period: the ledger against Pi's records and the chain, and the app wallet's balance.")
      .option('--from <date>', 'first day, YYYY-MM-DD (default: the first day of this month)')
      .option('--to <date>', 'last day, YYYY-MM-DD, included (default: today)')
      .option('--tz <zone>', 'time zone of the days (default: the business time zone)')
      .option('--incomplete-hours <n>', 'report payments still open at Pi after this many hours (default 24)')
      .option('--no-sync', 'reconcile the ledger as it is, without syncing first')
      .option('--json', 'print the report as JSON')
      .addHelpText('after', '\nExit status: 0 when the period reconciles, 3 when discrepancies were found (the report is saved), 1 on an error.'),
    ['merchant-desk reconcile --from 2025-03-01 --to 2025-03-31 --tz Europe/Berlin --db shop.sqlite', 'merchant-desk reconcile --no-sync --json']
  ).action(async (flags: ReconcileFlags, command: Command) => {
    const progress = progressPrinter()
    const context = await openCliContext(connectionFlags(command), { needs: 'reconcile' })
    context.events.on('task:progress', (update) => {
      if (update.task === 'sync') progress.update(update)
    })
    const abort = new AbortController()
    const stop = () => abort.abort()
    process.once('SIGINT', stop)
    try {
      const timeZone = checkTimeZone(flags.tz ?? context.settings.current().businessTimeZone)
      const today = DateTime.now().setZone(timeZone)
      const from = flags.from ?? today.startOf('month').toISODate()!
      const to = flags.to ?? today.toISODate()!
      const incompleteHours = flags.incompleteHours === undefined ? undefined : parseHours(flags.incompleteHours)
      // Refused before connecting: on the sandbox, connecting starts a new simulated chain.
      exportPeriod(from, to, timeZone)

      const workspace = await context.workspace()
      const appWallet = requireAppWallet(workspace.connection)
      const pi = workspace.connection.pi
      if (flags.sync) {
        const report = await workspace.sync().run({ signal: abort.signal })
        if (report.outcome === 'cancelled') throw new UserFacingError('reconcile_cancelled', 'Stopped during the sync; nothing was reconciled.')
      }
      const result = await runReconciliation({
        store: context.store,
        pi,
        horizon: workspace.connection.horizon,
        networkId: context.networkId,
        appWallet,
        from,
        to,
        timeZone,
        ...(incompleteHours !== undefined ? { thresholds: { incompleteAfterMs: incompleteHours * 3_600_000 } } : {}),
        signal: abort.signal,
        onProgress: (p) => progress.update(p)
      })
      progress.done()
      const reports = new ReconciliationStore(context.store)
      const runId = await reports.save(result, context.actor())
      const report = await reportView(reports, runId, Number.MAX_SAFE_INTEGER)
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : describeReport(report))
      if (report.run.itemCount > 0) process.exitCode = DISCREPANCIES_FOUND_EXIT
    } finally {
      progress.done()
      process.off('SIGINT', stop)
      await context.close()
    }
  })
}

function parseHours(text: string): number {
  const hours = parseNonNegativeInt(text, '--incomplete-hours')
  if (hours < 1) throw new UserFacingError('invalid_option', '--incomplete-hours takes a whole number of hours, 1 or more.')
  return hours
}

export function describeReport({ run, groups }: ReconcileReportView): string {
  const lines = [
    `Reconciliation #${run.id}: ${run.from} to ${run.to} (${run.timeZone}), ${run.network}, app wallet ${run.wallet}`,
    `Checked ${run.paymentsChecked} ${run.paymentsChecked === 1 ? 'payment' : 'payments'} ` +
      `(${run.piRecordsRead} read again from Pi) and ${run.transactionsChecked} ${run.transactionsChecked === 1 ? 'transaction' : 'transactions'}.`,
    '',
    ...describeWallet(run.walletCheck),
    ''
  ]
  if (groups.length === 0) {
    lines.push('No discrepancies: the ledger, Pi and the chain agree for this period.')
    return `${lines.join('\n')}\n`
  }
  lines.push(`${run.itemCount} ${run.itemCount === 1 ? 'discrepancy' : 'discrepancies'}, saved as reconciliation #${run.id}:`)
  for (const group of groups) {
    lines.push('', `${group.label} (${group.count})`)
    for (const item of group.items) {
      lines.push(`  #${item.id}  ${item.subjectKind} ${item.subject}${item.amount === null ? '' : `  ${item.amount} Pi`}`)
      for (const evidence of item.evidence) {
        const expected = evidence.expected === null ? '' : `expected ${evidence.expected}`
        const found = evidence.found === null ? '' : `found ${evidence.found}`
        lines.push(`      ${evidence.what}: ${[expected, found].filter(Boolean).join(', ')}`)
      }
      lines.push(`      What to do: ${item.sentence}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function describeWallet(check: WalletCheckView): string[] {
  const verdict =
    check.balanced === null
      ? 'not checkable (the synced history does not reach back to the wallet\u2019s creation)'
      : check.balanced
        ? 'balanced'
        : `off by ${check.difference} Pi${check.historyBehind ? ' (the chain has movements not synced yet)' : ''}`
  const figure = (label: string, value: string) => `  ${label.padEnd(26)}${value.padStart(20)}`
  return [
    `Wallet check: ${verdict}`,
    figure('Opening balance', check.openingBalance),
    figure('+ received', check.received),
    figure('- paid', check.paid),
    figure('- fees', check.fees),
    figure('= closing (ledger)', check.expectedClosing),
    figure('Closing on the chain', check.closingOnChain),
    figure('Difference', check.difference)
  ]
}
