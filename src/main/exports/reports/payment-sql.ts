// What the payment-based reports share. A txid, a fee or a ledger number means the same thing in
// the payments file, the refunds file, the ledger and a payment's detail: the reports read them
// through the ledger's one source of a payment's chain facts (src/main/ledger/payment-chain.ts).

/** +1 for money into the app wallet, -1 for money out of it. */
export function walletSign(direction: 'user_to_app' | 'app_to_user'): bigint {
  return direction === 'user_to_app' ? 1n : -1n
}
