// Where a transaction's facts come from for a check: the app wallet's history already stored (no
// request at all), or Horizon when the transaction is not in it (a buyer who paid someone else,
// a txid that is on no chain). Stored history holds only the operations that touch the app
// wallet, which are exactly the ones a check of this app's payments compares.
import type SqliteDatabase from 'better-sqlite3'
import type { MemoType } from '../db'
import type { NetworkId } from '../../shared/network'
import type { HorizonClient } from '../horizon'
import type { TransactionFacts } from './verify-on-chain'

interface HeldTransaction {
  readonly successful: bigint
  readonly memo_type: MemoType
  readonly memo: string | null
}

interface HeldTransfer {
  readonly type: string
  readonly from_address: string
  readonly to_address: string
  readonly amount_stroops: bigint
}

/** The Horizon reads a check may need: one transaction and its operations. */
export type ChainReader = Pick<HorizonClient, 'transaction' | 'transactionOperations'>

export class ChainFacts {
  private readonly selectTransaction: SqliteDatabase.Statement<[string, string], HeldTransaction>
  private readonly selectTransfers: SqliteDatabase.Statement<[string, string], HeldTransfer>

  constructor(
    sqlite: SqliteDatabase.Database,
    private readonly networkId: NetworkId,
    private readonly horizon: ChainReader
  ) {
    this.selectTransaction = sqlite.prepare(
      'SELECT successful, memo_type, memo FROM chain_transactions WHERE network_id = ? AND hash = ?'
    )
    this.selectTransfers = sqlite.prepare(
      `SELECT type, from_address, to_address, amount_stroops FROM chain_operations
       WHERE network_id = ? AND transaction_hash = ?`
    )
  }

  /** The transaction from the stored history, or undefined when it is not there. */
  held(hash: string): TransactionFacts | undefined {
    const tx = this.selectTransaction.get(this.networkId, hash)
    if (tx === undefined) return undefined
    const transfers = this.selectTransfers
      .all(this.networkId, hash)
      // Stored payments are native ones only; an account creation is not a payment.
      .filter((op) => op.type === 'payment')
      .map((op) => ({ native: true, from: op.from_address, to: op.to_address, amount: op.amount_stroops }))
    return { hash, successful: tx.successful === 1n, memoType: tx.memo_type, memo: tx.memo, transfers }
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
