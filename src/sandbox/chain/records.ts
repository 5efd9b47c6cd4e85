// Rows of the columnar store turned into objects, only for what a caller actually asked for (a
// page of 200 at most, or one transaction). These are the shapes the Horizon simulator renders.
import { createHash } from 'node:crypto'
import type { AddressBook } from './address-book'
import type { LedgerTable } from './ledger-table'
import { decodeMemo } from './memo-codec'
import { transactionResultXdr, type OperationResultCode } from './result-codes'
import { syntheticEnvelopeXdr } from './synthetic-envelope'
import { toidString } from './toid'
import { OpKind, type TxTable } from './tx-table'
import type { ChainAccount, ChainOperation, ChainTransaction, LedgerHeader, TransactionResultCodes } from './types'

export interface ChainStore {
  readonly table: TxTable
  readonly book: AddressBook
  readonly ledgers: LedgerTable
  readonly networkPassphrase: string
  /** Validators can vote it up or down (a network upgrade): see SimChain.voteBaseFee. */
  baseFee: number
  readonly baseReserve: number
  readonly totalCoins: bigint
}

export interface ChainTransactionRecord extends ChainTransaction {
  readonly pagingToken: string
  readonly operationCount: number
  /** base64 of a text memo's raw bytes (Horizon's `memo_bytes`); undefined for other memo types. */
  readonly memoBytes: string | undefined
  /** base64 signatures; empty for synthetic envelopes. */
  readonly signatures: readonly string[]
  /** Unix seconds as in the envelope; undefined when it has no timebounds (maxTime 0 = unbounded). */
  readonly timeBounds: { readonly minTime: number; readonly maxTime: number } | undefined
  readonly resultCodes: TransactionResultCodes
  /** True for history written by fund()/importHistory(): unsigned envelope, random hash. */
  readonly synthetic: boolean
}

export interface ChainOperationRecord {
  /** Horizon operation id (total order id), also its paging token. */
  readonly id: string
  readonly pagingToken: string
  /** 0-based position in its transaction. */
  readonly index: number
  readonly sourceAccount: string
  readonly transactionHash: string
  readonly transactionSuccessful: boolean
  readonly createdAt: Date
  readonly operation: ChainOperation
  /** Present when the caller asked to join the transaction (Horizon's `join=transactions`). */
  readonly transaction?: ChainTransactionRecord
}

export interface ChainLedgerRecord extends LedgerHeader {
  readonly pagingToken: string
  readonly hash: string
  readonly prevHash: string
  readonly successfulTransactionCount: number
  readonly failedTransactionCount: number
  readonly operationCount: number
  readonly txSetOperationCount: number
  readonly totalCoins: bigint
  readonly feePool: bigint
}

export function closedAtOfLedger(store: ChainStore, ledger: number): Date {
  const row = store.ledgers.rowOfSequence(ledger)
  return new Date(row === undefined ? 0 : (store.ledgers.closedAtMs[row] ?? 0))
}

export function operationOf(store: ChainStore, opRow: number): ChainOperation {
  const { table, book } = store
  const source = book.address(table.opSource[opRow] ?? 0)
  const target = book.address(table.opTarget[opRow] ?? 0)
  const amount = table.opAmount[opRow] ?? 0n
  return table.opKind[opRow] === OpKind.payment
    ? { kind: 'payment', from: source, to: target, amount }
    : { kind: 'create_account', funder: source, account: target, startingBalance: amount }
}

const SUCCESS_CODES: readonly (readonly string[])[] = Array.from({ length: 101 }, (_, n) => Object.freeze(Array.from({ length: n }, () => 'op_success')))

export function transactionCodes(store: ChainStore, row: number): TransactionResultCodes {
  const failed = store.table.failureCodes.get(row)
  if (failed !== undefined) return failed
  return { transaction: 'tx_success', operations: SUCCESS_CODES[store.table.opLength[row] ?? 0] ?? [] }
}

