// `merchant-desk`: the same services as the desktop app, from a terminal or a cron job.
// Exit 0 on success; otherwise non-zero with one clear line on stderr (never a stack, never a
// secret). Exit 4: a refund or payout above the person's policy became an approval request
// (nothing was paid; a script can tell it from a failure). An internal error's stack goes to a log file in the data folder, named in that line.
import { Command, CommanderError } from 'commander'
import { isUserFacingError } from '../shared/errors'
import { registerDatabaseCommands } from './commands/db-copy'
import { registerExportCommands } from './commands/export'
import { registerGatewayCommand } from './commands/gateway'
import { registerPaymentsCommands } from './commands/payments'
import { registerPeopleCommands } from './commands/people'
import { registerPolicyCommands } from './commands/policy'
import { registerRequestCommands } from './commands/requests'
import { registerPayoutCommands } from './commands/payouts'
import { registerPostbackCommands } from './commands/postbacks'
import { registerQueueCommands } from './commands/queue'
import { registerReconcileCommand } from './commands/reconcile'
import { registerSandboxCommand } from './commands/sandbox'
import { registerSyncCommand } from './commands/sync'
import { registerInvoiceCommands } from './commands/invoice'
import { addConnectionOptions } from './context'
import { withExamples } from './help'
import { describeInternalError, errorDetails } from './internal-error'

/** The exit status when a refund or payout waits for another person's approval (nothing was paid). */
export const APPROVAL_REQUESTED_EXIT = 4

export function buildProgram(): Command {
  const program = new Command()
    .name('merchant-desk')
    .description('The back office of a Pi Network merchant: ledger, queue, refunds, reconciliation, exports.')
    .showHelpAfterError()
    .exitOverride()
    // Every command's --help lists the connection options it accepts (set before the commands
    // are added: they copy it).
    .configureHelp({ showGlobalOptions: true })
  // Global: accepted by every command, before or after its name, and ignored where not needed.
  addConnectionOptions(program)
  withExamples(program, [
    'merchant-desk sync --network testnet --wallet GABC... --db shop.sqlite   # PI_API_KEY in the environment',
    'merchant-desk queue --network sandbox',
    'merchant-desk <command> --help'
  ]).addHelpText(
    'after',
    '\nOn a ledger with people, every command acts as MERCHANT_DESK_USER, unlocked by MERCHANT_DESK_USER_SECRET (see `merchant-desk people --help`).\n'
  )
  registerSandboxCommand(program)
  registerSyncCommand(program)
  registerPaymentsCommands(program)
  registerQueueCommands(program)
  registerPayoutCommands(program)
  registerExportCommands(program)
  registerReconcileCommand(program)
  registerPeopleCommands(program)
  registerPolicyCommands(program)
  registerRequestCommands(program)
  registerInvoiceCommands(program)
  registerPostbackCommands(program)
  registerDatabaseCommands(program)
  registerGatewayCommand(program)
  return program
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let ran: string | null = null
  try {
    const program = buildProgram().hook('preAction', (_program, command) => {
      ran = commandPath(command)
    })
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander has already printed its message.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : error.exitCode || 2
    }
    if (isUserFacingError(error)) {
      process.stderr.write(`merchant-desk: ${error.message}\n`)
      return error.code === 'approval_requested' ? APPROVAL_REQUESTED_EXIT : 1
    }
    process.stderr.write(`merchant-desk: ${describeInternalError(error, argv, ran, env)}\n`)
    if (env.MERCHANT_DESK_DEBUG) process.stderr.write(`${errorDetails(error)}\n`)
    return 1
  }
}

/** "payouts resume": the command's name under the program. */
function commandPath(command: Command): string {
  const names: string[] = []
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name())
  return names.join(' ')
}
