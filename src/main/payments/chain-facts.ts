// Where a transaction's facts come from for a check: the app wallet's history already stored (no
// request at all), or Horizon when the transaction is not in it (a buyer who paid someone else,
// a txid that is on no chain). Stored history holds only the operations that touch the app
// wallet, which are exactly the ones a check of this app's payments compares.
import type { MerchantDb } from '../db'
import { notIndexed } from '../db'
import type { HorizonClient } from '../horizon'
import type { NetworkId } from '../../shared/network'
import { chunks, WRITE_BATCH } from './payment-store'
import type { TransactionFacts, TransferFact } from './verify-on-chain'

/** The Horizon reads a check may need: one transaction and its operations. */
export type ChainReader = Pick<HorizonClient, 'transaction' | 'transactionOperations'>

export class ChainFacts {
  constructor(
    private readonly store: Pick<MerchantDb, 'db'>,
    private readonly networkId: NetworkId,
    private readonly horizon: ChainReader
  ) {}

  /** The transaction from the stored history, or undefined when it is not there. */
  async held(hash: string): Promise<TransactionFacts | undefined> {
    return (await this.heldAmong([hash])).get(hash)
  }

  /** Of these transactions, the ones in the stored history (two queries per few hundred hashes). */
  async heldAmong(hashes: Iterable<string>): Promise<Map<string, TransactionFacts>> {
    const held = new Map<string, TransactionFacts>()
    for (const chunk of chunks([...new Set(hashes)], WRITE_BATCH)) {
      const transactions = await this.store.db
        .selectFrom('chain_transactions')
        .select(['hash', 'successful', 'memo_type', 'memo'])
        .where('network_id', '=', this.networkId)
        .where('hash', 'in', chunk)
        .execute()
      if (transactions.length === 0) continue
      const operations = await this.store.db
        .selectFrom('chain_operations')
        .select(['transaction_hash', 'type', 'from_address', 'to_address', 'amount_stroops'])
        .where('network_id', '=', this.networkId)
        .where(
          'transaction_hash',
          'in',
          transactions.map((tx) => tx.hash)
        )
        .execute()
      // Each transaction's operations come in stored order (its index), as a single read gave them.
      const transfersOf = new Map<string, TransferFact[]>()
      for (const op of operations) {
        // Stored payments are native ones only; an account creation is not a payment.
        if (op.type !== 'payment') continue
        const transfers = transfersOf.get(op.transaction_hash) ?? []
        transfers.push({ native: true, from: op.from_address, to: op.to_address, amount: op.amount_stroops })
        transfersOf.set(op.transaction_hash, transfers)
      }
      for (const tx of transactions) {
        held.set(tx.hash, {
          hash: tx.hash,
          successful: tx.successful === 1n,
          memoType: tx.memo_type,
          memo: tx.memo,
          transfers: transfersOf.get(tx.hash) ?? []
        })
      }
    }
    return held
  }

  /** The transactions of the wallet's history linked to this payment (it has no txid from Pi). */
  async linkedTransactions(identifier: string): Promise<string[]> {
    const rows = await linkedTransactionsQuery(this.store, this.networkId, identifier).execute()
    return rows.map((row) => row.transaction_hash)
  }

  /** Asks Horizon; null when this network's chain has no such transaction. */
  async fetch(hash: string): Promise<TransactionFacts | null> {
    const tx = await this.horizon.transaction(hash)
    if (tx === null) return null
    const operations = (await this.horizon.transactionOperations(hash)) ?? []
    const transfers = operations.flatMap((op) =>
      op.kind === 'payment' ? [{ native: op.asset.type === 'native', from: op.from, to: op.to, amount: op.amount }] : []
    )
    return { hash: tx.hash, successful: tx.successful, memoType: tx.memoType, memo: tx.memo, transfers }
  }
}

/** A payment's linked transactions; `+network_id`: the payment's own index, not a walk over the network's operations. */
export function linkedTransactionsQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, identifier: string) {
  return store.db
    .selectFrom('chain_operations')
    .select('transaction_hash')
    .distinct()
    .where(notIndexed<string>(store.db, 'network_id'), '=', networkId)
    .where('payment_identifier', '=', identifier)
}
