// What the chain says about a payout, read before any signing or resubmitting (invariant 4): the
// stored envelope's hash, then the wallet's transactions with memo = the Pi payment id (an older
// envelope of the same payout may have landed), and whether the envelope can still land at all.
// "Dead" needs proof from the ledger's own clock: the last closed ledger is past maxTime (plus
// slack), so no later ledger can include it; or the envelope failed on chain (sequence used up).
//
// A direct refund (route 'direct', a chain payment back to the paying address) is searched for by
// its own memo in the same way, and judged by the same rules.
//
// Anyone can write any memo. A transaction found by memo is the payout only when it is successful,
// comes FROM the app wallet, and holds a native payment to the payee of exactly the amount;
// anything else carrying the memo is a discrepancy, audited with its evidence and never adopted
// (issue #12, item 2); so is a second transaction that pays the payee again with the same memo (a
// double payment). That Horizon serves the payout's network is checked once per run, before any
// of this (PayoutService, checkHorizonNetwork).
import type { ChainOperation, TransactionRecord } from '../../horizon'
import { formatPi } from '../../../shared/money'
import type { PayoutPorts } from '../ports'
import type { PayoutDiscrepancy, PayoutRecord } from '../types'

export type ChainFate =
  | { readonly kind: 'landed'; readonly transaction: TransactionRecord }
  | { readonly kind: 'dead'; readonly reason: 'failed_on_chain' | 'expired' | 'no_envelope' }
  | { readonly kind: 'pending'; readonly maxTime: number }

/**
 * How far back the memo search looks before Pi created the payment: Pi's clock and the ledger's
 * may differ a little. Both are servers' clocks: the local clock plays no part.
 */
const MEMO_SEARCH_SLACK_MS = 60 * 60 * 1000

/**
 * The text memo the payout's transaction carries: its Pi payment id, or a direct refund's own
 * memo (known from the start, so a direct refund is searched for before its first signing too).
 */
export function chainMemoOf(payout: PayoutRecord): string | null {
  return payout.route === 'direct' ? payout.chainMemo : payout.piPaymentId
}

/**
 * Where the memo search may stop, newest first: a payout's transaction cannot predate its Pi
 * payment, nor a direct refund the payment it refunds (the chain's or Pi's time, never ours).
 */
async function searchStart(ports: PayoutPorts, payout: PayoutRecord, memo: string): Promise<Date> {
  const started = payout.route === 'direct' ? await ports.refundedPaymentAt(payout) : await ports.piPaymentCreatedAt(memo)
  return new Date(started.getTime() - MEMO_SEARCH_SLACK_MS)
}

/** The payout's own transaction found by memo, or null; strangers' transfers are reported. */
export async function findPayoutOnChain(ports: PayoutPorts, payout: PayoutRecord): Promise<TransactionRecord | null> {
  const memo = chainMemoOf(payout)
  if (memo === null) return null
  const candidates = await ports.horizon.transactionsByMemo(payout.appWallet, memo, { notBefore: await searchStart(ports, payout, memo) })
  let ours: TransactionRecord | null = null
  for (const candidate of candidates) {
    const operations = (await ports.horizon.transactionOperations(candidate.hash)) ?? []
    const verdict = judge(payout, candidate, operations)
    if (verdict === 'ours') {
      // The first is the payout; any other one paid the payee a second time (a double payment),
      // which the merchant must see in the audit log, never lose (review of issue #12, hole 7).
      if (ours === null) ours = candidate
      else await ports.journal.reportDiscrepancy(payout, paidTwice(payout, candidate, ours))
    } else if (verdict !== 'own_failed_envelope') await ports.journal.reportDiscrepancy(payout, verdict)
  }
  return ours
}

function paidTwice(payout: PayoutRecord, again: TransactionRecord, first: TransactionRecord): PayoutDiscrepancy {
  return {
    txid: again.hash,
    successful: true,
    from: payout.appWallet,
    to: payout.toAddress,
    amount: formatPi(payout.amount),
    why: `it pays the buyer a second time: transaction ${first.hash} already pays this ${payout.kind}, so the buyer was paid twice (ask them to return it, or count it against what they are owed)`
  }
}

type Verdict = 'ours' | 'own_failed_envelope' | PayoutDiscrepancy

function judge(payout: PayoutRecord, transaction: TransactionRecord, operations: readonly ChainOperation[]): Verdict {
  const payments = operations.flatMap((operation) => (operation.kind === 'payment' ? [operation] : []))
  const paysPayee = payments.filter(
    (payment) =>
      payment.asset.type === 'native' && payment.from === payout.appWallet && payment.to === payout.toAddress && payment.amount === payout.amount
  )
  const fromWallet = transaction.sourceAccount === payout.appWallet
  if (fromWallet && !transaction.successful) return 'own_failed_envelope'
  if (fromWallet && transaction.successful && paysPayee.length === 1 && payments.length === 1) return 'ours'
  const shown = payments[0] ?? null
  return {
    txid: transaction.hash,
    successful: transaction.successful,
    from: shown?.from ?? transaction.sourceAccount,
    to: shown?.to ?? null,
    amount: shown === null ? null : shown.asset.type === 'native' ? formatPi(shown.amount) : `${formatPi(shown.amount)} (not Pi)`,
    why: !transaction.successful
      ? 'it failed on chain'
      : !fromWallet
        ? 'it was not sent from the app wallet'
        : 'it does not pay the buyer exactly the amount, in Pi, in one payment'
  }
}

export async function chainFate(ports: PayoutPorts, payout: PayoutRecord): Promise<ChainFate> {
  const envelope = payout.envelope
  if (envelope !== null) {
    // The ledger first: a node that answers "past maxTime" has ingested every ledger that could
    // hold the envelope, so the lookups that follow see it if it landed. Read after them, a
    // lagging node could hide a landed envelope and a later answer call it dead.
    const ledger = await ports.horizon.latestLedger()
    const transaction = await ports.horizon.transaction(envelope.hash)
    if (transaction !== null && transaction.successful) return { kind: 'landed', transaction }
    const byMemo = await findPayoutOnChain(ports, payout)
    if (byMemo !== null) return { kind: 'landed', transaction: byMemo }
    if (transaction !== null) return { kind: 'dead', reason: 'failed_on_chain' }
    const chainSeconds = Math.floor(ledger.closedAt.getTime() / 1000)
    if (chainSeconds > envelope.maxTime + ports.timings.expirySlackSeconds) return { kind: 'dead', reason: 'expired' }
    return { kind: 'pending', maxTime: envelope.maxTime }
  }
  const byMemo = await findPayoutOnChain(ports, payout)
  return byMemo !== null ? { kind: 'landed', transaction: byMemo } : { kind: 'dead', reason: 'no_envelope' }
}

/** Step 6: the chain shows the payout; its txid, ledger and fee are stored. */
export async function confirmFromChain(ports: PayoutPorts, payout: PayoutRecord, transaction: TransactionRecord): Promise<PayoutRecord> {
  const confirmed = await ports.journal.transition(payout, 'confirmed', {
    txid: transaction.hash,
    ledger: transaction.ledger,
    feeCharged: transaction.feeCharged,
    problem: null
  })
  ports.failpoint('payment-confirmed')
  return confirmed
}
