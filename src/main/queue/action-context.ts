// What every queue action works with, and what it answers before its result is stored and audited.
import type { MerchantDb } from '../db'
import { isUserFacingError } from '../../shared/errors'
import type { ChainEvidenceView, QueueOutcome } from '../../shared/contract/queue'
import type { NetworkId } from '../../shared/network'
import type { ChainCheck, Payment } from '../../shared/payments'
import type { PaymentClaim } from '../payments'
import type { ChainLookup } from './chain-lookup'
import type { PayoutJournalView, QueueDeps, QueuePi, QueueRules } from './ports'

export interface ActionContext {
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly pi: QueuePi
  readonly chain: ChainLookup
  readonly rules: QueueRules
  readonly now: () => Date
  readonly sleep: (ms: number) => Promise<void>
  readonly payouts: PayoutJournalView
  readonly onPaymentAction?: QueueDeps['onPaymentAction']
}

export interface ActionResult {
  readonly outcome: QueueOutcome
  readonly code: string
  readonly message: string
  readonly evidence: ChainEvidenceView | null
  /** Pi's record as read back after Pi was asked; null when Pi was not asked (or could not be read). */
  readonly piRecord: Payment | null
  /**
   * Our verdict on a transaction, against the claim it was judged on. Stored as the payment's
   * chain check only if it is about the payment's own transaction and Pi's record (read back)
   * still makes the same claim.
   */
  readonly check: { readonly hash: string; readonly result: ChainCheck; readonly claim: PaymentClaim } | null
}

export function refusedHere(code: string, message: string, evidence: ChainEvidenceView | null = null): ActionResult {
  return { outcome: 'refused', code, message, evidence, piRecord: null, check: null }
}

/** "the buyer cancelled it" / "Pi cancelled it when the approval window closed" / "it was cancelled". */
export function whoCancelled(payment: Payment | null): string {
  if (payment === null) return 'it was cancelled'
  if (payment.status.userCancelled) return 'the buyer cancelled it'
  if (!payment.status.developerApproved && payment.direction === 'user_to_app') {
    return 'Pi cancelled it when the approval window closed'
  }
  return 'it was cancelled'
}

/** Pi's record read back after asking it something; null if Pi cannot be read right now. */
export async function readBackFromPi(context: ActionContext, identifier: string, fallback: Payment | null): Promise<Payment | null> {
  try {
    return await context.pi.getPayment(identifier)
  } catch (error) {
    if (isUserFacingError(error)) return fallback
    throw error
  }
}
