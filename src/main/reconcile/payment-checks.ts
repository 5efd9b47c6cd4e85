// Pi's records against the chain, payment by payment: our own chain verdict (verifyPaymentOnChain,
// invariant 3) on the transaction Pi links or, when Pi links none, the transactions on the wallet's
// history whose memo is the payment's id; then what Pi's status says against it: completed with
// nothing on chain, a transaction Pi did not verify, cancelled although Pi moved, open for too long.
// Facts come from the synced history when the transaction is there, from Horizon when it is not.
import type { ChainCheck, ChainFailureReason } from '../../shared/payments'
import { isFinal, unpaidLinkedAdvice } from '../../shared/payments'
import { NETWORKS, type NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'
import type { ChainFacts } from '../payments'
import { runPool } from '../http'
import { onceMoreIfUnreadable } from '../sync'
import { verifyPaymentOnChain, type TransactionFacts } from '../payments'
import type { Findings } from './findings'
import type { LedgerPayment, PiRecord } from './ledger-rows'
import { networkSentence } from './pi-records'
import type { Discrepancy, ReconcileThresholds } from './types'
import { hours, paymentNoun, pi, row, statusWords } from './words'

export interface PaymentCheckContext {
  readonly store: Pick<MerchantDb, 'db'>
  readonly networkId: NetworkId
  readonly passphrase: string
  readonly appWallet: string
  readonly facts: ChainFacts
  readonly nowMs: number
  readonly thresholds: ReconcileThresholds
  readonly concurrency: number
  readonly signal: AbortSignal | undefined
  readonly findings: Findings
  /** Every transaction looked at, for the run's count. */
  readonly transactionsSeen: Set<string>
}

export interface PaymentUnderCheck {
  readonly ledger: LedgerPayment
  /** Pi's fresh answer when it was re-read, else the ledger's copy of Pi's record. */
  readonly pi: PiRecord
}

interface Verdict {
  readonly hash: string
  readonly facts: TransactionFacts | null
  readonly check: ChainCheck
}

export async function checkPayments(context: PaymentCheckContext, payments: readonly PaymentUnderCheck[]): Promise<void> {
  const hashesOf = new Map<string, readonly string[]>()
  for (const { pi: record } of payments) {
    hashesOf.set(record.identifier, record.transaction !== null ? [record.transaction.txid] : await context.facts.linkedTransactions(record.identifier))
  }
  const facts = await gatherFacts(context, [...hashesOf.values()].flat())
  for (const payment of payments) {
    const verdicts = (hashesOf.get(payment.pi.identifier) ?? []).map((hash): Verdict => {
      const held = facts.get(hash) ?? null
      return { hash, facts: held, check: verifyPaymentOnChain(payment.pi, held, { appWallet: context.appWallet, passphrase: context.passphrase }) }
    })
    for (const found of judge(context, payment, verdicts)) context.findings.add(found)
  }
}

async function gatherFacts(context: PaymentCheckContext, hashes: readonly string[]): Promise<Map<string, TransactionFacts | null>> {
  const facts = new Map<string, TransactionFacts | null>()
  const missing: string[] = []
  for (const hash of new Set(hashes)) {
    context.transactionsSeen.add(hash)
    const held = await context.facts.held(hash)
    if (held === undefined) missing.push(hash)
    else facts.set(hash, held)
  }
  const fetched = await runPool(missing, context.concurrency, (hash) => onceMoreIfUnreadable(() => context.facts.fetch(hash)), context.signal)
  fetched.forEach((outcome, index) => {
    if (outcome.status === 'rejected') throw outcome.reason
    if (outcome.status === 'fulfilled') facts.set(missing[index] as string, outcome.value)
  })
  return facts
}

function judge(context: PaymentCheckContext, { ledger, pi: record }: PaymentUnderCheck, verdicts: readonly Verdict[]): Discrepancy[] {
  const found: Discrepancy[] = []
  const isRefund = ledger.refundOf !== null
  const noun = paymentNoun(record.direction, isRefund)
  const base = { subjectKind: 'payment' as const, subject: record.identifier, paymentId: record.identifier, amount: record.amount }
  const cancelled = record.status.cancelled || record.status.userCancelled

  if (cancelled) {
    const moved = verdicts.find((verdict) => movedPi(verdict.facts, record.identifier, context.appWallet))
    if (record.transaction !== null || moved !== undefined) {
      found.push({
        ...base,
        type: 'cancelled_with_transaction',
        txid: moved?.hash ?? record.transaction?.txid ?? null,
        evidence: [
          row('Status at Pi', 'no transaction, as it is cancelled', statusWords(record.status, record.transaction)),
          row('Transaction', 'none', moved?.hash ?? record.transaction?.txid ?? null),
          row('Pi moved on the chain', 'nothing', moved ? pi(movedAmount(moved.facts, context.appWallet)) : 'nothing')
        ],
        sentence: cancelledSentence(record, noun, moved === undefined ? null : movedAmount(moved.facts, context.appWallet))
      })
    }
    return found
  }

  const verified = verdicts.find((verdict) => verdict.check.outcome === 'verified')
  const failed = verified === undefined ? verdicts[0] : undefined
  const reasons: readonly ChainFailureReason[] = failed?.check.outcome === 'failed' ? failed.check.reasons : []
  const completed = record.status.developerCompleted

  if (completed && verified === undefined && (failed === undefined || reasons.includes('not_found') || reasons.includes('transaction_failed'))) {
    const what =
      failed === undefined
        ? 'no transaction linked, none with its id as memo on the chain'
        : reasons.includes('not_found')
          ? `${failed.hash} is not on ${NETWORKS[context.networkId].label}`
          : `${failed.hash} failed: no Pi moved`
    found.push({
      ...base,
      type: 'completed_without_transaction',
      txid: failed?.hash ?? null,
      // The network as the app names it (Sandbox, not the passphrase it shares with Testnet).
      evidence: [row('Transaction', `a successful payment of ${pi(record.amount)} on ${NETWORKS[context.networkId].label}`, what)],
      sentence:
        `Pi says this ${noun} is completed, but no successful transaction for it is on ${NETWORKS[context.networkId].label}. ` +
        `Do not count the ${pi(record.amount)} as ${record.direction === 'user_to_app' ? 'received' : 'paid'}: check the transaction id with the ` +
        `${record.direction === 'user_to_app' ? 'buyer' : "payee's wallet"} and Pi's support before delivering or paying anything again.`
    })
  }

  if (failed !== undefined) found.push(...mismatches(context, record, noun, failed))

  if (record.transaction !== null && !record.transaction.verified) {
    found.push({
      ...base,
      type: 'transaction_unverified',
      txid: record.transaction.txid,
      evidence: [row("Pi's verification of the transaction", 'verified', 'not verified (transaction.verified false)')],
      sentence: completed
        ? `Pi marked this ${noun} completed although it has not verified its transaction. Check what the chain shows (the other items of this payment say what differs) before counting the ${pi(record.amount)}.`
        : `Pi has not verified the transaction reported for this ${noun}: the chain does not show it paying this payment. ${unpaidLinkedAdvice(record.direction === 'user_to_app' ? 'buyer' : 'payee')}`
    })
  } else if (completed && !record.status.transactionVerified) {
    found.push({
      ...base,
      type: 'transaction_unverified',
      txid: record.transaction?.txid ?? null,
      evidence: [row('Status flag transaction_verified', 'true', 'false, although developer_completed is true')],
      sentence: `Pi marked this ${noun} completed without verifying its transaction. Check the transaction on the chain before counting the ${pi(record.amount)}.`
    })
  }

  const openFor = context.nowMs - record.createdAtMs
  if (!isFinal(record) && openFor > context.thresholds.incompleteAfterMs) {
    found.push({
      ...base,
      type: 'incomplete_too_long',
      txid: record.transaction?.txid ?? null,
      evidence: [
        row('Open at Pi for', `at most ${hours(context.thresholds.incompleteAfterMs)}`, hours(openFor)),
        row('Status at Pi', 'completed or cancelled', statusWords(record.status, record.transaction))
      ],
      sentence:
        record.direction === 'user_to_app'
          ? `This sale has been open at Pi for ${hours(openFor)}, and an open payment blocks the buyer from paying your app again. ` +
            'Clear it from the Queue: complete it if its transaction is on the chain, cancel it if not.'
          : `This ${noun} has been open at Pi for ${hours(openFor)}. Finish it from the Refunds page (Resume), or cancel it there if it never left the wallet.`
    })
  }
  return found
}

function mismatches(context: PaymentCheckContext, record: PiRecord, noun: string, failed: Verdict): Discrepancy[] {
  if (failed.check.outcome !== 'failed') return []
  const reasons = failed.check.reasons
  const facts = failed.facts
  const base = { subjectKind: 'payment' as const, subject: record.identifier, paymentId: record.identifier, txid: failed.hash, amount: record.amount }
  const transfers = facts?.transfers.filter((transfer) => transfer.native) ?? []
  const listed = transfers.length === 0 ? 'no Pi payment at all' : transfers.map((t) => `${pi(t.amount)} ${t.from} → ${t.to}`).join('; ')
  const found: Discrepancy[] = []
  const buyerSide = record.direction === 'user_to_app'

  if (reasons.includes('amount_mismatch')) {
    const paid = transfers.filter((t) => t.from === record.fromAddress && t.to === record.toAddress).reduce((sum, t) => sum + t.amount, 0n)
    found.push({
      ...base,
      type: 'amount_mismatch',
      evidence: [row('Amount', pi(record.amount), pi(paid)), row('Payments in the transaction', null, listed)],
      sentence: buyerSide
        ? `The buyer's transaction pays ${pi(paid)}, not the ${pi(record.amount)} of this sale. ` +
          (record.status.developerCompleted
            ? 'Ask the buyer for the rest, or correct the order to what was paid.'
            : 'Do not complete it: cancel the payment and refund what the buyer sent, or ask for the rest.')
        : `The wallet's transaction pays ${pi(paid)}, not the ${pi(record.amount)} of this ${noun}. Pay the difference, or record it.`
    })
  }
  if (reasons.includes('destination_mismatch') || reasons.includes('source_mismatch')) {
    found.push({
      ...base,
      type: 'destination_mismatch',
      evidence: [row('From → to', `${record.fromAddress} → ${record.toAddress}`, listed), row('App wallet', context.appWallet, null)],
      sentence: buyerSide
        ? 'This transaction does not pay your app wallet from the buyer\'s account, so none of it reached you for this sale. Do not deliver; cancel the payment if it is not completed.'
        : `This transaction does not pay the ${noun} from your app wallet to the payee. Check where the Pi went before paying again.`
    })
  }
  if (reasons.includes('memo_mismatch')) {
    const memo = facts === null ? null : facts.memoType === 'text' ? (facts.memo ?? '') : `(${facts.memoType} memo)`
    found.push({
      ...base,
      type: 'memo_mismatch',
      evidence: [row('Memo', record.identifier, memo)],
      sentence:
        "The transaction's memo is not this payment's id, so it settles nothing at Pi. Do not complete the payment with it; " +
        'Pi it brought to your wallet shows as a transfer with no Pi payment: refund it, or match it to this order by hand.'
    })
  }
  if (reasons.includes('network_mismatch')) {
    found.push({
      ...base,
      type: 'network_mismatch',
      evidence: [row("Network of Pi's record", context.passphrase, record.network)],
      sentence: networkSentence(context.passphrase, record.network)
    })
  }
  return found
}

function cancelledSentence(record: PiRecord, noun: string, moved: bigint | null): string {
  if (moved === null) {
    return 'Pi links a transaction to this cancelled payment, but no Pi moved for it on the chain. Nothing is owed; keep this note for the books.'
  }
  return record.direction === 'user_to_app'
    ? `${pi(moved)} reached your wallet for a sale Pi calls cancelled: the buyer paid and got nothing. ` +
        'Refund the buyer from the Refunds page, or deliver the order.'
    : `${pi(moved)} left your wallet for a ${noun} Pi calls cancelled. Count it as paid and do not pay it again; ask Pi's support to settle the record.`
}

/** A successful transaction with this payment's id as memo, moving Pi into or out of the app wallet. */
function movedPi(facts: TransactionFacts | null, identifier: string, appWallet: string): boolean {
  return (
    facts !== null &&
    facts.successful &&
    facts.memoType === 'text' &&
    facts.memo === identifier &&
    facts.transfers.some((t) => t.native && (t.to === appWallet || t.from === appWallet))
  )
}

function movedAmount(facts: TransactionFacts | null, appWallet: string): bigint {
  return (facts?.transfers ?? []).filter((t) => t.native && (t.to === appWallet || t.from === appWallet)).reduce((sum, t) => sum + t.amount, 0n)
}
