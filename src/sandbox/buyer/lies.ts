// The ways a buyer's transaction can fail to settle their payment, each one a real transaction (or
// a real txid) that Pi's verification and the merchant's must refuse. "The user might be lying."

export const LIE_KINDS = [
  /** Pays less than the payment amount. */
  'wrong_amount',
  /** Memo is another identifier, so the transaction settles nothing. */
  'wrong_memo',
  /** Pays a friend's account instead of the app wallet. */
  'wrong_destination',
  /** A transaction that fails on the ledger (op_underfunded): only the fee is charged. */
  'failed_transaction',
  /** An honest-looking transaction on the other Pi network. */
  'other_network',
  /** Reports the txid of one of their earlier, already settled payments. */
  'replayed_txid'
] as const

export type LieKind = (typeof LIE_KINDS)[number]

/** What Pi's verification answers for each lie (the `verification_error` of `complete`). */
export const VERIFICATION_ERROR_OF_LIE: Readonly<Record<LieKind, string>> = {
  wrong_amount: 'tx_amount_mismatch',
  wrong_memo: 'tx_memo_payment_identifier_mismatch',
  wrong_destination: 'tx_destination_mismatch',
  failed_transaction: 'tx_failed',
  other_network: 'tx_not_found',
  replayed_txid: 'payment_already_linked_with_a_tx'
}

/** What a wrong_amount liar pays: half the amount (one stroop more for a one-stroop payment). */
export function misstatedAmount(amount: bigint): bigint {
  return amount >= 2n ? amount / 2n : amount + 1n
}
