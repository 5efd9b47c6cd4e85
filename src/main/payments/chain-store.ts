// Stores a page of the app wallet's history: its transactions and operations, their first
// classification, and the cursor, in ONE transaction (invariant 5: the cursor moves with the rows
// it covers). Inserts ignore rows already stored, so a page read twice (after a crash, or from the
// live stream and from paging) changes nothing the second time; the cursor only moves forward.
import type { Insertable } from 'kysely'
import { withTransaction, type ChainOperationsTable, type ChainTransactionsTable, type MerchantDb, type OperationClassification } from '../db'
import { isPaymentIdentifier } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'
import type { ChainEntry, ChainOperationRow, ChainTransactionRow } from './chain-rows'
import { chunks, PaymentStore, WRITE_BATCH } from './payment-store'

export interface StoredPage {
  readonly transactionsAdded: number
  readonly operationsAdded: number
  /** New operations whose memo names a payment the ledger already holds. */
  readonly linked: number
  /** New operations waiting for their memo to be looked up on Pi. */
  readonly unresolved: number
  readonly directTransfers: number
}

/** The rows of one page of the wallet's history, and the cursor just past them. */
export interface ChainRowsPage {
  readonly entries: readonly ChainEntry[]
  readonly cursor: string | null
}

const PAYMENTS_STREAM = 'horizon:payments:'

/** The sync_cursors stream of an app wallet's payments. */
export function paymentsStream(appWallet: string): string {
  return `${PAYMENTS_STREAM}${appWallet}`
}

/**
 * The app wallet(s) a network's ledger was synced from, as the sync cursors name them: how a
 * ledger synced before wallets were remembered still knows its wallet without connecting.
 */
