// The one mapping from a stored payment row to what the chain check compares (PaymentClaim).
// The sync's check, the queue's actions and reconciliation all judge the same columns, so a
// column added to the check is added here once.
import type { PaymentClaim } from './verify-on-chain'
import type { PaymentDirection } from '../../shared/payments'

/** The columns of a `payments` row the chain check reads (as selected, snake_case). */
export interface PaymentClaimRow {
  readonly identifier: string
  readonly amount_stroops: bigint
  readonly from_address: string
  readonly to_address: string
  readonly direction: PaymentDirection
  readonly network: string
}

/** The columns `claimFromRow` needs, for a select list. */
export const CLAIM_COLUMNS = ['identifier', 'amount_stroops', 'from_address', 'to_address', 'direction', 'network'] as const

export function claimFromRow(row: PaymentClaimRow): PaymentClaim {
  return {
    identifier: row.identifier,
    amount: row.amount_stroops,
    fromAddress: row.from_address,
    toAddress: row.to_address,
    direction: row.direction,
    network: row.network
  }
}
