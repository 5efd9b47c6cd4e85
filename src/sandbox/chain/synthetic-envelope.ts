// Envelopes for history the simulator wrote itself (fund() and importHistory()): built on
// demand from the stored columns, faithful in content (source, sequence, fee, timebounds, memo,
// operations) but UNSIGNED, and their hash is random rather than the envelope's real hash.
// Signing a million envelopes would take many minutes; nothing reads these signatures.
//
// The XDR is written by hand (a TransactionV1Envelope of payments and create_accounts is a
// fixed layout) because Horizon pages embed up to 200 of them and stellar-base's object model
// costs a hundred times more; the tests decode the result with stellar-sdk to keep it honest.
import type { AddressBook } from './address-book'
import { OpKind, type TxTable } from './tx-table'

const ENVELOPE_TYPE_TX = 2
const PRECOND_NONE = 0
const PRECOND_TIME = 1
const OPERATION_CREATE_ACCOUNT = 0
const OPERATION_PAYMENT = 1

class XdrWriter {
  private bytes = new Uint8Array(512)
  private view = new DataView(this.bytes.buffer)
  length = 0

  private room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra))
    next.set(this.bytes)
    this.bytes = next
    this.view = new DataView(next.buffer)
  }

  int32(value: number): void {
    this.room(4)
    this.view.setInt32(this.length, value)
    this.length += 4
  }

  int64(value: bigint): void {
    this.room(8)
    this.view.setBigInt64(this.length, value)
    this.length += 8
  }

  uint64(value: bigint): void {
    this.room(8)
    this.view.setBigUint64(this.length, value)
    this.length += 8
  }

  fixed(bytes: Uint8Array): void {
    const padded = (bytes.length + 3) & ~3
    this.room(padded)
    this.bytes.set(bytes, this.length)
    this.bytes.fill(0, this.length + bytes.length, this.length + padded)
    this.length += padded
  }

  /** KEY_TYPE_ED25519 account (an AccountID and a non-muxed MuxedAccount encode alike). */
  account(key: Uint8Array): void {
    this.int32(0)
    this.fixed(key)
  }

  base64(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString('base64')
  }
}

// One writer, reused: envelopes are built synchronously, one at a time.
const out = new XdrWriter()

export function syntheticEnvelopeXdr(table: TxTable, book: AddressBook, row: number): string {
  out.length = 0
  const source = table.source[row] ?? 0
  out.int32(ENVELOPE_TYPE_TX)
  out.account(book.keyBytes(source))
  out.int32(Number(table.maxFee[row] ?? 0n))
  out.int64(table.sequence[row] ?? 0n)
  const minTime = table.minTime[row] ?? Number.NaN
  if (Number.isNaN(minTime)) out.int32(PRECOND_NONE)
  else {
    out.int32(PRECOND_TIME)
    out.uint64(BigInt(minTime))
    out.uint64(BigInt(table.maxTime[row] ?? 0))
  }
  const memoType = table.memoType[row] ?? 0
  const memo = table.memoOf(row)
  out.int32(memoType)
  if (memoType === 1) {
    out.int32(memo.length)
    out.fixed(memo)
  } else if (memoType !== 0) out.fixed(memo)

  const start = table.opStart[row] ?? 0
  const count = table.opLength[row] ?? 0
  out.int32(count)
  for (let op = start; op < start + count; op++) {
    const opSource = table.opSource[op] ?? 0
    if (opSource === source) out.int32(0)
    else {
      out.int32(1)
      out.account(book.keyBytes(opSource))
    }
    const target = book.keyBytes(table.opTarget[op] ?? 0)
    if (table.opKind[op] === OpKind.payment) {
      out.int32(OPERATION_PAYMENT)
      out.account(target)
      out.int32(0) // ASSET_TYPE_NATIVE
    } else {
      out.int32(OPERATION_CREATE_ACCOUNT)
      out.account(target)
    }
    out.int64(table.opAmount[op] ?? 0n)
  }
  out.int32(0) // transaction ext
  out.int32(0) // no signatures
  return out.base64()
}
