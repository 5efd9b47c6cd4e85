// `merchant-desk refund <paymentId>`, `payout <uid>`, `payouts [--json]` and `payouts resume`:
// refunds and payouts from a terminal, over the same payout journal as the app (never paying
// twice, resumable after a crash). The amount is confirmed by typing it again, unless --yes says
// the caller (a script) has already decided. Every action is audited as the person acting
// (MERCHANT_DESK_USER, or the OS user on a ledger without people). Above the person's refund policy
// the refund or payout becomes an approval request: nothing is paid, the request is printed, and
// the command exits 4.
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import {
  PAYOUT_FAILPOINTS,
  toPayoutView,
  toRequestViews,
  type DirectRefundInput,
  type PayoutFailpoint,
  type PayoutRecord,
  type PayoutService
} from '../../main/payouts'
import { payoutInput, refundInput, REFUND_REASONS, type PayoutView, type RefundReason } from '../../shared/contract/payouts'
import type { ApprovalRequestView } from '../../shared/contract/people'
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import { getRequest, type Capability } from '../../main/people'
import { connectionFlags, openCliContext, type CliContext, type ConnectionFlags } from '../context'
import { withExamples } from '../help'
import { progressPrinter } from '../progress'
import { processOutput, type CliOutput } from './audit'

interface PayFlags {
  readonly amount: string
  readonly yes?: boolean
  readonly json?: boolean
}

const WAITS_FOR_APPROVAL =
  '\nExit status: 0 when paid; 4 when it is above your refund policy and became a request waiting for approval (nothing was paid: see `merchant-desk requests`); 1 on an error.'

