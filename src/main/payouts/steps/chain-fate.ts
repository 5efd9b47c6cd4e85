// What the chain says about a payout, read before any signing or resubmitting (invariant 4): the
// stored envelope's hash, then the wallet's transactions with memo = the Pi payment id (an older
// envelope of the same payout may have landed), and whether the envelope can still land at all.
// "Dead" needs proof from the ledger's own clock: the last closed ledger is past maxTime (plus
// slack), so no later ledger can include it; or the envelope failed on chain (sequence used up).
import type { TransactionRecord } from '../../horizon/records'
import type { PayoutPorts } from '../ports'
import type { PayoutRecord } from '../types'

export type ChainFate =
  | { readonly kind: 'landed'; readonly transaction: TransactionRecord }
  | { readonly kind: 'dead'; readonly reason: 'failed_on_chain' | 'expired' | 'no_envelope' }
  | { readonly kind: 'pending'; readonly maxTime: number }

/** How far back the memo search looks before the Pi payment's creation (clocks differ). */
const MEMO_SEARCH_SLACK_MS = 60 * 60 * 1000

/** The payout's successful transaction found by memo, or null. */
export async function findPayoutOnChain(ports: PayoutPorts, payout: PayoutRecord): Promise<TransactionRecord | null> {
  if (payout.piPaymentId === null) return null
  const found = await ports.horizon.findTransactionByMemo(payout.appWallet, payout.piPaymentId, {
    notBefore: new Date(payout.createdAt.getTime() - MEMO_SEARCH_SLACK_MS)
  })
  return found !== null && found.successful ? found : null
}

export async function chainFate(ports: PayoutPorts, payout: PayoutRecord): Promise<ChainFate> {
  const envelope = payout.envelope
  if (envelope !== null) {
    const transaction = await ports.horizon.transaction(envelope.hash)
    if (transaction !== null && transaction.successful) return { kind: 'landed', transaction }
    const byMemo = await findPayoutOnChain(ports, payout)
    if (byMemo !== null) return { kind: 'landed', transaction: byMemo }
    if (transaction !== null) return { kind: 'dead', reason: 'failed_on_chain' }
    const ledger = await ports.horizon.latestLedger()
    const chainSeconds = Math.floor(ledger.closedAt.getTime() / 1000)
    if (chainSeconds > envelope.maxTime + ports.timings.expirySlackSeconds) return { kind: 'dead', reason: 'expired' }
    return { kind: 'pending', maxTime: envelope.maxTime }
  }
  const byMemo = await findPayoutOnChain(ports, payout)
  return byMemo !== null ? { kind: 'landed', transaction: byMemo } : { kind: 'dead', reason: 'no_envelope' }
}

/** Step 6: the chain shows the payout; its txid, ledger and fee are stored. */
export function confirmFromChain(ports: PayoutPorts, payout: PayoutRecord, transaction: TransactionRecord): PayoutRecord {
  const confirmed = ports.journal.transition(payout, 'confirmed', {
    txid: transaction.hash,
    ledger: transaction.ledger,
    feeCharged: transaction.feeCharged,
    problem: null
  })
  ports.failpoint('payment-confirmed')
  return confirmed
}
