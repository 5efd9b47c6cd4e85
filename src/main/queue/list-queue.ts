// The incomplete-payment queue as the merchant sees it: every payment of this network still open
// at Pi, oldest first, each with its age, buyer, amount, what it waits for, the advice and why, and
// for a failed verification the chain evidence from the stored history. Reads the database only.
import type { MerchantDb } from '../db'
import { ChainFacts } from '../payments'
import { QUEUE_KINDS, type QueueItemView, type QueueKind, type QueueView } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import { NETWORKS, type NetworkId } from '../../shared/network'
import type { ChainCheck } from '../../shared/payments'
import { adviseOn, askJournal } from './advice'
import { buildEvidence } from './evidence'
import type { PayoutJournalView, QueueRules } from './ports'
import { claimOf, countQueue, readQueueRows, type QueuePayment } from './queue-store'
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
  const facts = new ChainFacts(store, options.networkId, NO_HORIZON)
  const rows = await readQueueRows(store, options.networkId, options.limit ?? DEFAULT_QUEUE_LIMIT)
  const counts = Object.fromEntries(QUEUE_KINDS.map((kind) => [kind, 0])) as Record<QueueKind, number>
  const reviews = await readReviews(store, options.networkId)

  const items: QueueItemView[] = []
  for (const row of rows) {
    const evidence = row.chainCheck === 'failed' ? await storedEvidence(row, facts, options.networkId) : null
    const journal = row.direction === 'app_to_user' && options.payouts !== undefined ? await askJournal(row, options.payouts) : undefined
    const advice = adviseOn(row, {
      now: options.now,
      rules,
      appWallet: options.appWallet ?? null,
      passphrase,
      networkId: options.networkId,
      journal,
      failureExplanations: evidence?.explanations ?? []
    })
    counts[advice.kind] += 1
    const createdAt = row.createdAt
    items.push({
      identifier: row.identifier,
      kind: advice.kind,
      direction: row.direction,
      status: row.status,
      createdAt: createdAt.toISOString(),
      ageMs: Math.max(0, options.now.getTime() - createdAt.getTime()),
      userUid: row.uid,
      amount: formatPi(row.amount),
      memo: row.memo,
      txid: advice.txid,
      txidSource: advice.txidSource,
      advice: advice.advice,
      reason: advice.reason,
      actions: advice.actions,
      waitUntil: advice.waitUntil?.toISOString() ?? null,
      evidence,
      review: reviews.get(row.identifier) ?? null
    })
  }

  const total = rows.length < (options.limit ?? DEFAULT_QUEUE_LIMIT) ? rows.length : await countQueue(store, options.networkId)
  const reviewed = reviews.size === 0 ? 0 : await countOpenReviews(store, options.networkId)
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

async function storedEvidence(row: QueuePayment, facts: ChainFacts, networkId: NetworkId) {
  const check: ChainCheck = { outcome: 'failed', reasons: row.chainCheckReasons }
  const txid = row.txid ?? row.chainHash
  // A transaction that paid someone else is not in the app wallet's history: its verdict stands
  // without the details (they are read from Horizon when someone tries to complete it).
  const held = txid === null ? null : ((await facts.held(txid)) ?? undefined)
  return buildEvidence({
    claim: claimOf(row),
    txid,
    txidSource: row.txid !== null ? 'pi' : txid === null ? null : 'chain',
    facts: check.reasons.includes('not_found') ? null : held,
    check,
    networkId,
    checkedAt: row.chainCheckedAt
  })
}
