// An error Merchant Desk did not expect (a bug, a broken disk) is told in one line that says where
// its details are: the stack goes to `logs/cli-errors.log` in the data folder, with the time and
// the command (arguments never carry secrets). Whether something may have been done depends on
// the command: a command that only reads says nothing changed; any other says what to check.
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { defaultDataDir } from '../main/app'

/** Commands that never write to the ledger, to Pi or to the chain (export writes only its own file). */
const READ_ONLY = new Set(['payments list', 'payments show', 'payouts', 'audit', 'export verify', 'sandbox'])

export function internalErrorLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'logs', 'cli-errors.log')
}

/**
 * What the log and MERCHANT_DESK_DEBUG show of an error: its stack, never the whole object, which
 * for an HTTP error carries the request's headers with the API key (invariant 2).
 */
export function errorDetails(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
}

/** `command`: the command that ran ("payouts resume"), or null when it failed before one started. */
export function describeInternalError(error: unknown, argv: readonly string[], command: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const path = internalErrorLogPath(env)
  let logged = false
  try {
    mkdirSync(join(path, '..'), { recursive: true })
    appendFileSync(path, `${new Date().toISOString()} merchant-desk ${argv.join(' ')}\n${errorDetails(error)}\n\n`, { mode: 0o600 })
    logged = true
  } catch {
    // No log could be written (read-only disk): the line below says how to see the cause instead.
  }
  const readOnly = command === null || READ_ONLY.has(command) || command.startsWith('export ')
  const outcome = readOnly
    ? 'Nothing was changed.'
    : 'Part of it may have been done: check `merchant-desk payouts` and `merchant-desk audit` before you try again.'
  const where = logged ? `The details are in ${path}` : 'Run it again with MERCHANT_DESK_DEBUG=1 to see the details'
  return `something went wrong inside Merchant Desk. ${outcome} ${where}; please include them when you report it.`
}
