// `merchant-desk queue [--json] [--refresh]`, `approve <id...>`, `complete <id...> [--txid HASH]`,
// `cancel <id...>`, and `audit`: the incomplete-payment queue from a terminal, over the same
// service as the app. Each takes the CLI's connection flags (--db, --network, ...). Input is checked by the contract's own schemas; every action is audited as
// the person running the command (MERCHANT_DESK_USER, or the OS user on a ledger without people). A row that was not done makes the command exit non-zero.
import type { Command } from 'commander'
import type { MerchantDb } from '../../main/db'
import type { Capability } from '../../main/people'
import { describeDuration, type QueueService } from '../../main/queue'
import {
  QUEUE_ADVICE_LABELS,
  QUEUE_KIND_LABELS,
  queueActInput,
  type ChainEvidenceView,
  type QueueAction,
  type QueueActView,
  type QueueView
} from '../../shared/contract/queue'
import { UserFacingError } from '../../shared/errors'
import { formatPiShort, parseHorizonAmount } from '../../shared/money'
import { paymentLink } from '../../shared/payments'
import { connectionFlags, openCliContext, type ConnectionFlags } from '../context'
import { withExamples } from '../help'
import { processOutput, registerAuditCommand, type CliOutput } from './audit'

export { osUser } from '../os-user'

/**
 * What the queue commands need: the CLI's context (src/cli/context.ts), opened per command from
 * its connection flags and closed after. Listing and the audit log never connect to anything;
 * the queue's payout journal is part of it (a payout's Pi payment is cancelled only through it).
 */
export interface QueueCliContext {
  readonly store: MerchantDb
  readonly queue: QueueService
  close(): void | Promise<void>
}

/** Opens the context for a command whose acting person's role must allow `needs`. */
export type OpenQueueCliContext = (flags: ConnectionFlags, needs: Capability) => Promise<QueueCliContext>

export function registerQueueCommands(
  program: Command,
  openContext: OpenQueueCliContext = (flags, needs) => openCliContext(flags, { needs }),
  output: CliOutput = processOutput
): void {
  withExamples(
    program
      .command('queue')
      .description('List the payments waiting for you, with what to do about each and why.')
      .option('--refresh', 'ask Pi again about every payment in the queue first')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk queue --refresh --db shop.sqlite', 'merchant-desk queue --json']
  ).action(async (options: { refresh?: boolean; json?: boolean }, command: Command) => {
    await withService(openContext, connectionFlags(command), 'read', async (service) => {
      const view = await service.list({ refresh: options.refresh === true })
      output.out(options.json ? `${JSON.stringify(view)}\n` : describeQueue(view))
    })
  })

  const action = (name: QueueAction, description: string, withTxid = false): void => {
    const command = withExamples(
      program
        .command(`${name} <ids...>`)
        .description(description)
        .option('--json', 'print JSON instead of text'),
      [`merchant-desk ${name} <paymentId> --db shop.sqlite${withTxid ? ' [--txid <hash>]' : ''}`]
    )
    if (withTxid) command.option('--txid <hash>', 'the transaction to complete with (checked on chain first)')
    command.action(async (ids: string[], options: { json?: boolean; txid?: string }, self: Command) => {
      const parsed = queueActInput.safeParse({ action: name, ids, ...(options.txid === undefined ? {} : { txid: options.txid }) })
      if (!parsed.success) {
        throw new UserFacingError('invalid_input', `${(parsed.error.issues[0]?.message ?? 'Not understood').replace(/\.$/, '')}.`)
      }
      await withService(openContext, connectionFlags(self), 'queue', async (service) => {
        const view = await service.act(parsed.data)
        output.out(options.json ? `${JSON.stringify(view)}\n` : describeResults(view))
        const notDone = view.results.filter((result) => result.outcome !== 'done').length
        if (notDone > 0) {
          throw new UserFacingError(
            'queue_action_not_done',
            `${notDone} of ${view.results.length} ${view.results.length === 1 ? 'payment was' : 'payments were'} not ${pastTense(name)}.`
          )
        }
      })
    })
  }
  action('approve', 'Approve payments waiting for approval (after the checks of the Pi docs).')
  action('complete', 'Complete payments whose transaction the chain shows paid; anything else is refused with the evidence.', true)
  action('cancel', 'Cancel payments that can no longer be paid.')

  registerAuditCommand(program, openContext, output)
}

