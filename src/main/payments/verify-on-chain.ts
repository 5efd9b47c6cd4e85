// Invariant 3, "never complete what the chain does not show", starts here: our own verdict on a
// payment's transaction, from chain facts only. Verified means ALL of: the transaction exists on
// this network and succeeded; its memo is text and equals the payment identifier; it holds a
// native payment operation from the payment's from_address to its to_address for exactly the
// payment's amount (stroops compared as integers); the app wallet is the receiving side of a
// user-to-app payment and the paying side of an app-to-user one; the payment belongs to the
// network this Horizon serves. Anything else is 'failed' with every reason found, so a payment
// whose chain amount differs is a flagged row, never a silently wrong total.
import type { ChainCheck, ChainFailureReason, PaymentDirection } from '../../shared/payments'
import { CHAIN_FAILURE_REASONS } from '../../shared/payments'
import type { MemoType } from '../db'

/** What a payment claims, as far as the chain can confirm it. */
export interface PaymentClaim {
  readonly identifier: string
  readonly amount: bigint
  readonly fromAddress: string
  readonly toAddress: string
  readonly direction: PaymentDirection
  readonly network: string
}

export interface TransferFact {
  /** Only native payments move Pi. */
  readonly native: boolean
  readonly from: string
  readonly to: string
  readonly amount: bigint
}

/** A transaction as the chain reports it; `transfers` are its payment operations. */
export interface TransactionFacts {
  readonly hash: string
  readonly successful: boolean
  readonly memoType: MemoType
  readonly memo: string | null
  readonly transfers: readonly TransferFact[]
}

export interface ChainExpectations {
  readonly appWallet: string
  /** The passphrase of the network Horizon was checked to serve. */
  readonly passphrase: string
}

/** `transaction` null: not on this network's chain. */
export function verifyPaymentOnChain(
  claim: PaymentClaim,
  transaction: TransactionFacts | null,
  expected: ChainExpectations
): ChainCheck {
  const reasons = new Set<ChainFailureReason>()
  if (claim.network !== expected.passphrase) reasons.add('network_mismatch')
  if (transaction === null) {
    reasons.add('not_found')
    return failedWith(reasons)
  }
  if (!transaction.successful) reasons.add('transaction_failed')
  if (transaction.memoType !== 'text' || transaction.memo !== claim.identifier) reasons.add('memo_mismatch')
  // The app wallet must be on the right side, whatever Pi's record says.
  if (claim.direction === 'user_to_app' && claim.toAddress !== expected.appWallet) reasons.add('destination_mismatch')
  if (claim.direction === 'app_to_user' && claim.fromAddress !== expected.appWallet) reasons.add('source_mismatch')

  const toDestination = transaction.transfers.filter((t) => t.native && t.to === claim.toAddress)
  const fromSource = toDestination.filter((t) => t.from === claim.fromAddress)
  if (toDestination.length === 0) reasons.add('destination_mismatch')
  else if (fromSource.length === 0) reasons.add('source_mismatch')
  else if (!fromSource.some((t) => t.amount === claim.amount)) reasons.add('amount_mismatch')
  return failedWith(reasons)
}

/** The best verdict over several transactions (a payment with no txid and several linked operations). */
export function bestCheck(checks: readonly ChainCheck[]): ChainCheck {
  const verified = checks.find((check) => check.outcome === 'verified')
  return verified ?? checks[0] ?? { outcome: 'unchecked' }
}

function failedWith(reasons: ReadonlySet<ChainFailureReason>): ChainCheck {
  if (reasons.size === 0) return { outcome: 'verified' }
  return { outcome: 'failed', reasons: CHAIN_FAILURE_REASONS.filter((reason) => reasons.has(reason)) }
}
