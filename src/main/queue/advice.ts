// What each payment in the queue waits for, and what to do about it, in the merchant's words.
// Pure: the same row, clock and rules always give the same advice (the CLI and the page agree).
//
// The order of the questions matters: a failed chain check outranks everything (never complete
// it, whatever else is true); then money that moved (complete); then what the buyer or the
// payout may still do (wait); then what is safe to close (cancel).
import type { QueueAction, QueueAdvice, QueueKind } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import { networkName, NETWORKS, type NetworkId } from '../../shared/network'
import { unpaidLinkedAdvice } from '../../shared/payments'
import type { PayoutJournalView, QueueRules } from './ports'
import { LANDING_SLACK_MS, describeDuration } from './rules'
import { isApproved, type QueuePayment } from './queue-store'

export interface Advice {
  readonly kind: QueueKind
  readonly advice: QueueAdvice
  readonly reason: string
  readonly actions: readonly QueueAction[]
  readonly waitUntil: Date | null
  /** The transaction to complete with: Pi's, or one found on chain carrying the payment's id. */
  readonly txid: string | null
  readonly txidSource: 'pi' | 'chain' | null
}

export interface AdviceContext {
  readonly now: Date
  readonly rules: QueueRules
  /** Null when the app wallet is not configured: the destination check is then left out. */
  readonly appWallet: string | null
  /** Compared with a payment's `network`; sentences name the network by `networkId`'s label. */
  readonly passphrase: string
  readonly networkId: NetworkId
  /** What this desk's payout journal says of an app-to-user payment (askJournal); absent without a journal. */
  readonly journal?: JournalWord | undefined
  /** Sentences explaining a failed chain check (see evidence.ts). */
  readonly failureExplanations?: readonly string[]
}

export function adviseOn(row: QueuePayment, context: AdviceContext): Advice {
  const txid = row.txid ?? row.chainHash
  const txidSource = row.txid !== null ? 'pi' : row.chainHash !== null ? 'chain' : null
  const base = { txid, txidSource } as const

  if (row.chainCheck === 'failed') {
    const why = (context.failureExplanations ?? []).join(' ')
    const linked = row.txid !== null
    return {
      ...base,
      kind: 'verification_failed',
      advice: 'do_not_deliver',
      reason:
        `The chain does not show this payment paid. ${why}`.trim() +
        (linked
          ? ` ${unpaidLinkedAdvice(row.direction === 'user_to_app' ? 'buyer' : 'payee')}`
          : ' Nothing pays it; cancel it so the buyer can pay again (if Pi moved, refund it first).'),
      actions: linked ? [] : ['cancel'],
      waitUntil: null
    }
  }

  if (row.direction === 'app_to_user') return adviseOnPayout(row, context, base)

  if (txid !== null || row.chainCheck === 'verified') {
    const checked = row.chainCheck === 'verified'
    return {
      ...base,
      kind: 'paid_not_completed',
      advice: 'complete',
      reason: checked
        ? `The buyer paid: their transaction is on chain and pays exactly ${formatPi(row.amount)} Pi to the app wallet with this payment's id. Complete it to settle the sale; until then the buyer cannot pay the app again.`
        : `The buyer says they paid (${txidSource === 'pi' ? 'Pi has a transaction linked' : 'a transaction carries its id'}). Complete checks that transaction on chain first and completes only if it pays exactly ${formatPi(row.amount)} Pi to the app wallet.`,
      actions: ['complete'],
      waitUntil: null
    }
  }

  const createdAt = row.createdAt.getTime()
  if (isApproved(row)) {
    const waitUntil = new Date(createdAt + context.rules.buyerPaysWithinMs)
    const left = waitUntil.getTime() - context.now.getTime()
    return left > 0
      ? {
          ...base,
          kind: 'approved_not_paid',
          advice: 'wait',
          reason: `Approved, but the buyer has not paid yet. They may still pay for another ${describeDuration(left)}; after that, cancel it so they can start a new payment.`,
          actions: ['cancel'],
          waitUntil
        }
      : {
          ...base,
          kind: 'approved_not_paid',
          advice: 'cancel',
          reason: `Approved ${describeDuration(context.now.getTime() - createdAt)} ago and never paid: the buyer can no longer pay it. Cancel it so they can pay again; Merchant Desk first checks the chain for a transaction carrying its id.`,
          actions: ['cancel', 'complete'],
          waitUntil
        }
  }

  const closesAt = createdAt + context.rules.approvalWindowMs
  const left = closesAt - context.now.getTime()
  if (left <= 0) {
    return {
      ...base,
      kind: 'awaiting_approval',
      advice: 'cancel',
      reason: `Not approved within ${describeDuration(context.rules.approvalWindowMs)}, so Pi cancels it and the buyer could not pay. Cancel it to clear it from the queue (and check why the shop's backend missed it).`,
      actions: ['cancel'],
      waitUntil: null
    }
  }
  const problems = approvalProblems(row, context)
  return problems.length > 0
    ? {
        ...base,
        kind: 'awaiting_approval',
        advice: 'wait',
        reason: `Do not approve: ${problems.join(' ')} Leave it: Pi cancels it on its own in ${describeDuration(left)}.`,
        actions: ['cancel'],
        waitUntil: new Date(closesAt)
      }
    : {
        ...base,
        kind: 'awaiting_approval',
        advice: 'approve',
        reason: `The buyer is waiting in the Pi Browser: approve within ${describeDuration(left)}. Checked: a user-to-app payment of ${formatPi(row.amount)} Pi to the app wallet on ${networkName(row.network, context.networkId)}, with the shop's order details.`,
        actions: ['approve', 'cancel'],
        waitUntil: new Date(closesAt)
      }
}

