// Every transaction and operation ever applied, in apply order (which is paging-token order),
// stored as columns. Rows are the internal identity of a transaction or operation; the hash
// index maps a hash to its row. Envelopes of submitted transactions are kept verbatim; imported
// and funded ones have none (see synthetic-envelope.ts).
import { grown, nextCapacity } from './columns'
import { HashIndex } from './hash-index'
import { MAX_TEXT_MEMO_BYTES, MEMO_SLOT_BYTES, type EncodedMemo } from './memo-codec'
import type { TransactionResultCodes } from './types'

export const OpKind = { createAccount: 0, payment: 1 } as const
export type OpKind = (typeof OpKind)[keyof typeof OpKind]

export class DuplicateTransactionError extends Error {}

const UTF8 = new TextEncoder()

export interface NewTransactionRow {
  readonly hash: Uint8Array
  readonly ledger: number
  readonly order: number
  readonly source: number
  readonly sequence: bigint
  readonly feeCharged: bigint
  readonly maxFee: bigint
  readonly successful: boolean
  readonly memo: EncodedMemo
  /** Unix seconds; NaN when the envelope has no timebounds. */
  readonly minTime: number
  /** Unix seconds; 0 = no upper bound. */
  readonly maxTime: number
}

export interface SubmittedEnvelope {
  readonly envelopeXdr: string
  readonly resultXdr: string
  /** base64 signatures, as Horizon lists them. */
  readonly signatures: readonly string[]
}

export class TxTable {
  txCount = 0
  opCount = 0
  private txCapacity = 0
  private opCapacity = 0

  hashes = new Uint8Array(0)
  ledger = new Int32Array(0)
  order = new Int32Array(0)
  source = new Int32Array(0)
  sequence = new BigInt64Array(0)
  feeCharged = new BigInt64Array(0)
  maxFee = new BigInt64Array(0)
  successful = new Uint8Array(0)
  opStart = new Int32Array(0)
  opLength = new Int32Array(0)
  memoType = new Uint8Array(0)
  memoLength = new Uint8Array(0)
  memoBytes = new Uint8Array(0)
  minTime = new Float64Array(0)
  maxTime = new Float64Array(0)

  opKind = new Uint8Array(0)
  opTx = new Int32Array(0)
  opSource = new Int32Array(0)
  opTarget = new Int32Array(0)
  opAmount = new BigInt64Array(0)

  readonly submitted = new Map<number, SubmittedEnvelope>()
  readonly failureCodes = new Map<number, TransactionResultCodes>()
  readonly byHash = new HashIndex({ hashBytes: () => this.hashes })

  reserve(transactions: number, operations: number): void {
    const txNeeded = this.txCount + transactions
    if (txNeeded > this.txCapacity) this.growTx(nextCapacity(this.txCapacity, txNeeded))
    const opNeeded = this.opCount + operations
    if (opNeeded > this.opCapacity) this.growOps(nextCapacity(this.opCapacity, opNeeded))
    this.byHash.reserve(txNeeded)
  }

  appendTransaction(row: NewTransactionRow): number {
    if (row.hash.length !== 32) throw new RangeError('a transaction hash is 32 bytes')
    if (this.txCount === this.txCapacity) this.growTx(nextCapacity(this.txCapacity, this.txCount + 1))
    const at = this.txCount
    this.hashes.set(row.hash, at * 32)
    if (!this.byHash.insertUnique(at)) throw new DuplicateTransactionError(`transaction ${this.hashHex(at)} is already on the ledger`)
    this.ledger[at] = row.ledger
    this.order[at] = row.order
    this.source[at] = row.source
    this.sequence[at] = row.sequence
    this.feeCharged[at] = row.feeCharged
    this.maxFee[at] = row.maxFee
    this.successful[at] = row.successful ? 1 : 0
    this.opStart[at] = this.opCount
    this.opLength[at] = 0
    this.memoType[at] = row.memo.type
    const slot = at * MEMO_SLOT_BYTES
    if (row.memo.text === undefined) {
      this.memoBytes.set(row.memo.bytes, slot)
      this.memoLength[at] = row.memo.bytes.length
    } else {
      this.memoLength[at] = UTF8.encodeInto(row.memo.text, this.memoBytes.subarray(slot, slot + MAX_TEXT_MEMO_BYTES)).written
    }
    this.minTime[at] = row.minTime
    this.maxTime[at] = row.maxTime
    this.txCount += 1
    return at
  }

  /** Operations are appended right after their transaction, in order. */
  appendOperation(txRow: number, kind: OpKind, source: number, target: number, amount: bigint): number {
    if (txRow !== this.txCount - 1) throw new Error('operations must follow their transaction')
    if (this.opCount === this.opCapacity) this.growOps(nextCapacity(this.opCapacity, this.opCount + 1))
    const at = this.opCount
    this.opKind[at] = kind
    this.opTx[at] = txRow
    this.opSource[at] = source
    this.opTarget[at] = target
    this.opAmount[at] = amount
    this.opLength[txRow] = (this.opLength[txRow] ?? 0) + 1
    this.opCount += 1
    return at
  }

  // A Buffer view over the whole hash column, rebuilt when the column grows: hex-encoding a row
  // then allocates nothing but the string.
  private hashView = Buffer.alloc(0)

  hashHex(row: number): string {
    if (this.hashView.buffer !== this.hashes.buffer) this.hashView = Buffer.from(this.hashes.buffer, this.hashes.byteOffset, this.hashes.byteLength)
    return this.hashView.toString('hex', row * 32, row * 32 + 32)
  }

  memoOf(row: number): Uint8Array {
    const start = row * MEMO_SLOT_BYTES
    return this.memoBytes.subarray(start, start + (this.memoLength[row] ?? 0))
  }

  rowOfHash(hashHex: string): number | undefined {
    if (!/^[0-9a-f]{64}$/.test(hashHex)) return undefined
    return this.byHash.find(Buffer.from(hashHex, 'hex'))
  }

  private growTx(capacity: number): void {
    this.hashes = grown(this.hashes, capacity * 32)
    this.ledger = grown(this.ledger, capacity)
    this.order = grown(this.order, capacity)
    this.source = grown(this.source, capacity)
    this.sequence = grown(this.sequence, capacity)
    this.feeCharged = grown(this.feeCharged, capacity)
    this.maxFee = grown(this.maxFee, capacity)
    this.successful = grown(this.successful, capacity)
    this.opStart = grown(this.opStart, capacity)
    this.opLength = grown(this.opLength, capacity)
    this.memoType = grown(this.memoType, capacity)
    this.memoLength = grown(this.memoLength, capacity)
    this.memoBytes = grown(this.memoBytes, capacity * MEMO_SLOT_BYTES)
    this.minTime = grown(this.minTime, capacity)
    this.maxTime = grown(this.maxTime, capacity)
    this.txCapacity = capacity
  }

  private growOps(capacity: number): void {
    this.opKind = grown(this.opKind, capacity)
    this.opTx = grown(this.opTx, capacity)
    this.opSource = grown(this.opSource, capacity)
    this.opTarget = grown(this.opTarget, capacity)
    this.opAmount = grown(this.opAmount, capacity)
    this.opCapacity = capacity
  }
}
