// One place decides what a payment "is" for the merchant. Every screen, the CLI, exports and the
// sync engine call derivePaymentStatus, so a payment never shows two different states in two places.
//
// The display status is Pi's record, read with this precedence (first match wins):
//   1. user_cancelled  (status.user_cancelled)        who cancelled is the more useful fact
//   2. cancelled       (status.cancelled)             a cancelled payment never shows as completed
//   3. completed       (status.developer_completed)
//   4. verified        (status.transaction_verified or transaction.verified)
//   5. submitted       (a transaction is linked)
//   6. approved        (status.developer_approved)
//   7. created
// What we know beyond Pi's record (our own chain check, age, refunds) never changes the status; it
// adds exception flags, so the merchant sees both what Pi says and where it looks wrong.
import type { Stroops } from '../money'
import type { PaymentDirection, PiStatusFlags } from './types'

export const DISPLAY_STATUSES = [
  'created',
  'approved',
  'submitted',
  'verified',
  'completed',
  'cancelled',
  'user_cancelled'
] as const
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number]

/** Why our own check of the transaction on Horizon failed (design.md, invariant 3). */
export const CHAIN_FAILURE_REASONS = [
  'not_found',
  'transaction_failed',
  'network_mismatch',
  'memo_mismatch',
  'destination_mismatch',
  'source_mismatch',
  'amount_mismatch'
] as const
export type ChainFailureReason = (typeof CHAIN_FAILURE_REASONS)[number]

/**
 * Our verification of the payment's transaction on chain: the txid Pi linked or, when Pi linked
 * none, a transaction found on chain with memo = identifier.
 */
export type ChainCheck =
  | { readonly outcome: 'unchecked' }
  | { readonly outcome: 'verified' }
  | { readonly outcome: 'failed'; readonly reasons: readonly ChainFailureReason[] }

/** Most serious first, so the first flag can serve as the headline of a row. */
export const EXCEPTION_FLAGS = [
  'inconsistent_flags',
  'cancelled_with_transaction',
  'completed_unverified',
  'tx_not_on_chain',
  'transaction_failed',
  'network_mismatch',
  'memo_mismatch',
  'destination_mismatch',
  'source_mismatch',
  'amount_mismatch',
  'paid_on_chain_unlinked',
  'over_refunded',
  'incomplete',
  'approval_expired',
  'refunded',
  'partially_refunded'
] as const
export type ExceptionFlag = (typeof EXCEPTION_FLAGS)[number]

/**
 * How long the shop's backend has to approve a user-to-app payment before the buyer's Pi Browser
 * gives up (pi-platform.md §2: "about 60 s").
 */
export const APPROVAL_WINDOW_MS = 60_000

export interface PaymentFacts {
  readonly status: PiStatusFlags
  readonly transaction: { readonly txid: string; readonly verified: boolean } | null
  readonly direction: PaymentDirection
  readonly amount: Stroops
  readonly createdAt: Date
  readonly now: Date
  readonly chain: ChainCheck
  /** Total of this payment's refunds that are completed (defaults to none). */
  readonly refundedTotal?: Stroops
}

export interface DerivedPaymentStatus {
  readonly status: DisplayStatus
  /** In EXCEPTION_FLAGS order, no duplicates; empty when nothing needs attention. */
  readonly flags: readonly ExceptionFlag[]
}

export function derivePaymentStatus(facts: PaymentFacts): DerivedPaymentStatus {
  return { status: displayStatus(facts), flags: exceptionFlags(facts) }
}

/** Whether Pi's record can still change: the sync engine re-polls only payments that are not final. */
export function isFinal(payment: { readonly status: PiStatusFlags }): boolean {
  const { developerCompleted, cancelled, userCancelled } = payment.status
  return developerCompleted || cancelled || userCancelled
}

function displayStatus({ status, transaction }: PaymentFacts): DisplayStatus {
  if (status.userCancelled) return 'user_cancelled'
  if (status.cancelled) return 'cancelled'
  if (status.developerCompleted) return 'completed'
  if (status.transactionVerified || transaction?.verified === true) return 'verified'
  if (transaction !== null) return 'submitted'
  if (status.developerApproved) return 'approved'
  return 'created'
}

function exceptionFlags(facts: PaymentFacts): ExceptionFlag[] {
  const { status, transaction, chain } = facts
  const cancelled = status.cancelled || status.userCancelled
  const linked = transaction !== null
  const onChain = chain.outcome === 'verified'
  const failures: readonly ChainFailureReason[] = chain.outcome === 'failed' ? chain.reasons : []
  const raised = new Set<ExceptionFlag>()
  const raise = (flag: ExceptionFlag, when: boolean): void => {
    if (when) raised.add(flag)
  }

  raise('inconsistent_flags', contradictsItself(facts))
  // Money moved for a payment Pi calls cancelled: the buyer is owed a refund.
  raise('cancelled_with_transaction', cancelled && (linked || onChain))
  raise('completed_unverified', status.developerCompleted && (!status.transactionVerified || !linked))
  // "Not found" only matters when someone claims a transaction exists.
  raise('tx_not_on_chain', failures.includes('not_found') && (linked || status.developerCompleted))
  for (const reason of failures) if (reason !== 'not_found') raised.add(reason)
  // Pi can show no transaction after the funds moved (pi-platform.md §3): never cancel or re-pay these.
  raise('paid_on_chain_unlinked', onChain && !linked && !cancelled)
  raise('incomplete', linked && !status.developerCompleted && !cancelled)
  raise('approval_expired', approvalExpired(facts))

  const refunded = facts.refundedTotal ?? 0n
  if (refunded > 0n) {
    if (refunded > facts.amount) raised.add('over_refunded')
    else if (refunded === facts.amount) raised.add('refunded')
    else raised.add('partially_refunded')
  }
  return EXCEPTION_FLAGS.filter((flag) => raised.has(flag))
}

/** Combinations Pi's own state machine cannot produce; something is wrong with the record or with us. */
function contradictsItself({ status, transaction }: PaymentFacts): boolean {
  return (
    (status.developerCompleted && (status.cancelled || status.userCancelled)) ||
    // Completion needs approval, and a buyer cannot sign before approval (A2U is created approved).
    (status.developerCompleted && !status.developerApproved) ||
    (transaction !== null && !status.developerApproved) ||
    // The same fact, reported twice, must agree.
    (status.transactionVerified && transaction === null) ||
    (transaction !== null && transaction.verified !== status.transactionVerified)
  )
}

/**
 * The shop's backend missed the approval window: the buyer saw an error and the sale is lost. The
 * merchant needs to know their backend is failing approvals (and may cancel the leftover record).
 */
function approvalExpired({ status, transaction, direction, createdAt, now, chain }: PaymentFacts): boolean {
  return (
    direction === 'user_to_app' &&
    !status.developerApproved &&
    !status.developerCompleted &&
    !status.cancelled &&
    !status.userCancelled &&
    transaction === null &&
    chain.outcome !== 'verified' &&
    now.getTime() - createdAt.getTime() >= APPROVAL_WINDOW_MS
  )
}
