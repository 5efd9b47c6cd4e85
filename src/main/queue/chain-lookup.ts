// Where the queue gets its chain facts before it acts. "The chain is the authority": a payment is
// completed only on facts just read from Horizon, and a payment is cancelled only after the app
// wallet's history (stored, then Horizon from where the last sync stopped) shows that none of the
// transactions carrying its id pays it.
import { sql } from 'kysely'
import type { MerchantDb } from '../db'
import { notIndexed } from '../db'
import { ChainFacts, syncedCursor, type TransactionFacts } from '../payments'
import type { NetworkId } from '../../shared/network'
import type { QueueHorizon } from './ports'

export interface FoundTransaction {
  readonly facts: TransactionFacts
  /** Where it was found: the stored history or a Horizon search. */
  readonly from: 'history' | 'horizon'
}

// Linked operations by the payment's own index (`+network_id` keeps the planner on it). Unresolved
// operations have no link yet: their transaction's memo is read instead, among those no older than
// the payment (a transaction cannot carry the id of a payment that did not exist yet; an hour of
// slack for clocks), which also keeps the planner on the small partial index of unresolved ones
// (its condition is written out: a bound parameter would not match it).
export function storedByMemoQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, identifier: string, notBeforeMs: number) {
  const linked = store.db
    .selectFrom('chain_operations as o')
    .select('o.transaction_hash')
    .distinct()
    .where('o.payment_identifier', '=', identifier)
    .where(notIndexed<NetworkId>(store.db, 'o.network_id'), '=', networkId)
  const unresolved = store.db
    .selectFrom('chain_operations as o')
    .innerJoin('chain_transactions as t', (join) => join.onRef('t.network_id', '=', 'o.network_id').onRef('t.hash', '=', 'o.transaction_hash'))
    .select('o.transaction_hash')
    .distinct()
    .where('o.network_id', '=', networkId)
    .where('o.classification', '=', sql.lit('unresolved' as const))
    .where('o.created_at', '>=', BigInt(notBeforeMs))
    .where('t.memo_type', '=', sql.lit('text' as const))
    .where('t.memo', '=', identifier)
  return linked.union(unresolved)
}

const CLOCK_SLACK_MS = 3_600_000

export class ChainLookup {
  private readonly facts: ChainFacts
  private networkChecked = false

  constructor(
    private readonly store: Pick<MerchantDb, 'sqlite' | 'db'>,
    private readonly networkId: NetworkId,
    private readonly horizon: QueueHorizon,
    private readonly appWallet: string
  ) {
    this.facts = new ChainFacts(store, networkId, horizon)
  }

  get passphrase(): string {
    return this.horizon.expectedPassphrase
  }

  /** Horizon must serve the network the payments belong to before its answers count. */
  async ensureNetwork(): Promise<void> {
    if (this.networkChecked) return
    await this.horizon.checkNetwork()
    this.networkChecked = true
  }

  /** A transaction as Horizon reports it now; null when this network's chain has no such one. */
  async read(hash: string): Promise<TransactionFacts | null> {
    await this.ensureNetwork()
    return this.facts.fetch(hash)
  }

  /**
   * EVERY transaction carrying `identifier` as its memo: the stored history, then a Horizon search
   * of the app wallet's transactions after the last synced position. Anyone can write any memo,
   * so the caller judges each of them; none decides by being found first.
   */
  async allByMemo(identifier: string, createdAt: Date): Promise<FoundTransaction[]> {
    const found: FoundTransaction[] = (await this.storedByMemo(identifier, createdAt)).map((facts) => ({ facts, from: 'history' }))
    await this.ensureNetwork()
    const records = await this.horizon.transactionsByMemo(this.appWallet, identifier, { sinceCursor: await this.syncedCursor() })
    for (const record of records) {
      if (found.some((known) => known.facts.hash === record.hash)) continue
      const facts = await this.facts.fetch(record.hash)
      if (facts !== null) found.push({ facts, from: 'horizon' })
    }
    return found
  }

  private async storedByMemo(identifier: string, createdAt: Date): Promise<TransactionFacts[]> {
    const rows = await storedByMemoQuery(this.store, this.networkId, identifier, createdAt.getTime() - CLOCK_SLACK_MS).execute()
    const held: TransactionFacts[] = []
    for (const { transaction_hash: hash } of rows) {
      const facts = await this.facts.held(hash)
      if (facts !== undefined) held.push(facts)
    }
    return held
  }

  /** Where the sync stopped reading the wallet's history: everything before it is stored. */
  private syncedCursor(): Promise<string | null> {
    return syncedCursor(this.store, this.networkId, this.appWallet)
  }
}
