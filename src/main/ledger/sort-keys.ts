// The total order behind every sort: the column the merchant picked, then created_at, then the
// identifier (unique), all in the same direction. That is also the column order of the index
// serving each sort, so one row value (a, created_at, identifier) both positions a keyset page
// and seeks the index. Text sorts by its bytes, as the index does: statuses and directions in
// the alphabetical order of their codes.
import { DISPLAY_STATUSES, PAYMENT_DIRECTIONS, isPaymentIdentifier } from '../../shared/payments'
import type { LedgerSortColumn } from './types'

export type KeyColumn = 'created_at' | 'amount_stroops' | 'status' | 'direction' | 'user_uid' | 'identifier'
export type KeyValue = bigint | string

export const SORT_KEYS: Readonly<Record<LedgerSortColumn, readonly KeyColumn[]>> = {
  created_at: ['created_at', 'identifier'],
  amount: ['amount_stroops', 'created_at', 'identifier'],
  status: ['status', 'created_at', 'identifier'],
  direction: ['direction', 'created_at', 'identifier'],
  user_uid: ['user_uid', 'created_at', 'identifier'],
  identifier: ['identifier']
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const INTEGER_TEXT = /^-?\d{1,19}$/

/** Text for a cursor; integers as decimal text so JSON carries them exactly. */
export function encodeKeyValue(value: KeyValue): string {
  return typeof value === 'bigint' ? value.toString() : value
}

/** The typed value of one key column read back from a cursor, or null when it cannot be one. */
export function decodeKeyValue(column: KeyColumn, text: unknown): KeyValue | null {
  if (typeof text !== 'string') return null
  switch (column) {
    case 'created_at': {
      if (!INTEGER_TEXT.test(text)) return null
      const value = BigInt(text)
      return value >= INT64_MIN && value <= INT64_MAX ? value : null
    }
    case 'amount_stroops': {
      if (!INTEGER_TEXT.test(text)) return null
      const value = BigInt(text)
      return value >= 0n && value <= INT64_MAX ? value : null
    }
    case 'status':
      return (DISPLAY_STATUSES as readonly string[]).includes(text) ? text : null
    case 'direction':
      return (PAYMENT_DIRECTIONS as readonly string[]).includes(text) ? text : null
    case 'user_uid':
      return text !== '' && text.length <= 200 ? text : null
    case 'identifier':
      return isPaymentIdentifier(text) ? text : null
  }
}
