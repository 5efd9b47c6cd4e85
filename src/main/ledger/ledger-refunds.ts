// Every refund and payout the ledger knows (issue #14, item 7): each app-to-user payment of the
// network, whoever paid it. The payout journal lists only what this desk paid; refunds synced from
// the chain or from Pi (paid before this desk existed, or by another tool) are money that left the
// wallet too, so the Refunds page lists them here, marking which ones this desk paid.
import type { NetworkId } from '../../shared/network'
import type { BookClass } from '../../shared/contract/books'
import type { MerchantDb } from '../db'
import { indexedBy } from '../db'
import { bookClass } from './books'
import { ledgerRowColumns, toLedgerRow } from './row-mapping'
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

export async function listLedgerRefunds(store: MerchantDb, networkId: NetworkId, limit = LEDGER_REFUNDS_SHOWN): Promise<LedgerRefunds> {
  const appToUser = () =>
    store.db
      .selectFrom(indexedBy(store.db, 'payments', 'p', 'payments_by_direction'))
      .where('p.network_id', '=', networkId)
      .where('p.direction', '=', 'app_to_user')
  const records = await appToUser()
    .select((eb) => [
      ...ledgerRowColumns(eb),
      eb.selectFrom('payouts as j').select('j.id').whereRef('j.pi_payment_id', '=', 'p.identifier').as('payout_id'),
      bookClass(eb).as('book')
    ])
    .orderBy('p.created_at', 'desc')
    .orderBy('p.identifier', 'desc')
    .limit(limit)
    .execute()
  const { total } = await appToUser()
    .select((eb) => eb.fn.countAll<bigint>().as('total'))
    .executeTakeFirstOrThrow()
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
