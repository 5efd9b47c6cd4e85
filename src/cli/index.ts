// `merchant-desk`: the same services as the desktop app, from a terminal or a cron job.
// Exit 0 on success; otherwise non-zero with one clear line on stderr (never a stack, never a secret).
import { Command, CommanderError } from 'commander'
import { isUserFacingError } from '../shared/errors'
import { registerExportCommands } from './commands/export'
import { registerPaymentsCommands } from './commands/payments'
import { registerPayoutCommands } from './commands/payouts'
import { registerQueueCommands } from './commands/queue'
import { registerReconcileCommand } from './commands/reconcile'
import { registerSandboxCommand } from './commands/sandbox'
import { registerSyncCommand } from './commands/sync'

export function buildProgram(): Command {
  const program = new Command()
    .name('merchant-desk')
    .description('The back office of a Pi Network merchant: ledger, queue, refunds, reconciliation, exports.')
    .showHelpAfterError()
    .exitOverride()
    // Options belong to the command they follow: `payouts resume --db F` is resume's --db.
    .enablePositionalOptions()
  registerSandboxCommand(program)
  registerSyncCommand(program)
  registerPaymentsCommands(program)
  registerQueueCommands(program)
  registerPayoutCommands(program)
  registerExportCommands(program)
  registerReconcileCommand(program)
  return program
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander has already printed its message.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : error.exitCode || 2
    }
    if (isUserFacingError(error)) {
      process.stderr.write(`merchant-desk: ${error.message}\n`)
      return 1
    }
    process.stderr.write('merchant-desk: something went wrong inside Merchant Desk; nothing was changed. Try again.\n')
    if (process.env.MERCHANT_DESK_DEBUG) console.error(error)
    return 1
  }
}
