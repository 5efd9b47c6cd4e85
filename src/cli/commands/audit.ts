// `merchant-desk audit [--verify] [--json]`: the audit log, newest first, and its verification.
// A broken chain exits non-zero with the first entry that does not check out.
import type { Command } from 'commander'
import { listAudit, verifyAuditLog } from '../../main/audit'
import type { MerchantDb } from '../../main/db'
import type { Capability } from '../../main/people'
import type { AuditEntryView } from '../../shared/contract/queue'
import { UserFacingError } from '../../shared/errors'
import { connectionFlags, openCliContext, type ConnectionFlags } from '../context'
import { withExamples } from '../help'
import { parseNonNegativeInt } from '../parse'

/** Where a command prints: the terminal, or a test's buffer. */
export interface CliOutput {
  out(text: string): void
  err(text: string): void
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text)
}

/** What the audit command needs: the database, closed when the command is done. */
export interface AuditCliContext {
  readonly store: MerchantDb
  close(): void | Promise<void>
}

export function registerAuditCommand(
  program: Command,
  openContext: (flags: ConnectionFlags, needs: Capability) => Promise<AuditCliContext> = (flags, needs) => openCliContext(flags, { needs }),
  output: CliOutput = processOutput
): void {
  withExamples(
    program
      .command('audit')
      .description('Show the audit log (newest first), or check that nothing in it was changed.')
      .option('--verify', 'check the hash chain of the whole log')
      .option('--json', 'print JSON instead of text')
      .option('--limit <n>', 'entries to show', '50')
      .option('--payment <id>', 'only the entries about this payment'),
    ['merchant-desk audit --verify --db shop.sqlite', 'merchant-desk audit --payment <paymentId> --limit 20 --json']
  ).action(async (options: { verify?: boolean; json?: boolean; limit: string; payment?: string }, command: Command) => {
    const context = await openContext(connectionFlags(command), 'read')
    try {
      if (options.verify) {
        const result = await verifyAuditLog(context.store)
        if (options.json) output.out(`${JSON.stringify(result)}\n`)
        else if (result.ok) {
          output.out(
            result.entries === 0
              ? 'The audit log is empty.\n'
              : `The audit log is intact: ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'} checked. Last hash: ${result.headHash}\n`
          )
        }
        if (!result.ok) throw new UserFacingError('audit_log_broken', `The audit log does not verify. ${result.reason ?? ''}`.trim())
        return
      }
      const limit = parseNonNegativeInt(options.limit, '--limit')
      if (limit < 1 || limit > 500) throw new UserFacingError('invalid_option', '--limit takes a number from 1 to 500.')
      const page = await listAudit(context.store, { limit, ...(options.payment === undefined ? {} : { subject: options.payment }) })
      if (options.json) {
        output.out(`${JSON.stringify(page)}\n`)
        return
      }
      if (page.entries.length === 0) output.out('No actions recorded yet.\n')
      for (const entry of page.entries) output.out(`${describeEntry(entry)}\n`)
    } finally {
      await context.close()
    }
  })
}

/** "#3  2025-05-02T09:00:00.000Z  maria  payment.complete  <id>  verified → completed  done: completed" */
export function describeEntry(entry: AuditEntryView): string {
  const status = (value: unknown): string | null => {
    const payment = isRecord(value) && isRecord(value.payment) ? value.payment : null
    return payment !== null && typeof payment.status === 'string' ? payment.status : null
  }
  const result = isRecord(entry.after) && isRecord(entry.after.result) ? entry.after.result : null
  const change = [status(entry.before) ?? '-', status(entry.after) ?? '-'].join(' → ')
  const outcome = result !== null ? `${String(result.outcome)}: ${String(result.code)}` : ''
  return [`#${entry.seq}`, entry.at, entry.actor, entry.action, entry.subject ?? '-', change, outcome].filter(Boolean).join('  ')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
