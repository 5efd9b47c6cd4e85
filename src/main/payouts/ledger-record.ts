// The app's own payouts belong in the ledger as soon as Pi knows them: the refund row links to its
// sale (refund_of), so the sale's detail, the ledger's "has refunds" filter and the refund cap all
// see it, even before the next sync.
import { sql } from 'kysely'
import type { MerchantDb } from '../db'
import { PaymentStore } from '../payments'
import type { NetworkId } from '../../shared/network'
import type { Payment } from '../../shared/payments'

/** Writes Pi's record of a payout into the ledger through `tx`, the caller's transaction. */
export type LedgerRecorder = (tx: MerchantDb, payment: Payment, refundOf: string | null) => Promise<void>

export function ledgerRecorder(networkId: NetworkId): LedgerRecorder {
  return async (tx, payment, refundOf) => {
    
    await new PaymentStore(tx, networkId).upsert(payment, 'payout', tx.now().getTime())
    if (refundOf === null) return
    await tx.db
      .updateTable('payments')
      .set({ refund_of: refundOf })
      .where('identifier', '=', payment.identifier)
      .where('refund_of', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('payments as sale')
            .select(sql.lit(1).as('one'))
            .where('sale.identifier', '=', refundOf)
            .where('sale.direction', '=', sql.lit('user_to_app' as const))
        )
      )
      .execute()
  }
}