async function withService(
  openContext: OpenQueueCliContext,
  flags: ConnectionFlags,
  needs: Capability,
  work: (service: QueueService) => Promise<void>
): Promise<void> {
  const context = await openContext(flags, needs)
  try {
    await work(context.queue)
  } finally {
    await context.close()
  }
}


export function describeQueue(view: QueueView): string {
  const lines: string[] = []
  lines.push(
    view.total === 0
      ? 'Nothing is waiting for you.'
      : `${view.total} ${view.total === 1 ? 'payment waits' : 'payments wait'} for you${view.reviewed > 0 ? `, ${view.needsAction} needing action (${view.reviewed} reviewed)` : ''}${view.items.length < view.total ? ` (the oldest ${view.items.length} shown)` : ''}.`
  )
  if (view.refreshed !== null) {
    lines.push(`Asked Pi again about ${view.refreshed.asked}; ${view.refreshed.failed} could not be read.`)
    for (const message of view.refreshed.messages) lines.push(`  ${message}`)
  }
  for (const item of view.items) {
    lines.push('')
    lines.push(
      `${item.identifier}  ${pi(item.amount)} Pi  buyer ${item.userUid}  ${describeDuration(item.ageMs)} old  ${item.direction === 'user_to_app' ? 'from buyer' : 'to buyer'}`
    )
    lines.push(`  ${QUEUE_KIND_LABELS[item.kind]}. Do: ${QUEUE_ADVICE_LABELS[item.advice]}${item.waitUntil ? ` (until ${item.waitUntil})` : ''}`)
    lines.push(`  ${item.reason}`)
    if (item.review) lines.push(`  Reviewed by ${item.review.by} at ${item.review.at}: ${item.review.note}`)
    if (item.txid) lines.push(`  Transaction: ${item.txid}`)
    lines.push(`  In Merchant Desk: ${paymentLink(item.identifier)}`)
    if (item.evidence) lines.push(...describeEvidence(item.evidence, '  '))
  }
  lines.push('', 'Rules:', ...view.rules.sentences.map((sentence) => `  - ${sentence}`))
  return `${lines.join('\n')}\n`
}

export function describeResults(view: QueueActView): string {
  const lines: string[] = []
  for (const result of view.results) {
    const mark = result.outcome === 'done' ? 'done' : result.outcome === 'refused' ? 'REFUSED' : 'FAILED'
    lines.push(`${mark}  ${result.identifier}  ${result.code}: ${result.message}`)
    if (result.evidence && !result.evidence.verified) lines.push(...describeEvidence(result.evidence, '      '))
  }
  return `${lines.join('\n')}\n`
}

function describeEvidence(evidence: ChainEvidenceView, indent: string): string[] {
  const lines = [`${indent}Evidence${evidence.txid ? ` for ${evidence.txid}` : ''}:`]
  for (const sentence of evidence.explanations) lines.push(`${indent}  - ${sentence}`)
  lines.push(
    `${indent}  expected: ${pi(evidence.expected.amount)} Pi from ${evidence.expected.from} to ${evidence.expected.to}, memo ${evidence.expected.memo}, on ${evidence.expected.network}`
  )
  if (evidence.found) {
    const paid = evidence.found.payments.map((p) => `${pi(p.amount)} Pi ${p.from} -> ${p.to}`).join('; ') || 'no payment'
    lines.push(`${indent}  found: ${evidence.found.successful ? 'successful' : 'failed'}, memo ${evidence.found.memo ?? '(none)'}, ${paid}`)
  }
  return lines
}

function pi(amount: string): string {
  try {
    return formatPiShort(parseHorizonAmount(amount))
  } catch {
    return amount
  }
}

function pastTense(action: QueueAction): string {
  return action === 'approve' ? 'approved' : action === 'complete' ? 'completed' : 'cancelled'
}
