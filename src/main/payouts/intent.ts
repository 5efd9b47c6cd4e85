// Turns what the merchant typed into a payout intent, refusing bad input with a sentence before
// anything is written (invariant 6): amounts parse exactly (an 8th decimal or a zero is refused,
// never rounded), the amount typed twice must match, a refund names a completed sale.
import { UserFacingError } from '../../shared/errors'
import { formatPi, MAX_EXACT_API_NUMBER_STROOPS, parseUserAmount, type Stroops } from '../../shared/money'
import type { PayoutInput, RefundInput, RefundReason } from '../../shared/contract/payouts'
import { MAX_PAYOUT_MEMO } from '../../shared/contract/payouts'
import type { PayoutIntent } from './types'

/** Pi's A2U amounts are JSON numbers: beyond MAX_EXACT_API_NUMBER_STROOPS one cannot carry every stroop. */
export function typedPayoutAmount(amount: string, confirmAmount: string): Stroops {
  const parsed = parseUserAmount(amount)
  if (parsed <= 0n) throw new UserFacingError('amount_not_positive', 'Enter an amount above zero.')
  if (parsed > MAX_EXACT_API_NUMBER_STROOPS) {
    throw new UserFacingError('amount_out_of_range', `A payout can be at most ${formatPi(MAX_EXACT_API_NUMBER_STROOPS)} Pi.`)
  }
  let confirmed: Stroops
  try {
    confirmed = parseUserAmount(confirmAmount)
  } catch {
    confirmed = -1n
  }
  if (confirmed !== parsed) {
    throw new UserFacingError(
      'amount_confirmation_mismatch',
      `The two amounts differ (${amount.trim()} and ${confirmAmount.trim()}). Type the same amount in both fields. Nothing was paid.`
    )
  }
  return parsed
}

export interface RefundRequest extends Omit<RefundInput, 'reasonText'> {
  readonly reasonText?: string
}

/** The refund's intent; the sale's uid and memo come from the ledger (see refund-cap.ts). */
export function refundIntent(input: RefundRequest, sale: { readonly uid: string; readonly memo: string }): PayoutIntent {
  const amount = typedPayoutAmount(input.amount, input.confirmAmount)
  const memo = (input.memo?.trim() || `Refund: ${sale.memo}`.trim()).slice(0, MAX_PAYOUT_MEMO)
  return {
    idempotencyKey: input.idempotencyKey,
    kind: 'refund',
    refundOf: input.paymentId.trim(),
    uid: sale.uid,
    amount,
    memo,
    reason: input.reason as RefundReason,
    reasonText: (input.reasonText ?? '').trim()
  }
}

export function payoutIntent(input: PayoutInput): PayoutIntent {
  const amount = typedPayoutAmount(input.amount, input.confirmAmount)
  const memo = input.memo.trim()
  if (memo === '') throw new UserFacingError('payout_memo_missing', 'Enter the memo the buyer will see with the payment.')
  return {
    idempotencyKey: input.idempotencyKey,
    kind: 'payout',
    refundOf: null,
    uid: input.uid.trim(),
    amount,
    memo: memo.slice(0, MAX_PAYOUT_MEMO),
    reason: null,
    reasonText: ''
  }
}
