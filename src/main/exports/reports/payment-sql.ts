// SQL pieces the payment-based reports share, so a fee or a ledger number means the same thing in
// the payments file and in the refunds file. Each is a correlated term over `payments AS p`.

/** The ledger (block) of the payment's transaction, as the app wallet's history recorded it. */
export const TX_LEDGER = `(SELECT t.ledger FROM chain_transactions AS t WHERE t.network_id = p.network_id AND t.hash = p.txid)`

/**
 * What the app wallet paid the network for the payment: for money it sent (app to user), the fee
 * its transaction was charged on chain, else the fee the payout journal recorded, else 0 (no
 * transaction yet). A user-to-app transaction is the buyer's: its fee is not the merchant's cost.
 */
export const APP_WALLET_FEE = `CASE WHEN p.direction = 'app_to_user' THEN coalesce(
    (SELECT t.fee_charged_stroops FROM chain_transactions AS t
      WHERE t.network_id = p.network_id AND t.hash = p.txid AND t.source_account = p.from_address),
    (SELECT jf.fee_charged_stroops FROM payouts AS jf WHERE jf.pi_payment_id = p.identifier AND jf.txid = p.txid),
    0) ELSE 0 END`

/** +1 for money into the app wallet, -1 for money out of it. */
export function walletSign(direction: 'user_to_app' | 'app_to_user'): bigint {
  return direction === 'user_to_app' ? 1n : -1n
}
