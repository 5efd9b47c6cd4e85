// Step 7 of a direct refund (a chain payment back to the paying address): there is no Pi payment
// to complete, so once step 6 found the refund on chain (a successful transaction from the app
// wallet paying that address exactly the amount with the refund's own memo), the journal closes
// it. Kept a step of its own, after 'confirmed', so what a completed refund sets off (the shop's
// postback, an invoice marked refunded) runs once, in the transaction that completes it.
import type { PayoutPorts } from '../ports'
import type { PayoutRecord } from '../types'

export async function completeDirectRefund(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  if (payout.txid === null) throw new Error(`payout ${payout.id} reached completion without its txid`)
  return ports.atomically(async (tx) => {
    const finished = await ports.journal.within(tx).transition(payout, 'completed', { problem: null })
    await ports.onPayoutCompleted?.(tx, finished)
    return finished
  })
}
