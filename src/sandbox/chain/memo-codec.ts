// Memos are kept as their raw XDR bytes (at most 32 per transaction, in one flat buffer), so a
// million imported payments do not cost a million strings. Text memos are bytes on Stellar, not
// necessarily UTF-8: Horizon shows them decoded as `memo` and verbatim as `memo_bytes`.
import { Memo } from '@stellar/stellar-sdk'
import type { ChainMemo } from './types'

export const MEMO_SLOT_BYTES = 32
export const MAX_TEXT_MEMO_BYTES = 28

export const MemoTypeCode = { none: 0, text: 1, id: 2, hash: 3, return: 4 } as const
export type MemoTypeCode = (typeof MemoTypeCode)[keyof typeof MemoTypeCode]
const TYPE_NAMES = ['none', 'text', 'id', 'hash', 'return'] as const

export interface EncodedMemo {
  readonly type: MemoTypeCode
  readonly bytes: Uint8Array
  /** A text memo given as a string: written straight into the table as UTF-8 (no Buffer per memo). */
  readonly text?: string
}

const NO_BYTES = new Uint8Array(0)
// Pi payment identifiers are printable ASCII: their UTF-8 length is their length, no native call needed.
const ASCII = /^[ -~]*$/
const UINT64_MAX = 0xffff_ffff_ffff_ffffn

export function encodeMemo(memo: ChainMemo | undefined): EncodedMemo {
  if (memo === undefined || memo.type === 'none') return { type: MemoTypeCode.none, bytes: NO_BYTES }
  switch (memo.type) {
    case 'text': {
      const length = ASCII.test(memo.value) ? memo.value.length : Buffer.byteLength(memo.value, 'utf8')
      if (length > MAX_TEXT_MEMO_BYTES) throw new RangeError(`text memo is ${length} bytes; Stellar allows ${MAX_TEXT_MEMO_BYTES}`)
      return { type: MemoTypeCode.text, bytes: NO_BYTES, text: memo.value }
    }
    case 'id': {
      if (!/^\d{1,20}$/.test(memo.value) || BigInt(memo.value) > UINT64_MAX) throw new RangeError(`id memo must be a uint64, got ${memo.value}`)
      const bytes = Buffer.alloc(8)
      bytes.writeBigUInt64BE(BigInt(memo.value))
      return { type: MemoTypeCode.id, bytes }
    }
    case 'hash':
    case 'return': {
      const bytes = Buffer.from(memo.value, 'base64')
      if (bytes.length !== 32) throw new RangeError(`${memo.type} memo must be 32 bytes (base64), got ${bytes.length}`)
      return { type: MemoTypeCode[memo.type], bytes }
    }
  }
}

export function decodeMemo(type: number, bytes: Uint8Array): ChainMemo {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  switch (TYPE_NAMES[type]) {
    case 'text':
      return { type: 'text', value: buffer.toString('utf8') }
    case 'id':
      return { type: 'id', value: buffer.readBigUInt64BE().toString() }
    case 'hash':
      return { type: 'hash', value: buffer.toString('base64') }
    case 'return':
      return { type: 'return', value: buffer.toString('base64') }
    default:
      return { type: 'none' }
  }
}

export function memoTypeName(type: number): ChainMemo['type'] {
  return TYPE_NAMES[type] ?? 'none'
}

/** From a decoded envelope's memo (stellar-base gives text memos as Buffers). */
export function encodeStellarMemo(memo: Memo): EncodedMemo {
  const value = memo.value as unknown
  switch (memo.type) {
    case 'text':
      return { type: MemoTypeCode.text, bytes: Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8') }
    case 'id':
      return encodeMemo({ type: 'id', value: String(value) })
    case 'hash':
    case 'return':
      return { type: MemoTypeCode[memo.type], bytes: Buffer.from(value as Buffer) }
    default:
      return { type: MemoTypeCode.none, bytes: NO_BYTES }
  }
}

export function toStellarMemo(type: number, bytes: Uint8Array): Memo {
  const buffer = Buffer.from(bytes)
  switch (TYPE_NAMES[type]) {
    case 'text':
      // Memo.text takes the raw bytes too (text memos need not be UTF-8); its typing says string only.
      return Memo.text(buffer as unknown as string)
    case 'id':
      return Memo.id(buffer.readBigUInt64BE().toString())
    case 'hash':
      return Memo.hash(buffer)
    case 'return':
      return Memo.return(buffer.toString('hex'))
    default:
      return Memo.none()
  }
}
