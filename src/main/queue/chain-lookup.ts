// Where the queue gets its chain facts before it acts. "The chain is the authority": a payment is
// completed only on facts just read from Horizon, and a payment is cancelled only after the app
// wallet's history (stored, then Horizon from where the last sync stopped) shows that none of the
// transactions carrying its id pays it.
import type { MerchantDb } from '../db'
import { ChainFacts, paymentsStream, type TransactionFacts } from '../payments'
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
// slack for clocks), which also keeps the planner on the small partial index of unresolved ones.
export const STORED_BY_MEMO = `SELECT DISTINCT o.transaction_hash FROM chain_operations o
  WHERE o.payment_identifier = ? AND +o.network_id = ?
  UNION
  SELECT DISTINCT o.transaction_hash FROM chain_operations o
  JOIN chain_transactions t ON t.network_id = o.network_id AND t.hash = o.transaction_hash
  WHERE o.network_id = ? AND o.classification = 'unresolved' AND o.created_at >= ?
    AND t.memo_type = 'text' AND t.memo = ?`

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
    const records = await this.horizon.transactionsByMemo(this.appWallet, identifier, { sinceCursor: this.syncedCursor() })
    for (const record of records) {
      if (found.some((known) => known.facts.hash === record.hash)) continue
      const facts = await this.facts.fetch(record.hash)
      if (facts !== null) found.push({ facts, from: 'horizon' })
    }
    return found
  }

  private async storedByMemo(identifier: string, createdAt: Date): Promise<TransactionFacts[]> {
    const hashes = this.store.sqlite
      .prepare<[string, string, string, number, string], string>(STORED_BY_MEMO)
      .pluck()
      .all(identifier, this.networkId, this.networkId, createdAt.getTime() - CLOCK_SLACK_MS, identifier)
    const held = await this.facts.heldAmong(hashes)
    return hashes.map((hash) => held.get(hash)).filter((facts): facts is TransactionFacts => facts !== undefined)
  }

  /** Where the sync stopped reading the wallet's history: everything before it is stored. */
  private syncedCursor(): string | null {
    return (
      this.store.sqlite
        .prepare<[string, string], string>('SELECT cursor FROM sync_cursors WHERE network_id = ? AND stream = ?')
        .pluck()
        .get(this.networkId, paymentsStream(this.appWallet)) ?? null
    )
  }
}
