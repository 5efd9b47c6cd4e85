// The one truthful path for a payment whose linked transaction fails verification (a "lying
// buyer": the transaction pays too little, someone else, or nothing). Every place that mentions
// such a payment (the queue, reconciliation, the payment's details, a refused cancel, the CLI)
// says these same words, so none of them advises what the app itself refuses.
//
// What Pi allows: `cancel` answers payment_tx_present while a transaction is linked, and
// `complete` must not be called because the chain does not show the payment paid (invariant 3).
// So the payment stays open at Pi, and only Pi's support can close it.

/** What Pi and Merchant Desk allow, in one sentence. */
export const UNPAID_LINKED_RULE =
  'Pi will not cancel it while a transaction is linked to it, and Merchant Desk will not complete it because the chain does not show that transaction paying it, so it stays open at Pi.'

/** What the merchant can do, in order. */
export const UNPAID_LINKED_STEPS: readonly string[] = [
  'Do not deliver the order.',
  'Contact the buyer: tell them what the chain shows, and that they cannot pay again until Pi closes this payment.',
  "Ask Pi's support to close the payment, and send them the evidence pack (Copy evidence pack or Save evidence pack in the Queue).",
  'Mark it reviewed in the Queue with a note of what you did: it leaves the "needs action" count and stays listed.'
]

/** The rule and the steps as one paragraph, for places that show a sentence (reconciliation, the CLI). */
export function unpaidLinkedAdvice(who: 'buyer' | 'payee' = 'buyer'): string {
  const steps =
    who === 'buyer'
      ? "Do not deliver; contact the buyer; ask Pi's support to close it with the evidence pack from the Queue; then mark it reviewed there."
      : "Do not count it as paid; contact the payee; ask Pi's support to close it with the evidence pack from the Queue; then mark it reviewed there."
  return `${UNPAID_LINKED_RULE} ${steps}`
}
