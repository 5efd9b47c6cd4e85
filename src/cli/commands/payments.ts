// `merchant-desk payments ...`: the ledger from a terminal. --json prints payments with
// PaymentDTO field names and amounts as 7-decimal strings.
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { UserFacingError } from '../../shared/errors'
import { requireAppWallet } from '../../main/network'
import { parseIdsFromText, trackPayments } from '../../main/tracking'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { registerPaymentsListCommands } from './payments-list'

export function registerPaymentsCommands(program: Command): Command {
  const payments = withExamples(program.command('payments').description('The payment ledger: list, show, track ids.'), [
    'merchant-desk payments list --status completed --limit 20 --db shop.sqlite',
    'merchant-desk payments track --file orders.csv --db shop.sqlite'
  ])

  withExamples(
    payments
      .command('track')
      .description("Fetch and keep payments by id (from the shop's backend), including ones that never reached the chain.")
      .argument('[ids...]', 'payment ids')
      .option('--file <csv>', 'a file of ids: one per line, or a CSV export with an id column')
      .option('--json', 'print one result per id as JSON'),
    ['merchant-desk payments track <paymentId> <paymentId> --db shop.sqlite', 'merchant-desk payments track --file orders.csv']
  ).action(async (ids: string[], flags: { file?: string; json?: boolean }, command: Command) => {
    const all = [...ids]
    if (flags.file) {
      const text = await readFile(flags.file, 'utf8').catch(() => {
        throw new UserFacingError('file_unreadable', `Could not read ${flags.file}. Check the path and try again.`)
      })
      all.push(...parseIdsFromText(text).ids)
    }
    if (all.length === 0) throw new UserFacingError('no_ids', 'Give payment ids as arguments or with --file ids.csv.')
    const context = await openCliContext(connectionFlags(command), { needs: 'sync' })
    try {
      const connection = await context.connect()
      const results = await trackPayments({
        store: context.store,
        pi: connection.pi,
        horizon: connection.horizon,
        networkId: context.networkId,
        appWallet: requireAppWallet(connection),
        ids: all
      })
      if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`)
      else for (const r of results) process.stdout.write(`${r.id}\t${r.outcome}${r.message ? `\t${r.message}` : ''}\n`)
      if (results.some((r) => r.outcome === 'failed' || r.outcome === 'invalid')) process.exitCode = 1
    } finally {
      await context.close()
    }
  })
  registerPaymentsListCommands(payments)
  return payments
}
