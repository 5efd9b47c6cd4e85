// `merchant-desk requests [--all] [--json]`, `requests approve <id> [--note TEXT]` and
// `requests deny <id> --note TEXT`: the refunds and payouts waiting for another person's decision
// (issue 18, four eyes). Approving pays at once through the payout journal under the request's own
// key, so approving twice pays once; the requester can never decide their own request. Every
// decision and every refusal is in the audit log.
import type { Command } from 'commander'
import { toPayoutView, toRequestViews } from '../../main/payouts'
import type { ApprovalRequestView } from '../../shared/contract/people'
import { UserFacingError } from '../../shared/errors'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { processOutput, type CliOutput } from './audit'
import { describeList, refuseUnfinished, withPayouts } from './payouts'

export function registerRequestCommands(program: Command, output: CliOutput = processOutput): void {
  const requests = withExamples(
    program
      .command('requests')
      .description('List the refunds and payouts waiting for approval (or every request, with --all).')
      .option('--all', 'every request, decided ones too')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk requests --db shop.sqlite', 'merchant-desk requests approve 3 --note "checked with the buyer"', 'merchant-desk requests deny 4 --note "already replaced"']
  ).action(async (flags: { all?: boolean; json?: boolean }, command: Command) => {
    const context = await openCliContext(connectionFlags(command), { needs: 'read' })
    try {
      const views = await toRequestViews(context.store, await context.payouts.requests(context.networkId, flags.all !== true))
      output.out(flags.json ? `${JSON.stringify({ items: views })}\n` : describeRequests(views, flags.all === true))
    } finally {
      await context.close()
    }
  })

  withExamples(
    requests
      .command('approve <id>')
      .description("Approve another person's request, and pay it at once (never your own request).")
      .option('--note <text>', 'why, for the log')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk requests approve 3 --note "checked with the buyer" --db shop.sqlite']
  ).action(async (id: string, own: { note?: string; json?: boolean }, command: Command) => {
    // `requests approve --json`: the parent `requests` reads its own --json first, wherever it stands.
    const json = own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true
    const requestId = requestNumber(id)
    await withPayouts(connectionFlags(command), 'approve', async (service, context) => {
      const { request, payout } = await service.approve(requestId, own.note ?? '')
      const [view] = await toRequestViews(context.store, [request])
      const paid = toPayoutView(payout, context.explorerTxUrl)
      output.out(
        json
          ? `${JSON.stringify({ request: view, payout: paid })}\n`
          : `Request ${request.id} approved by ${request.decidedBy ?? context.actor()} (asked by ${request.requestedBy}):\n${describeList([paid])}`
      )
      refuseUnfinished(payout)
    })
  })

  withExamples(
    requests
      .command('deny <id>')
      .description("Deny another person's request, saying why (--note); nothing is paid.")
      .option('--note <text>', 'why (required), for the person who asked')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk requests deny 4 --note "the buyer was refunded in the shop" --db shop.sqlite']
  ).action(async (id: string, own: { note?: string; json?: boolean }, command: Command) => {
    const json = own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true
    const requestId = requestNumber(id)
    const context = await openCliContext(connectionFlags(command), { needs: 'approve' })
    try {
      const [view] = await toRequestViews(context.store, [await context.payouts.deny(requestId, own.note ?? '')])
      if (view === undefined) return
      output.out(json ? `${JSON.stringify(view)}\n` : `Request ${view.id} denied by ${view.decidedBy ?? context.actor()}: ${view.decisionNote}. Nothing was paid.\n`)
    } finally {
      await context.close()
    }
  })
}

function requestNumber(id: string): number {
  const number = Number(id.replace(/^#/, ''))
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UserFacingError('invalid_input', `"${id}" is not a request number (see \`merchant-desk requests\`). Nothing was done.`)
  }
  return number
}

export function describeRequests(views: readonly ApprovalRequestView[], all: boolean): string {
  if (views.length === 0) return all ? 'No approval requests yet.\n' : 'Nothing waits for approval.\n'
  const lines: string[] = []
  for (const view of views) {
    const what = view.kind === 'refund' ? `Refund of ${view.amount} Pi of payment ${view.refundOf ?? '-'}` : `Payout of ${view.amount} Pi to buyer ${view.uid}`
    const sale = view.sale === null ? '' : ` (sale of ${view.sale.amount} Pi, "${view.sale.memo}", ${view.sale.createdAt})`
    lines.push(`#${view.id}  ${view.state}  ${what}${sale}`)
    lines.push(`  asked by ${view.requestedBy} at ${view.requestedAt}: ${view.rule}`)
    const reason = [view.reason, view.reasonText].filter((part) => part !== null && part !== '' && part !== 'other').join(': ')
    if (reason !== '') lines.push(`  reason: ${reason}`)
    if (view.decidedBy !== null) {
      lines.push(`  ${view.state === 'denied' ? 'denied' : 'approved'} by ${view.decidedBy} at ${view.decidedAt ?? '-'}${view.decisionNote ? `: ${view.decisionNote}` : ''}`)
      if (view.approvalExpiresAt !== null && view.state === 'approved') lines.push(`  the approval holds until ${view.approvalExpiresAt}`)
    }
    if (view.payoutId !== null) lines.push(`  paid as refund or payout #${view.payoutId} (see \`merchant-desk payouts\`)`)
  }
  return `${lines.join('\n')}\n`
}
