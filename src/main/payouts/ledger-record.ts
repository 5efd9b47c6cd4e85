// The app's own payouts belong in the ledger as soon as Pi knows them: the refund row links to its
// sale (refund_of), so the sale's detail, the ledger's "has refunds" filter and the refund cap all
// see it, even before the next sync.
import type { MerchantDb } from '../db'
import { PaymentStore } from '../payments'
import type { NetworkId } from '../../shared/network'
import type { Payment } from '../../shared/payments'

export function ledgerRecorder(store: MerchantDb, networkId: NetworkId): (payment: Payment, refundOf: string | null) => void {
  const payments = new PaymentStore(store.sqlite, networkId)
  const link = store.sqlite.prepare(
    `UPDATE payments SET refund_of = ? WHERE identifier = ? AND refund_of IS NULL
       AND EXISTS (SELECT 1 FROM payments AS sale WHERE sale.identifier = ? AND sale.direction = 'user_to_app')`
  )
  return (payment, refundOf) => {
    payments.upsert(payment, 'payout', store.now().getTime())
    if (refundOf !== null) link.run(refundOf, payment.identifier, refundOf)
  }
}
