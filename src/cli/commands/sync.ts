// `merchant-desk sync`: one full sync of the ledger, with a progress line on stderr and a summary
// (or the whole report with --json) on stdout.
import type { Command } from 'commander'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { progressPrinter } from '../progress'

export function registerSyncCommand(program: Command): void {
  withExamples(program.command('sync').description('Bring the ledger up to date from the chain and Pi.'), [
    'merchant-desk sync --network testnet --wallet GABC... --db shop.sqlite   # PI_API_KEY in the environment',
    'merchant-desk sync --network sandbox --db shop.sqlite'
  ])
    .option('--json', 'print the sync report as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const progress = progressPrinter()
      const context = await openCliContext(connectionFlags(command), { needs: 'sync' })
      context.events.on('task:progress', (update) => {
        if (update.task === 'sync') progress.update(update)
      })
      try {
        const abort = new AbortController()
        const stop = () => abort.abort()
        process.once('SIGINT', stop)
        const report = await (await context.workspace()).sync().run({ signal: abort.signal }).finally(() => {
          process.off('SIGINT', stop)
          progress.done()
        })
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`)
        } else {
          const { chain, pi, verification } = report
          process.stdout.write(
            `${report.outcome === 'cancelled' ? 'Sync cancelled' : 'Sync complete'}: ` +
              `${chain.operationsAdded} new chain records, ${pi.paymentsAdded} new and ${pi.paymentsUpdated} updated payments, ` +
              `${pi.directTransfers} direct transfers, ${verification.verified} verified and ${verification.failed} failed chain checks` +
              (report.skippedCount > 0 ? `, ${report.skippedCount} malformed records skipped` : '') +
              '.\n'
          )
        }
        if (report.outcome === 'cancelled') process.exitCode = 130
      } finally {
        await context.close()
      }
    })
}
