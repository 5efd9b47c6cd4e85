// The history queries Horizon answers, over the columnar store: one account's transactions or
// operations, everything, one transaction's operations, ledgers. Failed transactions (and their
// operations) are left out unless asked for, as Horizon's `include_failed` does.
import { pageRows, rangeOf, type KeyCompare, type PageQuery } from './paging'
import { ledgerRecord, operationRecord, transactionRecord, type ChainLedgerRecord, type ChainOperationRecord, type ChainStore, type ChainTransactionRecord } from './records'
import { compareKey, lowBits } from './toid'

export interface HistoryQuery extends PageQuery {
  readonly includeFailed?: boolean
}

export interface OperationQuery extends HistoryQuery {
  /** Embed each operation's transaction (Horizon's `join=transactions`). */
  readonly join?: boolean
}

function txCompare(store: ChainStore): KeyCompare {
  const { table } = store
  return (row, key) => compareKey(table.ledger[row] ?? 0, lowBits(table.order[row] ?? 0, 0), key)
}

function opCompare(store: ChainStore): KeyCompare {
  const { table } = store
  return (opRow, key) => {
    const tx = table.opTx[opRow] ?? 0
    return compareKey(table.ledger[tx] ?? 0, lowBits(table.order[tx] ?? 0, opRow - (table.opStart[tx] ?? 0) + 1), key)
  }
}

function successfulTx(store: ChainStore, query: HistoryQuery): ((row: number) => boolean) | undefined {
  return query.includeFailed === true ? undefined : (row) => store.table.successful[row] === 1
}

function successfulOp(store: ChainStore, query: HistoryQuery): ((opRow: number) => boolean) | undefined {
  return query.includeFailed === true ? undefined : (opRow) => store.table.successful[store.table.opTx[opRow] ?? 0] === 1
}

function toOperations(store: ChainStore, rows: readonly number[], join: boolean): ChainOperationRecord[] {
  const joined = new Map<number, ChainTransactionRecord>()
  return rows.map((row) => operationRecord(store, row, join, joined))
}

export function accountTransactions(store: ChainStore, address: string, query: HistoryQuery): ChainTransactionRecord[] {
  const index = store.book.indexOf(address)
  if (index === undefined) return []
  const rows = pageRows(store.book.transactionRows(index), txCompare(store), query, successfulTx(store, query))
  return rows.map((row) => transactionRecord(store, row))
}

export function accountOperations(store: ChainStore, address: string, query: OperationQuery): ChainOperationRecord[] {
  const index = store.book.indexOf(address)
  if (index === undefined) return []
  const rows = pageRows(store.book.operationRows(index), opCompare(store), query, successfulOp(store, query))
  return toOperations(store, rows, query.join === true)
}

export function allTransactions(store: ChainStore, query: HistoryQuery): ChainTransactionRecord[] {
  const rows = pageRows(rangeOf(store.table.txCount), txCompare(store), query, successfulTx(store, query))
  return rows.map((row) => transactionRecord(store, row))
}

export function allOperations(store: ChainStore, query: OperationQuery): ChainOperationRecord[] {
  const rows = pageRows(rangeOf(store.table.opCount), opCompare(store), query, successfulOp(store, query))
  return toOperations(store, rows, query.join === true)
}

/** Undefined when the hash is unknown. A named transaction's operations are listed even if it failed. */
export function transactionOperations(store: ChainStore, hash: string, query: OperationQuery): ChainOperationRecord[] | undefined {
  const row = store.table.rowOfHash(hash)
  if (row === undefined) return undefined
  const list = rangeOf(store.table.opLength[row] ?? 0, store.table.opStart[row] ?? 0)
  return toOperations(store, pageRows(list, opCompare(store), query), query.join === true)
}

export function ledgerPage(store: ChainStore, query: PageQuery): ChainLedgerRecord[] {
  const { ledgers } = store
  const compare: KeyCompare = (row, key) => compareKey(ledgers.sequence[row] ?? 0, 0, key)
  return pageRows(rangeOf(ledgers.count), compare, query).map((row) => ledgerRecord(store, row))
}

export interface FeeStats {
  readonly lastLedger: number
  readonly lastLedgerBaseFee: number
  /** Operations in the last ledger over its capacity, 0..1. */
  readonly ledgerCapacityUsage: number
  /** Per-operation fee of each transaction in the recent ledgers, sorted ascending (stroops). */
  readonly feeCharged: readonly bigint[]
  readonly maxFee: readonly bigint[]
}

/** Horizon computes fee statistics over the last five ledgers. */
export function feeStats(store: ChainStore, maxTxSetSize: number): FeeStats {
  const { ledgers, table } = store
  const latest = ledgers.latest()
  const charged: bigint[] = []
  const bids: bigint[] = []
  for (let ledgerRow = Math.max(0, ledgers.count - 5); ledgerRow < ledgers.count; ledgerRow++) {
    const first = ledgers.firstTxRow[ledgerRow] ?? 0
    const count = ledgers.txCount[ledgerRow] ?? 0
    for (let row = first; row < first + count; row++) {
      const ops = BigInt(Math.max(1, table.opLength[row] ?? 1))
      charged.push((table.feeCharged[row] ?? 0n) / ops)
      bids.push((table.maxFee[row] ?? 0n) / ops)
    }
  }
  const ascending = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0)
  return {
    lastLedger: latest.sequence,
    lastLedgerBaseFee: store.baseFee,
    ledgerCapacityUsage: Math.min(1, latest.txSetOperationCount / maxTxSetSize),
    feeCharged: charged.sort(ascending),
    maxFee: bids.sort(ascending)
  }
}
