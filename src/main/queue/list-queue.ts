// The incomplete-payment queue as the merchant sees it: every payment of this network still open
// at Pi, oldest first, each with its age, buyer, amount, what it waits for, the advice and why, and
// for a failed verification the chain evidence from the stored history. Reads the database only.
import type { MerchantDb } from '../db'
import { ChainFacts, type TransactionFacts } from '../payments'
import { QUEUE_KINDS, type QueueItemView, type QueueKind, type QueueView } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import { NETWORKS, type NetworkId } from '../../shared/network'
import type { ChainCheck } from '../../shared/payments'
import { adviseOn } from './advice'
import { buildEvidence } from './evidence'
import type { PayoutJournalView, QueueRules } from './ports'
import { claimOf, countQueue, readQueueRows, storedReasons, type StoredPayment } from './queue-store'
import { countOpenReviews, readReviews } from './reviews'
import { DEFAULT_QUEUE_RULES, ruleSentences } from './rules'

export interface ListQueueOptions {
  readonly networkId: NetworkId
  readonly now: Date
  /** The app wallet, when configured: approvals are then checked against it. */
  readonly appWallet?: string | null
  readonly rules?: QueueRules
  readonly payouts?: PayoutJournalView | undefined
  /** Rows returned at most (the total is counted anyway). */
  readonly limit?: number
}

export const DEFAULT_QUEUE_LIMIT = 1000

// The stored history is all a listing reads; Horizon is only asked when someone acts.
const NO_HORIZON = {
  transaction: () => Promise.reject(new Error('The queue listing does not ask Horizon.')),
  transactionOperations: () => Promise.reject(new Error('The queue listing does not ask Horizon.'))
}

export async function listQueue(store: Pick<MerchantDb, 'sqlite' | 'db'>, options: ListQueueOptions): Promise<QueueView> {
  const rules = options.rules ?? DEFAULT_QUEUE_RULES
  const passphrase = NETWORKS[options.networkId].passphrase
  const rows = readQueueRows(store.sqlite, options.networkId, options.limit ?? DEFAULT_QUEUE_LIMIT)
  const facts = await new ChainFacts(store, options.networkId, NO_HORIZON).heldAmong(
    rows.flatMap((row) => (row.chain_check === 'failed' ? (row.txid ?? row.chain_hash ?? []) : []))
  )
  const counts = Object.fromEntries(QUEUE_KINDS.map((kind) => [kind, 0])) as Record<QueueKind, number>
  const reviews = readReviews(store.sqlite, options.networkId)

  const items = rows.map((row): QueueItemView => {
    const evidence = row.chain_check === 'failed' ? storedEvidence(row, facts, options.networkId) : null
    const advice = adviseOn(row, {
      now: options.now,
      rules,
      appWallet: options.appWallet ?? null,
      passphrase,
      networkId: options.networkId,
      payouts: options.payouts,
      failureExplanations: evidence?.explanations ?? []
    })
    counts[advice.kind] += 1
    const createdAt = new Date(Number(row.created_at))
    return {
      identifier: row.identifier,
      kind: advice.kind,
      direction: row.direction,
      status: row.status,
      createdAt: createdAt.toISOString(),
      ageMs: Math.max(0, options.now.getTime() - createdAt.getTime()),
      userUid: row.user_uid,
      amount: formatPi(row.amount_stroops),
      memo: row.memo,
      txid: advice.txid,
      txidSource: advice.txidSource,
      advice: advice.advice,
      reason: advice.reason,
      actions: advice.actions,
      waitUntil: advice.waitUntil?.toISOString() ?? null,
      evidence,
      review: reviews.get(row.identifier) ?? null
    }
  })

  const total = rows.length < (options.limit ?? DEFAULT_QUEUE_LIMIT) ? rows.length : countQueue(store.sqlite, options.networkId)
  const reviewed = reviews.size === 0 ? 0 : countOpenReviews(store.sqlite, options.networkId)
  return {
    items,
    total,
    reviewed,
    needsAction: total - reviewed,
    counts,
    rules: { ...rules, sentences: ruleSentences(rules) },
    readAt: options.now.toISOString(),
    refreshed: null
  }
}

function storedEvidence(row: StoredPayment, facts: ReadonlyMap<string, TransactionFacts>, networkId: NetworkId) {
  const check: ChainCheck = { outcome: 'failed', reasons: storedReasons(row) }
  const txid = row.txid ?? row.chain_hash
  // A transaction that paid someone else is not in the app wallet's history: its verdict stands
  // without the details (they are read from Horizon when someone tries to complete it).
  const held = txid === null ? null : (facts.get(txid) ?? undefined)
  return buildEvidence({
    claim: claimOf(row),
    txid,
    txidSource: row.txid !== null ? 'pi' : txid === null ? null : 'chain',
    facts: check.reasons.includes('not_found') ? null : held,
    check,
    networkId,
    checkedAt: row.chain_checked_at === null ? null : new Date(Number(row.chain_checked_at))
  })
}
