// The dataset generator's fast path: append already-decided history (a million payments in a
// few seconds) without building or signing envelopes. Records are streamed (any iterable), each
// one transient; what stays is a few bytes per row in the columnar store.
//
// Rules, checked per record with a message naming it: time never goes backwards, nothing is in
// the future, accounts exist before they pay (fund them with create_account records from the
// root, or list them in the chain's genesis accounts), and a record said to succeed must succeed
// on this ledger (balances never go below the reserve). Envelopes are synthetic and hashes random
// unless the record brings its own (see synthetic-envelope.ts).
import { randomFillSync } from 'node:crypto'
import type { LedgerOperation } from './apply-operations'
import { floorToSecond, type ChainClock } from './clock'
import { DEFAULT_LEDGER_INTERVAL_MS, MAX_OPERATIONS_PER_TX } from './constants'
import type { AddressBook } from './address-book'
import { isAccountAddress } from './strkey'
import { encodeMemo, type EncodedMemo } from './memo-codec'
import type { ChainStore } from './records'
import { TX_ORDER_LIMIT } from './toid'
import type { ChainMemo, ChainOperation, TransactionResultCodes } from './types'
import { HistoryConflictError, writeTransaction, type TransactionDraft } from './write-transaction'

export interface HistoryRecord {
  /** Close time of its ledger (ms since epoch or a Date); non-decreasing across records. */
  readonly createdAt: Date | number
  readonly source: string
  /** `payment.from` / `create_account.funder` is the operation's source (usually `source`). */
  readonly operations: readonly ChainOperation[]
  readonly memo?: ChainMemo
  /** Default: base fee x operations. */
  readonly feeCharged?: bigint
  /** Default: feeCharged. */
  readonly maxFee?: bigint
  /** Default: the account's sequence + 1. */
  readonly sourceAccountSequence?: bigint
  /** Default true. A failed record needs `resultCodes`; its fee is charged, its operations are not applied. */
  readonly successful?: boolean
  readonly resultCodes?: TransactionResultCodes
  /** 64 hex; default random. */
  readonly hash?: string
  /** Unix seconds, as in an envelope's timebounds (maxTime 0 = none). */
  readonly timeBounds?: { readonly minTime: number; readonly maxTime: number }
}

export interface ImportSummary {
  readonly transactions: number
  readonly operations: number
  readonly firstLedger: number | undefined
  readonly lastLedger: number | undefined
}

export class ImportError extends Error {}

interface OpenLedger {
  sequence: number
  closedAtMs: number
  firstTxRow: number
  txCount: number
  successfulTxCount: number
  operationCount: number
  txSetOperationCount: number
  fees: bigint
}

const HASH_POOL_SIZE = 4096

