// The opaque page cursor: the last row's sort key, tied to the sort and filter it came from.
//
// Invariant: a cursor is only ever read back if this process wrote it, unchanged. It is signed
// with a key that lives in memory for the life of the process (HMAC-SHA256), so a changed byte,
// a hand-made cursor or one from an earlier session is refused with a clear error rather than
// silently opening a page at some other position. The values inside are still checked one by one:
// they become SQL parameters.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { cursorDamaged, cursorFromAnotherQuery } from './ledger-errors'
import { SORT_KEYS, decodeKeyValue, encodeKeyValue, type KeyValue } from './sort-keys'
import type { LedgerSort } from './types'

const CURSOR_KEY = randomBytes(32)
const SIGNATURE_BYTES = 16
const MAX_CURSOR_LENGTH = 1000

interface CursorPayload {
  /** Sort column and order. */
  readonly s: string
  readonly o: string
  /** Filter fingerprint (normalize-query.ts). */
  readonly f: string
  /** The last row's key values, in SORT_KEYS order. */
  readonly k: readonly string[]
}

export function encodeCursor(sort: LedgerSort, fingerprint: string, key: readonly KeyValue[]): string {
  const payload: CursorPayload = { s: sort.column, o: sort.order, f: fingerprint, k: key.map(encodeKeyValue) }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${sign(body).toString('base64url')}`
}

/** The key values to continue after; throws `invalid_cursor` for anything but an untouched cursor of this query. */
export function decodeCursor(cursor: string, sort: LedgerSort, fingerprint: string): readonly KeyValue[] {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw cursorDamaged()
  const [body, signature, extra] = cursor.split('.')
  if (body === undefined || signature === undefined || extra !== undefined) throw cursorDamaged()
  const given = Buffer.from(signature, 'base64url')
  const expected = sign(body)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw cursorDamaged()

  const payload = parsePayload(body)
  if (payload.s !== sort.column || payload.o !== sort.order || payload.f !== fingerprint) throw cursorFromAnotherQuery()
  const columns = SORT_KEYS[sort.column]
  if (payload.k.length !== columns.length) throw cursorDamaged()
  return columns.map((column, index) => {
    const value = decodeKeyValue(column, payload.k[index])
    if (value === null) throw cursorDamaged()
    return value
  })
}

function sign(body: string): Buffer {
  return createHmac('sha256', CURSOR_KEY).update(body).digest().subarray(0, SIGNATURE_BYTES)
}

function parsePayload(body: string): CursorPayload {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw cursorDamaged()
  }
  if (typeof value !== 'object' || value === null) throw cursorDamaged()
  const { s, o, f, k } = value as Record<string, unknown>
  const isText = (item: unknown): item is string => typeof item === 'string'
  if (!isText(s) || !isText(o) || !isText(f) || !Array.isArray(k) || !k.every(isText)) throw cursorDamaged()
  return { s, o, f, k }
}