export function transactionRecord(store: ChainStore, row: number, createdAt?: Date): ChainTransactionRecord {
  const { table, book } = store
  const ledger = table.ledger[row] ?? 0
  const start = table.opStart[row] ?? 0
  const operationCount = table.opLength[row] ?? 0
  const operations: ChainOperation[] = []
  for (let op = start; op < start + operationCount; op++) operations.push(operationOf(store, op))
  const memoType = table.memoType[row] ?? 0
  const memoBytes = table.memoOf(row)
  const minTime = table.minTime[row] ?? Number.NaN
  const maxTime = table.maxTime[row] ?? 0
  const submitted = table.submitted.get(row)
  const resultCodes = transactionCodes(store, row)
  const feeCharged = table.feeCharged[row] ?? 0n
  return {
    hash: table.hashHex(row),
    ledger,
    createdAt: createdAt ?? closedAtOfLedger(store, ledger),
    sourceAccount: book.address(table.source[row] ?? 0),
    sourceAccountSequence: table.sequence[row] ?? 0n,
    feeCharged,
    maxFee: table.maxFee[row] ?? 0n,
    successful: table.successful[row] === 1,
    memo: decodeMemo(memoType, memoBytes),
    operations,
    envelopeXdr: submitted?.envelopeXdr ?? syntheticEnvelopeXdr(table, book, row),
    resultXdr: submitted?.resultXdr ?? syntheticResultXdr(feeCharged, resultCodes, operations),
    validAfter: Number.isNaN(minTime) ? null : new Date(minTime * 1000),
    validBefore: Number.isNaN(minTime) || maxTime === 0 ? null : new Date(maxTime * 1000),
    pagingToken: toidString(ledger, table.order[row] ?? 0, 0),
    operationCount,
    memoBytes: memoType === 1 ? Buffer.from(memoBytes).toString('base64') : undefined,
    signatures: submitted?.signatures ?? [],
    timeBounds: Number.isNaN(minTime) ? undefined : { minTime, maxTime },
    resultCodes,
    synthetic: submitted === undefined
  }
}

function syntheticResultXdr(feeCharged: bigint, codes: TransactionResultCodes, operations: readonly ChainOperation[]): string {
  const opCodes: OperationResultCode[] = operations.map((op, i) => ({ type: op.kind, code: codes.operations?.[i] ?? 'op_success' }))
  return transactionResultXdr(feeCharged, codes.transaction, opCodes)
}

export function operationRecord(store: ChainStore, opRow: number, join: boolean, joined?: Map<number, ChainTransactionRecord>): ChainOperationRecord {
  const { table } = store
  const txRow = table.opTx[opRow] ?? 0
  const index = opRow - (table.opStart[txRow] ?? 0)
  const ledger = table.ledger[txRow] ?? 0
  const createdAt = closedAtOfLedger(store, ledger)
  const id = toidString(ledger, table.order[txRow] ?? 0, index + 1)
  let transaction: ChainTransactionRecord | undefined
  if (join) {
    transaction = joined?.get(txRow) ?? transactionRecord(store, txRow, createdAt)
    joined?.set(txRow, transaction)
  }
  // Literal objects, no spread: pages build up to 200 of these per request.
  const record: { -readonly [K in keyof ChainOperationRecord]: ChainOperationRecord[K] } = {
    id,
    pagingToken: id,
    index,
    sourceAccount: store.book.address(table.opSource[opRow] ?? 0),
    transactionHash: table.hashHex(txRow),
    transactionSuccessful: table.successful[txRow] === 1,
    createdAt,
    operation: operationOf(store, opRow)
  }
  if (transaction !== undefined) record.transaction = transaction
  return record
}

export function ledgerRecord(store: ChainStore, ledgerRow: number): ChainLedgerRecord {
  const ledger = store.ledgers.row(ledgerRow)
  return {
    sequence: ledger.sequence,
    closedAt: new Date(ledger.closedAtMs),
    baseFeeInStroops: store.baseFee,
    baseReserveInStroops: store.baseReserve,
    pagingToken: toidString(ledger.sequence, 0, 0),
    hash: ledgerHash(store.networkPassphrase, ledger.sequence),
    prevHash: ledgerHash(store.networkPassphrase, ledgerRow > 0 ? (store.ledgers.sequence[ledgerRow - 1] ?? 0) : 0),
    successfulTransactionCount: ledger.successfulTxCount,
    failedTransactionCount: ledger.txCount - ledger.successfulTxCount,
    operationCount: ledger.operationCount,
    txSetOperationCount: ledger.txSetOperationCount,
    totalCoins: store.totalCoins,
    feePool: ledger.feePool
  }
}

/** Ledger hashes are not simulated: a stable digest per (network, sequence) stands in. */
function ledgerHash(networkPassphrase: string, sequence: number): string {
  return createHash('sha256').update(`sandbox-ledger:${networkPassphrase}:${sequence}`).digest('hex')
}

export interface ChainAccountDetails extends ChainAccount {
  readonly lastModifiedLedger: number
  readonly lastModifiedAt: Date
  /** Ledger and close time of the account's last sequence bump (protocol 19); undefined if it never sent. */
  readonly sequenceLedger: number | undefined
  readonly sequenceTime: Date | undefined
}