export function registerPayoutCommands(program: Command, output: CliOutput = processOutput): void {
  withExamples(
    program
      .command('refund [paymentId]')
      .description(
        'Refund a completed sale (all or part of it) to the buyer from the app wallet; or, with --direct or --transfer, pay it back on chain to the address that paid.'
      )
      .requiredOption('--amount <pi>', 'how much to refund, in Pi (at most 7 decimals)')
      .requiredOption('--reason <text>', `why (${REFUND_REASONS.join(', ')}, or your own words)`)
      .option('--memo <text>', 'what the buyer sees next to the refund in Pi')
      .option('--direct', "refund the sale straight to the address that paid it, on chain, without Pi's A2U payment (when Pi will not make one)")
      .option('--transfer <operation>', 'refund a walk-in payment (a direct transfer to the app wallet, by its chain operation id) to the address that paid it')
      .option('--invoice <id>', 'with --transfer: the invoice that walk-in payment paid, kept with the refund')
      .option('--yes', 'do not ask to type the amount again')
      .option('--json', 'print JSON instead of text')
      .addHelpText('after', WAITS_FOR_APPROVAL),
    [
      'merchant-desk refund <paymentId> --amount 1.5 --reason damaged --db shop.sqlite',
      'merchant-desk refund <paymentId> --amount 3 --reason "wrong size" --memo "Sorry!" --yes',
      'merchant-desk refund --transfer <operation id> --amount 2 --reason customer_request',
      'merchant-desk refund <paymentId> --direct --amount 1 --reason not_delivered'
    ]
  ).action(async (paymentId: string | undefined, flags: PayFlags & DirectFlags & { reason: string; memo?: string }, command: Command) => {
    const reasonCode = (REFUND_REASONS as readonly string[]).includes(flags.reason) ? flags.reason : 'other'
    if (flags.transfer !== undefined || flags.direct) {
      const input = await directRefundInput(paymentId, flags, reasonCode)
      await withPayouts(connectionFlags(command), 'refund', async (service, context) =>
        reportPayout(await orRequest(service.refundDirect(input), context, flags, output), flags, output)
      )
      return
    }
    if (flags.invoice !== undefined) throw new UserFacingError('invalid_input', '--invoice goes with --transfer (the walk-in payment that paid the invoice). Nothing was paid.')
    if (paymentId === undefined) {
      throw new UserFacingError('invalid_input', 'Name the sale to refund (merchant-desk refund <paymentId>), or a walk-in payment with --transfer <operation id>. Nothing was paid.')
    }
    const confirmAmount = await confirmedAmount(flags, `Refund ${flags.amount} Pi of payment ${paymentId}`)
    const input = parse(refundInput, {
      idempotencyKey: randomUUID(),
      paymentId,
      amount: flags.amount,
      confirmAmount,
      reason: reasonCode,
      reasonText: reasonCode === 'other' ? flags.reason : '',
      ...(flags.memo === undefined ? {} : { memo: flags.memo })
    })
    await withPayouts(connectionFlags(command), 'refund', async (service, context) => reportPayout(await orRequest(service.refund(input), context, flags, output), flags, output))
  })

  withExamples(
    program
      .command('payout <uid>')
      .description('Pay a buyer (a reward, a withdrawal) from the app wallet.')
      .requiredOption('--amount <pi>', 'how much to pay, in Pi (at most 7 decimals)')
      .requiredOption('--memo <text>', 'what the buyer sees next to the payment in Pi')
      .option('--yes', 'do not ask to type the amount again')
      .option('--json', 'print JSON instead of text')
      .addHelpText('after', WAITS_FOR_APPROVAL),
    ['merchant-desk payout <uid> --amount 2 --memo "Weekly reward" --db shop.sqlite']
  ).action(async (uid: string, flags: PayFlags & { memo: string }, command: Command) => {
    const confirmAmount = await confirmedAmount(flags, `Pay ${flags.amount} Pi to buyer ${uid}`)
    const input = parse(payoutInput, { idempotencyKey: randomUUID(), uid, amount: flags.amount, confirmAmount, memo: flags.memo })
    await withPayouts(connectionFlags(command), 'payout', async (service, context) => reportPayout(await orRequest(service.payout(input), context, flags, output), flags, output))
  })

  const payouts = withExamples(
    program
      .command('payouts')
      .description('List refunds and payouts with their state.')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk payouts --db shop.sqlite', 'merchant-desk payouts resume --db shop.sqlite']
  ).action(async (flags: { json?: boolean }, command: Command) => {
    const context = await openCliContext(connectionFlags(command))
    try {
      const views = (await context.payouts.list(context.networkId)).map((payout) => toPayoutView(payout, context.explorerTxUrl))
      output.out(flags.json ? `${JSON.stringify({ items: views })}\n` : describeList(views))
    } finally {
      await context.close()
    }
  })

  withExamples(
    payouts
      .command('resume')
      .description('Finish every unfinished refund and payout (after a crash, or once a problem is fixed).')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk payouts resume --db shop.sqlite']
  ).action(async (own: { json?: boolean }, command: Command) => {
    // `payouts resume --json`: the parent `payouts` reads its own --json first, wherever it stands.
    const flags = { json: own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true }
    await withPayouts(connectionFlags(command), 'payouts', async (service, context) => {
      const resumed = (await service.resume()).map((payout) => toPayoutView(payout, context.explorerTxUrl))
      output.out(flags.json ? `${JSON.stringify({ items: resumed })}\n` : resumed.length === 0 ? 'Nothing to resume.\n' : describeList(resumed))
      const stuck = resumed.filter((view) => view.state !== 'completed' && view.state !== 'failed')
      if (stuck.length > 0) throw new UserFacingError('payouts_unfinished', `${stuck.length} still unfinished: see the sentences above.`)
    })
  })

  withExamples(
    payouts
      .command('cancel <id>')
      .description('Cancel a refund or payout that has paid nothing and can no longer pay (its transaction, if any, can no longer land).')
      .option('--json', 'print JSON instead of text'),
    ['merchant-desk payouts cancel 3 --db shop.sqlite']
  ).action(async (id: string, own: { json?: boolean }, command: Command) => {
    // `payouts cancel --json`: the parent `payouts` reads its own --json first, wherever it stands.
    const flags = { json: own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true }
    const payoutId = Number(id.replace(/^#/, ''))
    if (!Number.isSafeInteger(payoutId) || payoutId < 1) {
      throw new UserFacingError('invalid_input', `"${id}" is not a refund or payout number (see \`merchant-desk payouts\`). Nothing was cancelled.`)
    }
    await withPayouts(connectionFlags(command), 'payouts', async (service, context) => {
      const view = toPayoutView(await service.cancel(payoutId), context.explorerTxUrl)
      output.out(flags.json ? `${JSON.stringify(view)}\n` : describeList([view]))
    })
  })
}

/** Opens the context for a command that pays (the journal's progress on stderr), as `needs` allows, and closes it after. */
export async function withPayouts(
  flags: ConnectionFlags,
  needs: Capability,
  work: (service: PayoutService, context: CliContext) => Promise<void>
): Promise<void> {
  const context = await openCliContext(flags, { ...crashHook(), needs })
  const progress = progressPrinter()
  context.events.on('task:progress', (update) => {
    if (update.task === 'payout') progress.update(update)
  })
  try {
    await work(context.payouts, context)
  } finally {
    progress.done()
    await context.close()
  }
}

/**
 * Crash tests only: MERCHANT_DESK_CRASH_AT=<failpoint> kills this process (SIGKILL, no cleanup)
 * the moment the journal reaches that point, as a power cut would.
 */
function crashHook(): { payoutFailpoint?: (name: PayoutFailpoint) => void } {
  const at = process.env.MERCHANT_DESK_CRASH_AT
  if (!at || !(PAYOUT_FAILPOINTS as readonly string[]).includes(at)) return {}
  return {
    payoutFailpoint: (name) => {
      if (name === at) process.kill(process.pid, 'SIGKILL')
    }
  }
}

interface DirectFlags {
  readonly direct?: boolean
  readonly transfer?: string
  readonly invoice?: string
}

/** A refund to the paying address: of a walk-in payment (--transfer), or of a sale (--direct). */
async function directRefundInput(paymentId: string | undefined, flags: PayFlags & DirectFlags & { reason: string; memo?: string }, reason: string): Promise<DirectRefundInput> {
  if (flags.transfer !== undefined && paymentId !== undefined) {
    throw new UserFacingError('invalid_input', `Refund either sale ${paymentId} or the walk-in payment ${flags.transfer} (--transfer), not both. Nothing was paid.`)
  }
  if (flags.transfer === undefined && paymentId === undefined) {
    throw new UserFacingError('invalid_input', 'Name the sale to refund with --direct (merchant-desk refund <paymentId> --direct), or a walk-in payment with --transfer <operation id>. Nothing was paid.')
  }
  if (flags.invoice !== undefined && flags.transfer === undefined) {
    throw new UserFacingError('invalid_input', '--invoice goes with --transfer (the walk-in payment that paid the invoice). Nothing was paid.')
  }
  const what = flags.transfer !== undefined ? `walk-in payment ${flags.transfer}` : `payment ${paymentId ?? ''}`
  const confirmAmount = await confirmedAmount(flags, `Refund ${flags.amount} Pi of ${what} to the address that paid it`)
  const common = {
    idempotencyKey: randomUUID(),
    amount: flags.amount,
    confirmAmount,
    reason: reason as RefundReason,
    reasonText: reason === 'other' ? flags.reason : '',
    ...(flags.memo === undefined ? {} : { memo: flags.memo })
  }
  if (flags.transfer !== undefined) return { ...common, operationId: flags.transfer, ...(flags.invoice === undefined ? {} : { invoiceId: flags.invoice }) }
  return { ...common, paymentId: paymentId ?? '' }
}

/**
 * The refund or payout, or (above the person's policy) the request it became: printed on stdout
 * (its JSON with --json), then the refusal goes on, so the command exits 4 with its sentence.
 */
async function orRequest(paying: Promise<PayoutRecord>, context: CliContext, flags: { readonly json?: boolean }, output: CliOutput): Promise<PayoutRecord> {
  try {
    return await paying
  } catch (error) {
    const requestId = isUserFacingError(error) && error.code === 'approval_requested' ? error.details?.requestId : undefined
    if (typeof requestId === 'number') {
      const [view] = await toRequestViews(context.store, [await getRequest(context.store, requestId)])
      if (view !== undefined) output.out(flags.json ? `${JSON.stringify(view)}\n` : describeWaiting(view))
    }
    throw error
  }
}

export function describeWaiting(view: ApprovalRequestView): string {
  const what = view.kind === 'refund' ? `refund of ${view.amount} Pi of payment ${view.refundOf ?? '-'}` : `payout of ${view.amount} Pi to buyer ${view.uid}`
  return `Waiting for approval: request ${view.id}, ${what}, asked by ${view.requestedBy} (${view.rule}). Nothing was paid.\n`
}

async function confirmedAmount(flags: PayFlags, question: string): Promise<string> {
  if (flags.yes) return flags.amount
  if (!process.stdin.isTTY) {
    throw new UserFacingError('confirmation_needed', 'Type the amount again to confirm, on a terminal, or add --yes when a script decides. Nothing was paid.')
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return (await prompt.question(`${question}? Type the amount again to confirm: `)).trim()
  } finally {
    prompt.close()
  }
}

function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new UserFacingError('invalid_input', `${(parsed.error.issues[0]?.message ?? 'Not understood').replace(/\.$/, '')}. Nothing was paid.`)
  return parsed.data
}

/** Prints a refund or payout; one that did not complete makes the command exit non-zero with its sentence. */
function reportPayout(payout: PayoutRecord, flags: { readonly json?: boolean }, output: CliOutput): void {
  const view = toPayoutView(payout, null)
  output.out(flags.json ? `${JSON.stringify(view)}\n` : describeList([view]))
  refuseUnfinished(payout)
}

/** A refund or payout that did not complete: the command exits non-zero with its sentence. */
export function refuseUnfinished(payout: PayoutRecord): void {
  if (payout.state === 'failed') throw new UserFacingError(payout.problem?.code ?? 'payout_failed', payout.problem?.message ?? 'The payout failed; nothing was paid.')
  if (payout.state !== 'completed') {
    throw new UserFacingError(
      payout.problem?.code ?? 'payout_unfinished',
      `${payout.problem?.message ?? 'The payout is not finished.'} (Run \`merchant-desk payouts resume\` to continue.)`
    )
  }
}

export function describeList(views: readonly PayoutView[]): string {
  if (views.length === 0) return 'No refunds or payouts yet.\n'
  const lines: string[] = []
  for (const view of views) {
    const what =
      view.kind === 'payout'
        ? `Payout to ${view.uid}`
        : view.refundOfTransfer !== null
          ? `Refund of walk-in payment ${view.refundOfTransfer} to ${view.toAddress ?? '-'}`
          : `Refund of ${view.refundOf}${view.route === 'direct' ? ` to ${view.toAddress ?? '-'} (direct)` : ''}`
    lines.push(`#${view.id}  ${what}  ${view.amount} Pi  ${view.stateLabel} (step ${view.step} of ${view.steps})`)
    if (view.piPaymentId) lines.push(`  Pi payment ${view.piPaymentId}${view.txid ? `, transaction ${view.txid}` : ''}${view.feeCharged ? `, fee ${view.feeCharged} Pi` : ''}`)
    if (view.chainMemo) lines.push(`  Memo ${view.chainMemo}${view.txid ? `, transaction ${view.txid}` : ''}${view.feeCharged ? `, fee ${view.feeCharged} Pi` : ''}`)
    if (view.txUrl) lines.push(`  ${view.txUrl}`)
    if (view.problem) lines.push(`  ${view.problem.message}`)
  }
  return `${lines.join('\n')}\n`
}
