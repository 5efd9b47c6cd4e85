// The app's own payouts belong in the ledger as soon as Pi knows them: the refund row links to its
// sale (refund_of), so the sale's detail, the ledger's "has refunds" filter and the refund cap all
// see it, even before the next sync.
import type { MerchantDb } from '../db'
import { PaymentStore } from '../payments'
import type { NetworkId } from '../../shared/network'
import type { Payment } from '../../shared/payments'

export function ledgerRecorder(store: MerchantDb, networkId: NetworkId): (payment: Payment, refundOf: string | null, tx: MerchantDb) => Promise<void> {
  return async (payment, refundOf, tx) => {
    await new PaymentStore(tx, networkId).upsert(payment, 'payout', store.now().getTime())
    if (refundOf === null) return
    await tx.db
      .updateTable('payments')
      .set({ refund_of: refundOf })
      .where('identifier', '=', payment.identifier)
      .where('refund_of', 'is', null)
      .where((eb) =>
        eb.exists(
          eb.selectFrom('payments as sale').select('sale.identifier').where('sale.identifier', '=', refundOf).where('sale.direction', '=', 'user_to_app')
        )
      )
      .execute()
  }
}
