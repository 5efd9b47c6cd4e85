// Stores a page of the app wallet's history: its transactions and operations, their first
// classification, and the cursor, in ONE transaction (invariant 5: the cursor moves with the rows
// it covers). Inserts ignore rows already stored, so a page read twice (after a crash, or from the
// live stream and from paging) changes nothing the second time; the cursor only moves forward.
import type SqliteDatabase from 'better-sqlite3'
import type { OperationClassification } from '../db'
import { isPaymentIdentifier } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'
import type { ChainEntry, ChainOperationRow, ChainTransactionRow } from './chain-rows'
import type { PaymentStore } from './payment-store'

export interface StoredPage {
  readonly transactionsAdded: number
  readonly operationsAdded: number
  /** New operations whose memo names a payment the ledger already holds. */
  readonly linked: number
  /** New operations waiting for their memo to be looked up on Pi. */
  readonly unresolved: number
  readonly directTransfers: number
}

/** The sync_cursors stream of an app wallet's payments. */
export function paymentsStream(appWallet: string): string {
  return `horizon:payments:${appWallet}`
}

/** The rows of one page of the wallet's history, and the cursor just past them. */
export interface ChainRowsPage {
  readonly entries: readonly ChainEntry[]
  readonly cursor: string | null
}

export class ChainStore {
  private readonly insertTransaction: SqliteDatabase.Statement
  private readonly insertOperation: SqliteDatabase.Statement
  private readonly moveCursor: SqliteDatabase.Statement
  private readonly selectCursor: SqliteDatabase.Statement<[string, string], { cursor: string }>

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly networkId: NetworkId,
    private readonly payments: PaymentStore
  ) {
    this.insertTransaction = sqlite.prepare(
      `INSERT INTO chain_transactions (network_id, hash, ledger, created_at, source_account, fee_charged_stroops,
         max_fee_stroops, operation_count, successful, memo_type, memo, paging_token)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (network_id, hash) DO NOTHING`
    )
    this.insertOperation = sqlite.prepare(
      `INSERT INTO chain_operations (network_id, id, paging_token, transaction_hash, type, from_address, to_address,
         amount_stroops, created_at, successful, classification, payment_identifier)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (network_id, id) DO NOTHING`
    )
    // Paging tokens are decimal integers: a longer one is larger. Never moving back means the
    // live stream and a paging run can both store without one undoing the other's progress.
    this.moveCursor = sqlite.prepare(
      `INSERT INTO sync_cursors (network_id, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (network_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
       WHERE length(excluded.cursor) > length(sync_cursors.cursor)
          OR (length(excluded.cursor) = length(sync_cursors.cursor) AND excluded.cursor > sync_cursors.cursor)`
    )
    this.selectCursor = sqlite.prepare('SELECT cursor FROM sync_cursors WHERE network_id = ? AND stream = ?')
  }

  cursor(stream: string): string | null {
    return this.selectCursor.get(this.networkId, stream)?.cursor ?? null
  }

  /** One transaction; `beforeCommit` lets tests crash a store step from the inside. */
  storePage(page: ChainRowsPage, stream: string, nowMs: number, beforeCommit?: () => void): StoredPage {
    const write = this.sqlite.transaction((): StoredPage => {
      let transactionsAdded = 0
      let operationsAdded = 0
      let linked = 0
      let unresolved = 0
      let directTransfers = 0
      for (const entry of page.entries) {
        if (entry.kind !== 'operation') continue
        transactionsAdded += this.addTransaction(entry.transaction)
        const memo = entry.transaction.memoType === 'text' ? entry.transaction.memo : null
        // A memo that cannot be a Pi payment id needs no lookup: a direct transfer at once.
        const payment = memo !== null && isPaymentIdentifier(memo) ? memo : null
        const known = payment !== null && this.payments.known(payment) !== null
        const classification = payment === null ? 'direct_transfer' : known ? 'pi_payment' : 'unresolved'
        if (!this.addOperation(entry.operation, classification, known ? payment : null)) continue
        operationsAdded += 1
        if (classification === 'direct_transfer') directTransfers += 1
        else if (classification === 'unresolved') unresolved += 1
        else {
          linked += 1
          this.payments.noteNewEvidence(payment as string)
        }
      }
      if (page.cursor !== null) this.moveCursor.run(this.networkId, stream, page.cursor, nowMs)
      beforeCommit?.()
      return { transactionsAdded, operationsAdded, linked, unresolved, directTransfers }
    })
    return write.immediate()
  }

  private addTransaction(tx: ChainTransactionRow): number {
    return this.insertTransaction.run(
      this.networkId,
      tx.hash,
      tx.ledger,
      tx.createdAt,
      tx.sourceAccount,
      tx.feeCharged,
      tx.maxFee,
      tx.operationCount,
      tx.successful ? 1 : 0,
      tx.memoType,
      tx.memo,
      tx.pagingToken
    ).changes
  }

  private addOperation(op: ChainOperationRow, classification: OperationClassification, payment: string | null): boolean {
    return (
      this.insertOperation.run(
        this.networkId,
        op.id,
        op.pagingToken,
        op.transactionHash,
        op.type,
        op.from,
        op.to,
        op.amount,
        op.createdAt,
        op.successful ? 1 : 0,
        classification,
        payment
      ).changes > 0
    )
  }
}