export async function syncedAppWallets(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<string[]> {
  const rows = await store.db
    .selectFrom('sync_cursors')
    .select('stream')
    .where('network_id', '=', networkId)
    .where('stream', 'like', `${PAYMENTS_STREAM}%`)
    .orderBy('stream')
    .execute()
  return rows.map((row) => row.stream.slice(PAYMENTS_STREAM.length))
}

/**
 * Where the sync stopped reading an app wallet's history (everything before it is stored); null
 * before its first page. The queue and reconciliation read it to know what the stored history covers.
 */
export async function syncedCursor(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, appWallet: string): Promise<string | null> {
  return readCursor(store, networkId, paymentsStream(appWallet))
}

async function readCursor(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, stream: string): Promise<string | null> {
  const row = await store.db
    .selectFrom('sync_cursors')
    .select('cursor')
    .where('network_id', '=', networkId)
    .where('stream', '=', stream)
    .executeTakeFirst()
  return row?.cursor ?? null
}

type OperationEntry = Extract<ChainEntry, { kind: 'operation' }>

export class ChainStore {
  constructor(
    private readonly store: MerchantDb,
    private readonly networkId: NetworkId
  ) {}

  /** Where the stream's last stored page ended; null before the first. */
  async cursor(stream: string): Promise<string | null> {
    return readCursor(this.store, this.networkId, stream)
  }

  /**
   * One transaction, a statement per table for the whole page (not one per row); `beforeCommit`
   * lets tests crash a store step from the inside.
   */
  async storePage(page: ChainRowsPage, stream: string, nowMs: number, beforeCommit?: () => void): Promise<StoredPage> {
    return withTransaction(this.store, async (tx) => {
      const entries = page.entries.filter((entry): entry is OperationEntry => entry.kind === 'operation')
      const transactionsAdded = await this.addTransactions(tx, entries.map((entry) => entry.transaction))

      // A memo that cannot be a Pi payment id needs no lookup: a direct transfer at once.
      const paymentOf = (entry: OperationEntry): string | null => {
        const memo = entry.transaction.memoType === 'text' ? entry.transaction.memo : null
        return memo !== null && isPaymentIdentifier(memo) ? memo : null
      }
      const payments = new PaymentStore(tx, this.networkId)
      const known = await payments.knownAmong(entries.flatMap((entry) => paymentOf(entry) ?? []))
      const classified = entries.map((entry) => {
        const payment = paymentOf(entry)
        const classification: OperationClassification =
          payment === null ? 'direct_transfer' : known.has(payment) ? 'pi_payment' : 'unresolved'
        return { operation: entry.operation, classification, payment: classification === 'pi_payment' ? payment : null }
      })
      const added = await this.addOperations(tx, classified)

      let linked = 0
      let unresolved = 0
      let directTransfers = 0
      const evidence: string[] = []
      for (const { classification, payment } of added) {
        if (classification === 'direct_transfer') directTransfers += 1
        else if (classification === 'unresolved') unresolved += 1
        else {
          linked += 1
          evidence.push(payment as string)
        }
      }
      await payments.noteNewEvidence(evidence)
      if (page.cursor !== null) await this.moveCursor(tx, stream, page.cursor, nowMs)
      beforeCommit?.()
      return { transactionsAdded, operationsAdded: added.length, linked, unresolved, directTransfers }
    })
  }

  private async addTransactions(tx: MerchantDb, transactions: readonly ChainTransactionRow[]): Promise<number> {
    const rows = new Map<string, Insertable<ChainTransactionsTable>>()
    for (const t of transactions) {
      if (rows.has(t.hash)) continue
      rows.set(t.hash, {
        network_id: this.networkId,
        hash: t.hash,
        ledger: t.ledger,
        created_at: t.createdAt,
        source_account: t.sourceAccount,
        fee_charged_stroops: t.feeCharged,
        max_fee_stroops: t.maxFee,
        operation_count: t.operationCount,
        successful: t.successful ? 1 : 0,
        memo_type: t.memoType,
        memo: t.memo,
        paging_token: t.pagingToken
      })
    }
    let added = 0
    for (const chunk of chunks([...rows.values()], WRITE_BATCH)) {
      const result = await tx.db
        .insertInto('chain_transactions')
        .values(chunk)
        .onConflict((conflict) => conflict.columns(['network_id', 'hash']).doNothing())
        .executeTakeFirst()
      added += Number(result.numInsertedOrUpdatedRows ?? 0n)
    }
    return added
  }

  /** Inserts the operations not stored yet; returns those, in page order. */
  private async addOperations<T extends { operation: ChainOperationRow; classification: OperationClassification; payment: string | null }>(
    tx: MerchantDb,
    operations: readonly T[]
  ): Promise<T[]> {
    const firstOf = new Map<string, T>()
    for (const entry of operations) if (!firstOf.has(entry.operation.id)) firstOf.set(entry.operation.id, entry)
    const inserted = new Set<string>()
    for (const chunk of chunks([...firstOf.values()], WRITE_BATCH)) {
      const rows: Insertable<ChainOperationsTable>[] = chunk.map(({ operation: op, classification, payment }) => ({
        network_id: this.networkId,
        id: op.id,
        paging_token: op.pagingToken,
        transaction_hash: op.transactionHash,
        type: op.type,
        from_address: op.from,
        to_address: op.to,
        amount_stroops: op.amount,
        created_at: op.createdAt,
        successful: op.successful ? 1 : 0,
        classification,
        payment_identifier: payment
      }))
      const returned = await tx.db
        .insertInto('chain_operations')
        .values(rows)
        .onConflict((conflict) => conflict.columns(['network_id', 'id']).doNothing())
        .returning('id')
        .execute()
      for (const row of returned) inserted.add(row.id)
    }
    return [...firstOf.values()].filter((entry) => inserted.has(entry.operation.id))
  }

  // Paging tokens are decimal integers: a longer one is larger. Never moving back means the
  // live stream and a paging run can both store without one undoing the other's progress.
  private async moveCursor(tx: MerchantDb, stream: string, cursor: string, nowMs: number): Promise<void> {
    await tx.db
      .insertInto('sync_cursors')
      .values({ network_id: this.networkId, stream, cursor, updated_at: nowMs })
      .onConflict((conflict) =>
        conflict
          .columns(['network_id', 'stream'])
          .doUpdateSet((eb) => ({ cursor: eb.ref('excluded.cursor'), updated_at: eb.ref('excluded.updated_at') }))
          .where((eb) => {
            const longer = eb(eb.fn('length', [eb.ref('excluded.cursor')]), '>', eb.fn('length', [eb.ref('sync_cursors.cursor')]))
            const sameLength = eb(eb.fn('length', [eb.ref('excluded.cursor')]), '=', eb.fn('length', [eb.ref('sync_cursors.cursor')]))
            return eb.or([longer, eb.and([sameLength, eb(eb.ref('excluded.cursor'), '>', eb.ref('sync_cursors.cursor'))])])
          })
      )
      .execute()
  }
}
