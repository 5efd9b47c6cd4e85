// Every refund and payout the ledger knows (issue #14, item 7): each app-to-user payment of the
// network, whoever paid it. The payout journal lists only what this desk paid; refunds synced from
// the chain or from Pi (paid before this desk existed, or by another tool) are money that left the
// wallet too, so the Refunds page lists them here, marking which ones this desk paid.
import type { NetworkId } from '../../shared/network'
import type { BookClass } from '../../shared/contract/books'
import type { MerchantDb } from '../db/open'
import { BOOK_CLASS_SQL } from './books'
import { LEDGER_ROW_COLUMNS, toLedgerRow, type LedgerRowRecord } from './row-mapping'
import type { LedgerRow } from './types'

/** The newest this many are listed; the count says how many there are in all. */
export const LEDGER_REFUNDS_SHOWN = 500

export interface LedgerRefund {
  readonly row: LedgerRow
  /** The payout journal's entry when this desk paid it, else null (paid before this desk, or by another tool). */
  readonly payoutId: number | null
  readonly book: BookClass
}

export interface LedgerRefunds {
  readonly refunds: readonly LedgerRefund[]
  /** Every app-to-user payment of the network, shown or not. */
  readonly total: number
}

export function listLedgerRefunds(store: MerchantDb, networkId: NetworkId, limit = LEDGER_REFUNDS_SHOWN): LedgerRefunds {
  const records = store.sqlite
    .prepare(
      `SELECT ${LEDGER_ROW_COLUMNS}, (SELECT j.id FROM payouts AS j WHERE j.pi_payment_id = p.identifier) AS payout_id,
         ${BOOK_CLASS_SQL} AS book
       FROM payments AS p INDEXED BY payments_by_direction
       WHERE p.network_id = ? AND p.direction = 'app_to_user'
       ORDER BY p.created_at DESC, p.identifier DESC LIMIT ?`
    )
    .all(networkId, BigInt(limit)) as (LedgerRowRecord & { payout_id: bigint | null; book: BookClass })[]
  const total = store.sqlite
    .prepare(`SELECT count(*) FROM payments INDEXED BY payments_by_direction WHERE network_id = ? AND direction = 'app_to_user'`)
    .pluck()
    .get(networkId) as bigint
  const now = store.now()
  return {
    refunds: records.map((record) => ({
      row: toLedgerRow(record, now),
      payoutId: record.payout_id === null ? null : Number(record.payout_id),
      book: record.book
    })),
    total: Number(total)
  }
}
