// SQL pieces the payment-based reports share, so a txid, a fee or a ledger number means the same
// thing in the payments file, the refunds file, the ledger and a payment's detail: the terms come
// from the ledger's one source of a payment's chain facts (src/main/ledger/payment-chain.ts).
export { APP_WALLET_FEE, PAYMENT_TXID, PAYMENT_TX_LEDGER as TX_LEDGER } from '../../ledger'

/** +1 for money into the app wallet, -1 for money out of it. */
export function walletSign(direction: 'user_to_app' | 'app_to_user'): bigint {
  return direction === 'user_to_app' ? 1n : -1n
}
