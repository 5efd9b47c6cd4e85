// The ledger's filters and sorts written again as plain JavaScript over the factory's rows: the
// SQL must return exactly what these return.
import { derivePaymentStatus, type DisplayStatus } from '../../../src/shared/payments'
import type { LedgerSort, PaymentFilter } from '../../../src/main/ledger'
import type { NetworkId } from '../../../src/shared/network'
import type { PaymentInsert } from './payment-factory'

export interface ReferenceRow {
  readonly identifier: string
  readonly networkId: NetworkId
  readonly status: DisplayStatus
  readonly direction: string
  readonly amount: bigint
  readonly userUid: string
  readonly createdAt: number
  readonly firstSeenAt: number
  readonly chainCheck: string
  readonly refundOf: string | null
  /** Lowercased word lists, one per searchable column. */
  readonly words: readonly (readonly string[])[]
}

export function referenceRows(rows: readonly PaymentInsert[]): ReferenceRow[] {
  return rows.map((row) => {
    const flag = (value: unknown) => Number(value) === 1
    const txid = row.txid ?? null
    const { status } = derivePaymentStatus({
      status: {
        developerApproved: flag(row.developer_approved),
        transactionVerified: flag(row.transaction_verified),
        developerCompleted: flag(row.developer_completed),
        cancelled: flag(row.cancelled),
        userCancelled: flag(row.user_cancelled)
      },
      transaction: txid === null ? null : { txid, verified: flag(row.tx_verified) },
      direction: row.direction,
      amount: row.amount_stroops,
      createdAt: new Date(Number(row.created_at)),
      now: new Date(Number(row.created_at)),
      chain: { outcome: 'unchecked' }
    })
    const metadata = Object.values(JSON.parse(row.metadata_json) as Record<string, unknown>)
      .filter((value) => value !== null)
      .map(String)
      .join(' ')
    const counterparty = row.direction === 'user_to_app' ? row.from_address : row.to_address
    return {
      identifier: row.identifier,
      networkId: row.network_id,
      status,
      direction: row.direction,
      amount: row.amount_stroops,
      userUid: row.user_uid,
      createdAt: Number(row.created_at),
      firstSeenAt: Number(row.first_seen_at),
      chainCheck: row.chain_check ?? 'unchecked',
      refundOf: row.refund_of ?? null,
      words: [row.identifier, row.user_uid, txid ?? '', row.memo, counterparty, metadata].map(wordsOf)
    }
  })
}

/** What FTS5's unicode61 tokenizer does to ASCII text: lowercase, split on anything not a letter or digit. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '')
}

export function referenceFilter(rows: readonly ReferenceRow[], networkId: NetworkId, filter: PaymentFilter): ReferenceRow[] {
  const refunded = new Set(rows.map((row) => row.refundOf).filter((id): id is string => id !== null))
  return rows.filter((row) => {
    if (row.networkId !== networkId) return false
    if (filter.statuses?.length && !filter.statuses.includes(row.status)) return false
    if (filter.direction !== undefined && row.direction !== filter.direction) return false
    if (filter.period) {
      const time = filter.period.field === 'created_at' ? row.createdAt : row.firstSeenAt
      if (filter.period.from && time < filter.period.from.getTime()) return false
      if (filter.period.to && time >= filter.period.to.getTime()) return false
    }
    if (filter.amount?.min !== undefined && row.amount < filter.amount.min) return false
    if (filter.amount?.max !== undefined && row.amount > filter.amount.max) return false
    if (filter.chainCheck !== undefined && row.chainCheck !== filter.chainCheck) return false
    if (filter.hasRefunds !== undefined && refunded.has(row.identifier) !== filter.hasRefunds) return false
    if (filter.userUid !== undefined && row.userUid !== filter.userUid) return false
    if (filter.search !== undefined && !matchesSearch(row, filter.search)) return false
    return true
  })
}

/** Every chunk is a phrase found within one column; the last chunk's last word is a prefix. */
function matchesSearch(row: ReferenceRow, search: string): boolean {
  const chunks = search.trim().split(/\s+/).map(wordsOf).filter((words) => words.length > 0)
  return chunks.every((phrase, chunkIndex) =>
    row.words.some((column) =>
      column.some((_, start) =>
        phrase.every((word, offset) => {
          const candidate = column[start + offset]
          if (candidate === undefined) return false
          const prefix = chunkIndex === chunks.length - 1 && offset === phrase.length - 1
          return prefix ? candidate.startsWith(word) : candidate === word
        })
      )
    )
  )
}

export function referenceSort(rows: readonly ReferenceRow[], sort: LedgerSort): ReferenceRow[] {
  const first = (row: ReferenceRow): bigint | string | null => {
    switch (sort.column) {
      case 'created_at':
        return null
      case 'amount':
        return row.amount
      case 'status':
        return row.status
      case 'direction':
        return row.direction
      case 'user_uid':
        return row.userUid
      case 'identifier':
        return null
    }
  }
  const sign = sort.order === 'desc' ? -1 : 1
  return [...rows].sort((a, b) => {
    let order = compare(first(a), first(b))
    if (order === 0 && sort.column !== 'identifier') order = compare(BigInt(a.createdAt), BigInt(b.createdAt))
    if (order === 0) order = compare(a.identifier, b.identifier)
    return sign * order
  })
}

function compare(a: bigint | string | null, b: bigint | string | null): number {
  if (a === null || b === null) return 0
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)))
}
