// An invoice whose payment went back to the buyer (a direct refund, H2's journal): it says
// `refunded` from then on, its timeline says who and when, and the shop hears of it.
import { withTransaction, type MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { InvoiceHooks } from './settle'
import { invoiceStatusJson, readInvoiceView } from './views'

export interface InvoiceRefund {
  readonly invoiceId: string
  /** When the refund was confirmed on chain (ms). */
  readonly at: number
  /** Who refunded. */
  readonly actor: string
  /** The refund's transaction, when known. */
  readonly txHash?: string | null
}

/** Marks a paid invoice refunded, inside the caller's transaction when given one; true when it changed. */
export async function markInvoiceRefunded(store: MerchantDb, refund: InvoiceRefund, hooks: InvoiceHooks = {}): Promise<boolean> {
  return withTransaction(store, async (tx) => {
    const row = await tx.db.selectFrom('invoices').selectAll().where('id', '=', refund.invoiceId).executeTakeFirst()
    if (row === undefined) throw new UserFacingError('invoice_not_found', `There is no invoice ${refund.invoiceId}.`)
    if (row.status === 'refunded') return false
    if (row.received_stroops === 0n) throw new UserFacingError('invoice_unpaid', `Invoice ${row.id} was never paid, so there is nothing to refund.`)
    await tx.db.updateTable('invoices').set({ status: 'refunded', refunded_at: refund.at, updated_at: tx.now().getTime() }).where('id', '=', row.id).execute()
    await tx.db
      .insertInto('invoice_events')
      .values({ network_id: row.network_id, invoice_id: row.id, kind: 'refunded', at: refund.at, actor: refund.actor, operation_id: null, transaction_hash: refund.txHash ?? null, amount_stroops: null })
      .execute()
    const view = await readInvoiceView(tx, row.id)
    if (view !== null) await hooks.onInvoiceEvent?.(tx, 'refunded', invoiceStatusJson(view, 'refunded'))
    return true
  })
}
