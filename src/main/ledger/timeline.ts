// A payment's story in time order, from what the database knows. Pi's record carries no time for
// approval or completion, so those appear only when a staff action in the audit log did them:
// an event whose time is unknown is left out rather than given a made-up one.
import type { ChainCheck } from '../../shared/payments'
import type { PaymentSource } from '../db'
import type { ChainTransactionFacts, LedgerRow, TimelineEvent } from './types'

export interface TimelineFacts {
  readonly createdAt: Date
  readonly createdBy: 'buyer' | 'this_desk' | 'app'
  readonly firstSeenAt: Date
  readonly source: PaymentSource
  readonly transaction: ChainTransactionFacts | null
  readonly chainCheck: ChainCheck
  readonly chainCheckedAt: Date | null
  readonly refunds: readonly LedgerRow[]
  /** Stored chain transactions by hash (the refunds' among them). */
  readonly transactions: ReadonlyMap<string, ChainTransactionFacts>
  readonly staffActions: readonly StaffAction[]
}

export interface StaffAction {
  readonly at: Date
  readonly actor: string
  readonly action: string
  readonly before: unknown
  readonly after: unknown
}

/** Same-time events keep the order in which they happen to a payment. */
const KIND_ORDER: Readonly<Record<TimelineEvent['kind'], number>> = {
  created: 0,
  first_seen: 1,
  on_chain: 2,
  chain_verified: 3,
  chain_check_failed: 3,
  refund: 4,
  refund_on_chain: 5,
  staff_action: 6
}

export function buildTimeline(facts: TimelineFacts): TimelineEvent[] {
  const events: TimelineEvent[] = [
    { kind: 'created', at: facts.createdAt, by: facts.createdBy },
    { kind: 'first_seen', at: facts.firstSeenAt, source: facts.source }
  ]
  const tx = facts.transaction
  if (tx !== null) {
    events.push({ kind: 'on_chain', at: tx.createdAt, txid: tx.hash, ledger: tx.ledger, fee: tx.feeCharged, successful: tx.successful })
  }
  if (facts.chainCheckedAt !== null) {
    if (facts.chainCheck.outcome === 'verified') events.push({ kind: 'chain_verified', at: facts.chainCheckedAt })
    if (facts.chainCheck.outcome === 'failed') {
      events.push({ kind: 'chain_check_failed', at: facts.chainCheckedAt, reasons: facts.chainCheck.reasons })
    }
  }
  for (const refund of facts.refunds) {
    events.push({ kind: 'refund', at: refund.createdAt, refundIdentifier: refund.identifier, amount: refund.amount, status: refund.status })
    const refundTx = refund.txid === null ? undefined : facts.transactions.get(refund.txid)
    if (refundTx !== undefined) {
      events.push({
        kind: 'refund_on_chain',
        at: refundTx.createdAt,
        refundIdentifier: refund.identifier,
        txid: refundTx.hash,
        ledger: refundTx.ledger,
        fee: refundTx.feeCharged
      })
    }
  }
  for (const action of facts.staffActions) events.push({ kind: 'staff_action', ...action })

  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind] || a.index - b.index)
    .map(({ event }) => event)
}
