// Keyset paging over rows sorted by paging token: binary search to the cursor, then walk. Works
// the same for the whole ledger and for one account's index of a million payments.
import { orderKeyOf, type OrderKey } from './toid'

export type PageOrder = 'asc' | 'desc'

export interface PageQuery {
  /** Exclusive bound; undefined starts at the beginning (asc) or the end (desc). */
  readonly cursor?: OrderKey
  readonly order: PageOrder
  readonly limit: number
}

export interface RowList {
  readonly length: number
  rowAt(index: number): number
}

export type KeyCompare = (row: number, key: OrderKey) => number

export class CursorError extends Error {}

const INT64_MAX = 0x7fff_ffff_ffff_ffffn

/** A Horizon cursor: a paging token, or `now` (only what closes after this moment). */
export function parseCursor(text: string | undefined | null, latestLedger: number): OrderKey | undefined {
  if (text === undefined || text === null || text === '') return undefined
  if (text === 'now') return { ledger: latestLedger + 1, low: 0 }
  if (!/^\d{1,19}$/.test(text)) throw new CursorError(`cursor must be a paging token or "now", got ${JSON.stringify(text)}`)
  const value = BigInt(text)
  if (value > INT64_MAX) throw new CursorError('cursor is out of range')
  return orderKeyOf(value)
}

export function rangeOf(length: number, offset = 0): RowList {
  return { length, rowAt: (index) => offset + index }
}

export function pageRows(list: RowList, compare: KeyCompare, query: PageQuery, include?: (row: number) => boolean): number[] {
  const rows: number[] = []
  if (query.limit <= 0) return rows
  if (query.order === 'asc') {
    for (let i = query.cursor === undefined ? 0 : firstAfter(list, compare, query.cursor); i < list.length && rows.length < query.limit; i++) {
      const row = list.rowAt(i)
      if (include === undefined || include(row)) rows.push(row)
    }
  } else {
    for (let i = query.cursor === undefined ? list.length - 1 : lastBefore(list, compare, query.cursor); i >= 0 && rows.length < query.limit; i--) {
      const row = list.rowAt(i)
      if (include === undefined || include(row)) rows.push(row)
    }
  }
  return rows
}

function firstAfter(list: RowList, compare: KeyCompare, key: OrderKey): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(list.rowAt(mid), key) > 0) hi = mid
    else lo = mid + 1
  }
  return lo
}

function lastBefore(list: RowList, compare: KeyCompare, key: OrderKey): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(list.rowAt(mid), key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}
