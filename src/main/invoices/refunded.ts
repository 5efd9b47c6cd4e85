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

/** A completed direct refund, as the payout journal reports it. */
export interface CompletedDirectRefund {
  readonly networkId: string
  /** The walk-in chain payment it gave money back for. */
  readonly refundOfOperation: string | null
  readonly requestedBy: string
  readonly txid: string | null
}

/**
 * Called in the transaction that completes a direct refund: when the refunded chain payment paid an
 * invoice and the completed refunds of that invoice's payments now reach what it received, the
 * invoice says `refunded` (and the shop hears of it). The invoice is found from the payment itself,
 * never from what the refund form said, so a refund cannot mark another invoice refunded. It never
 * throws for an invoice it cannot mark: the refund is on chain, and its completion must stand.
 */
export async function noteDirectRefund(tx: MerchantDb, refund: CompletedDirectRefund, hooks: InvoiceHooks = {}): Promise<boolean> {
  if (refund.refundOfOperation === null) return false
  const paid = await tx.db
    .selectFrom('invoice_payments')
    .innerJoin('invoices', 'invoices.id', 'invoice_payments.invoice_id')
    .select(['invoices.id', 'invoices.status', 'invoices.received_stroops'])
    .where('invoice_payments.network_id', '=', refund.networkId as never)
    .where('invoice_payments.operation_id', '=', refund.refundOfOperation)
    .executeTakeFirst()
  if (paid === undefined || paid.status === 'refunded' || paid.received_stroops === 0n) return false
  const refunds = await tx.db
    .selectFrom('payouts')
    .innerJoin('invoice_payments', (join) =>
      join.onRef('invoice_payments.operation_id', '=', 'payouts.refund_of_operation').onRef('invoice_payments.network_id', '=', 'payouts.network_id')
    )
    .select('payouts.amount_stroops')
    .where('invoice_payments.invoice_id', '=', paid.id)
    .where('payouts.route', '=', 'direct')
    .where('payouts.state', '=', 'completed')
    .execute()
  const refunded = refunds.reduce((sum, row) => sum + row.amount_stroops, 0n)
  if (refunded < paid.received_stroops) return false
  return markInvoiceRefunded(tx, { invoiceId: paid.id, at: tx.now().getTime(), actor: refund.requestedBy, txHash: refund.txid }, hooks)
}
