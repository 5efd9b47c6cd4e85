// Invariant: a payment is marked `transaction_verified` only when its transaction, read from the
// simulated ledger of the payment's own network, is successful, carries the payment identifier as
// its text memo, pays natively from `from_address` to `to_address` exactly the payment amount, and
// does not already settle another payment. This is the check Pi runs on `complete` and when the
// buyer's wallet reports a txid; lying buyers are caught here.
import type { ChainTransaction, SimulatedChain } from '../chain/types'
import type { VerificationErrorCode } from './errors'
import type { PaymentRecord } from './records'

export type TransactionCheck =
  | { readonly ok: true; readonly transaction: ChainTransaction }
  | { readonly ok: false; readonly verificationError: VerificationErrorCode; readonly detail: string }

function refuse(verificationError: VerificationErrorCode, detail: string): TransactionCheck {
  return { ok: false, verificationError, detail }
}

/**
 * @param paymentById looks payments up: a verified link requires memo = identifier, so the only
 *   payment a transaction can already settle is the one its memo names.
 */
export function checkPaymentTransaction(
  chain: SimulatedChain,
  payment: PaymentRecord,
  txid: string,
  paymentById: (identifier: string) => PaymentRecord | undefined
): TransactionCheck {
  const tx = chain.transaction(txid)
  if (tx === undefined) return refuse('tx_not_found', `no transaction ${txid} on ${chain.networkPassphrase}.`)
  if (tx.memo.type === 'text' && tx.memo.value !== payment.identifier) {
    const settled = paymentById(tx.memo.value)
    if (settled?.transaction?.verified && settled.transaction.txid === tx.hash) {
      return refuse('payment_already_linked_with_a_tx', 'the transaction already settles another payment.')
    }
  }
  if (!tx.successful) return refuse('tx_failed', 'the transaction failed on the blockchain.')
  if (tx.memo.type !== 'text' || tx.memo.value !== payment.identifier) {
    return refuse('tx_memo_payment_identifier_mismatch', 'the memo is not the payment identifier.')
  }
  const toRecipient = tx.operations.filter((op) => op.kind === 'payment' && op.to === payment.toAddress)
  if (toRecipient.length === 0) {
    return refuse('tx_destination_mismatch', 'the transaction does not pay the payment recipient.')
  }
  const exact = toRecipient.find((op) => op.kind === 'payment' && op.amount === payment.amount)
  if (exact === undefined) {
    return refuse('tx_amount_mismatch', 'the transaction amount differs from the payment amount.')
  }
  if (exact.kind === 'payment' && exact.from !== payment.fromAddress) {
    return refuse('tx_sender_mismatch', 'the transaction is not paid by the payment sender.')
  }
  return { ok: true, transaction: tx }
}