function adviseOnPayout(row: QueuePayment, context: AdviceContext, base: Pick<Advice, 'txid' | 'txidSource'>): Advice {
  if (base.txid !== null || row.chainCheck === 'verified') {
    return {
      ...base,
      kind: 'payout_unfinished',
      advice: 'complete',
      reason: `The payout's transaction is on chain${base.txid === null ? '' : ` (${base.txid})`}, but Pi does not know yet. Complete it with that transaction so Pi closes it.`,
      actions: ['complete'],
      waitUntil: null
    }
  }
  if (context.journal !== undefined && madeByAnotherDesk(row, context.journal)) {
    return {
      ...base,
      kind: 'payout_unfinished',
      advice: 'wait',
      reason: OTHER_DESK_REASON,
      actions: ['complete'],
      waitUntil: null
    }
  }
  const landsUntil = payoutMayLandUntil(row, context)
  const left = landsUntil.time - context.now.getTime()
  if (left > 0) {
    return {
      ...base,
      kind: 'payout_unfinished',
      advice: landsUntil.fromJournal ? 'resume_payout' : 'wait',
      reason: landsUntil.fromJournal
        ? `A transaction signed for this payout may still land for another ${describeDuration(left)}. Resume the payout from Refunds: the same transaction is sent again, never a second one.`
        : `Pi lists this payout as open and nothing carrying its id is on chain yet. A transaction signed for it may still land for another ${describeDuration(left)}; then complete or cancel it.`,
      actions: ['complete'],
      waitUntil: new Date(landsUntil.time)
    }
  }
  return {
    ...base,
    kind: 'payout_unfinished',
    advice: 'cancel',
    reason:
      'Pi lists this payout as open, and no transaction signed for it can land any more. Cancel it (Merchant Desk looks for a transaction carrying its id on chain first), or resume the payout from Refunds to pay it after all.',
    actions: ['cancel', 'complete'],
    waitUntil: null
  }
}

/** The request key every refund or payout a Merchant Desk makes carries in its Pi metadata. */
const DESK_REQUEST_KEY = 'merchant_desk_request'