export function importHistory(store: ChainStore, clock: ChainClock, records: Iterable<HistoryRecord>): ImportSummary {
  const { ledgers, table, book } = store
  if (Array.isArray(records)) table.reserve(records.length, records.length)
  const nowMs = clock.nowMs()
  // A Uint8Array, not a Buffer: Buffer#subarray goes through a slow deprecated constructor path.
  const hashPool = new Uint8Array(32 * HASH_POOL_SIZE)
  let hashesLeft = 0
  let open: OpenLedger | undefined
  let anchor = ledgers.latest()
  let feePool = anchor.feePool
  let firstLedger: number | undefined
  let transactions = 0
  let operations = 0

  // Literal objects only in this loop: an object spread here costs microseconds per record.
  const close = (): void => {
    if (open === undefined) return
    if (open.txCount > 0) {
      feePool += open.fees
      ledgers.append({
        sequence: open.sequence,
        closedAtMs: open.closedAtMs,
        firstTxRow: open.firstTxRow,
        txCount: open.txCount,
        successfulTxCount: open.successfulTxCount,
        operationCount: open.operationCount,
        txSetOperationCount: open.txSetOperationCount,
        feePool
      })
    }
    open = undefined
  }
  const fail = (index: number, message: string): ImportError => {
    close()
    return new ImportError(`history record #${index}: ${message}`)
  }

  let index = 0
  for (const record of records) {
    const atMs = floorToSecond(record.createdAt instanceof Date ? record.createdAt.getTime() : record.createdAt)
    if (index === 0) {
      ledgers.dropTrailingEmptyAfter(atMs)
      anchor = ledgers.latest()
    }
    const previous = open ?? ledgers.latest()
    if (!Number.isFinite(atMs)) throw fail(index, 'createdAt is not a time')
    if (atMs < previous.closedAtMs) {
      throw fail(
        index,
        `${new Date(atMs).toISOString()} is before the latest ledger (${new Date(previous.closedAtMs).toISOString()}): ` +
          'import history in time order, before any live transaction, on a chain whose genesisTime precedes it'
      )
    }
    if (atMs > nowMs) throw fail(index, `${new Date(atMs).toISOString()} is in the future`)
    if (open === undefined || atMs !== open.closedAtMs) {
      close()
      // Number ledgers at Pi's nominal close rate from where the import began, so that sequence
      // numbers track elapsed time as on the real chain (never less than one per distinct second).
      const sequence = Math.max(previous.sequence + 1, anchor.sequence + Math.floor((atMs - anchor.closedAtMs) / DEFAULT_LEDGER_INTERVAL_MS))
      if (sequence > 0x7fff_ffff) throw fail(index, 'ledger sequence would overflow')
      open = { sequence, closedAtMs: atMs, firstTxRow: table.txCount, txCount: 0, successfulTxCount: 0, operationCount: 0, txSetOperationCount: 0, fees: 0n }
      firstLedger ??= sequence
    }
    if (open.txCount + 1 >= TX_ORDER_LIMIT) throw fail(index, 'too many transactions in one second')
    const count = record.operations.length
    if (count === 0 || count > MAX_OPERATIONS_PER_TX) throw fail(index, 'a transaction has 1 to 100 operations')

    const source = internAccount(book, record.source)
    const account = book.accounts[source]
    if (account === undefined) throw fail(index, `source ${record.source} does not exist yet`)
    const ops: LedgerOperation[] = []
    for (const op of record.operations) {
      const planned = ledgerOperation(op, book)
      if (typeof planned === 'string') throw fail(index, planned)
      ops.push(planned)
    }
    const feeCharged = record.feeCharged ?? BigInt(store.baseFee) * BigInt(count)
    const sequence = record.sourceAccountSequence ?? account.sequence + 1n
    if (sequence <= account.sequence) throw fail(index, `sequence ${sequence} does not follow ${account.sequence}`)
    if (account.balance < feeCharged) throw fail(index, `${record.source} cannot pay the fee`)
    if (record.successful === false && record.resultCodes === undefined) throw fail(index, 'a failed record needs its resultCodes')

    let hash: Uint8Array
    if (record.hash !== undefined) {
      if (!/^[0-9a-f]{64}$/.test(record.hash)) throw fail(index, 'hash must be 64 lowercase hex')
      hash = Buffer.from(record.hash, 'hex')
      // Checked before anything is written: a duplicate must not leave half a transaction behind.
      if (table.byHash.find(hash) !== undefined) throw fail(index, `transaction ${record.hash} is already on the ledger`)
    } else {
      if (hashesLeft === 0) {
        randomFillSync(hashPool)
        hashesLeft = HASH_POOL_SIZE
      }
      hashesLeft -= 1
      hash = hashPool.subarray(hashesLeft * 32, hashesLeft * 32 + 32)
    }
    let memo: EncodedMemo
    try {
      memo = encodeMemo(record.memo)
    } catch (error) {
      throw fail(index, error instanceof Error ? error.message : String(error))
    }

    let successful: boolean
    try {
      const draft: TransactionDraft = {
        hash,
        source,
        sequence,
        feeCharged,
        maxFee: record.maxFee ?? feeCharged,
        memo,
        minTime: record.timeBounds?.minTime ?? Number.NaN,
        maxTime: record.timeBounds?.maxTime ?? 0,
        operations: ops,
        decidedFailure: record.successful === false ? record.resultCodes : undefined
      }
      successful = writeTransaction(store, draft, { ledgerSequence: open.sequence, order: open.txCount + 1, closedAtMs: atMs, mustSucceed: true }).successful
    } catch (error) {
      if (error instanceof HistoryConflictError) throw fail(index, error.message)
      throw error
    }
    open.txCount += 1
    open.fees += feeCharged
    open.txSetOperationCount += count
    if (successful) {
      open.successfulTxCount += 1
      open.operationCount += count
    }
    transactions += 1
    operations += count
    index += 1
  }
  const lastLedger = open?.sequence
  close()
  return { transactions, operations, firstLedger, lastLedger }
}

/** Interns an address, checking it is a real account address the first time it is seen. */
function internAccount(book: AddressBook, address: string): number {
  const known = book.indexOf(address)
  if (known !== undefined) return known
  if (!isAccountAddress(address)) throw new ImportError(`not an account address: ${address}`)
  return book.intern(address)
}

function ledgerOperation(op: ChainOperation, book: AddressBook): LedgerOperation | string {
  if (op.kind === 'payment') {
    if (op.amount <= 0n) return `payment amount must be positive, got ${op.amount}`
    return { type: 'payment', source: internAccount(book, op.from), target: internAccount(book, op.to), amount: op.amount, native: true, sourceIsIssuer: false }
  }
  if (op.startingBalance < 0n) return `starting balance must not be negative, got ${op.startingBalance}`
  return {
    type: 'create_account',
    source: internAccount(book, op.funder),
    target: internAccount(book, op.account),
    amount: op.startingBalance,
    native: true,
    sourceIsIssuer: false
  }
}