export const OTHER_DESK_REASON =
  "A Merchant Desk made this refund or payout, but it is not open in this desk's payout journal: another desk (or ledger file) made it and may still hold a signed transaction for it that can land. Cancel it from the desk that made it: `merchant-desk payouts cancel <id>` there, with that desk's refund or payout number."

/** What this desk's payout journal says of an app-to-user payment, read before advising on it. */
export interface JournalWord {
  /** The unfinished refund or payout of this desk the payment belongs to, or null. */
  readonly ownPayout: number | null
  /** The journal's signed transaction for it and until when it may land, or null when it holds none. */
  readonly envelope: { readonly hash: string; readonly validUntil: Date } | null
}

/** Asks the journal about one payment, so that the advice itself stays pure. */
export async function askJournal(row: Pick<QueuePayment, 'identifier' | 'metadataJson'>, payouts: PayoutJournalView): Promise<JournalWord> {
  return {
    ownPayout: await payouts.ownPayoutOf(row.identifier, metadataOf(row.metadataJson)),
    envelope: await payouts.envelopeFor(row.identifier)
  }
}

/**
 * A payout some Merchant Desk made (its metadata carries the request key) that this desk's journal
 * does not hold open: only the desk that made it knows whether its signed transaction can land.
 */
export function madeByAnotherDesk(row: Pick<QueuePayment, 'metadataJson'>, journal: Pick<JournalWord, 'ownPayout'>): boolean {
  const metadata = metadataOf(row.metadataJson)
  return typeof metadata[DESK_REQUEST_KEY] === 'string' && journal.ownPayout === null
}

export function metadataOf(metadataJson: string): Readonly<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(metadataJson)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** Until when a transaction for this payout may still land (the journal's word, else the rule). */
export function payoutMayLandUntil(
  row: Pick<QueuePayment, 'createdAt'>,
  context: { readonly rules: QueueRules; readonly journal?: Pick<JournalWord, 'envelope'> | undefined }
): { readonly time: number; readonly fromJournal: boolean } {
  const byRule = row.createdAt.getTime() + context.rules.payoutLandsWithinMs
  const envelope = context.journal?.envelope ?? null
  if (envelope === null) return { time: byRule, fromJournal: false }
  const byJournal = envelope.validUntil.getTime() + LANDING_SLACK_MS
  return byJournal > byRule ? { time: byJournal, fromJournal: true } : { time: byRule, fromJournal: false }
}

/**
 * The checks of pi-platform.md §2 before approving, as far as the ledger can tell them: the shop's
 * backend alone knows the order, so the amount is checked to be a real amount, not a price.
 */
export function approvalProblems(
  row: QueuePayment,
  context: Pick<AdviceContext, 'appWallet' | 'passphrase' | 'networkId'>
): string[] {
  const problems: string[] = []
  if (row.direction !== 'user_to_app') problems.push('it is not a payment from a buyer to the app.')
  if (row.amount <= 0n) problems.push('its amount is zero.')
  if (row.network !== context.passphrase) problems.push(`it belongs to ${networkName(row.network, context.networkId)}, not ${NETWORKS[context.networkId].label}.`)
  if (context.appWallet !== null && row.toAddress !== context.appWallet) {
    problems.push(`it pays ${row.toAddress}, not the app wallet ${context.appWallet}.`)
  }
  if (!hasOrderDetails(row.metadataJson)) problems.push("it carries no order details (Pi's metadata is empty).")
  if (row.developerCompleted || row.cancelled || row.userCancelled) {
    problems.push('it is already finished.')
  }
  return problems.map((problem) => problem.charAt(0).toUpperCase() + problem.slice(1))
}

function hasOrderDetails(metadataJson: string): boolean {
  try {
    const metadata = JSON.parse(metadataJson) as unknown
    return typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length > 0
  } catch {
    return false
  }
}
