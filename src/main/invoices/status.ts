// An invoice's status, derived from what was counted for it and the clock: one pure function, so
// the settlement, the expiry sweep and the tests all agree. The chain's times decide whether it was
// paid in time; the clock only decides that a still unpaid invoice has expired.
import type { InvoiceStatus } from '../../shared/contract/invoices'
import type { Stroops } from '../../shared/money'

export interface CountedPayment {
  readonly operationId: string
  readonly txHash: string
  readonly amount: Stroops
  /** Chain time, ms. */
  readonly at: number
}

export interface InvoiceFacts {
  readonly amount: Stroops
  readonly expiresAt: number
  readonly cancelled: boolean
  readonly refunded: boolean
  /** Every payment counted, in chain order. */
  readonly payments: readonly CountedPayment[]
}

export interface DerivedStatus {
  readonly status: InvoiceStatus
  readonly received: Stroops
  /** Chain time of the first payment. */
  readonly seenAt: number | null
  /** Chain time of the payment whose arrival reached the amount. */
  readonly paidAt: number | null
  /** That payment. */
  readonly paidBy: CountedPayment | null
}

/** Payments in chain order (time, then operation id, which grows along the chain). */
export function inChainOrder<T extends { readonly at: number; readonly operationId: string }>(payments: readonly T[]): T[] {
  return [...payments].sort((a, b) => a.at - b.at || compareOperationIds(a.operationId, b.operationId))
}

function compareOperationIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const left = BigInt(a)
    const right = BigInt(b)
    return left < right ? -1 : left > right ? 1 : 0
  }
  return a < b ? -1 : a > b ? 1 : 0
}

export function deriveInvoiceStatus(facts: InvoiceFacts, nowMs: number): DerivedStatus {
  let received = 0n
  let paidBy: CountedPayment | null = null
  const ordered = inChainOrder(facts.payments)
  for (const payment of ordered) {
    received += payment.amount
    if (paidBy === null && received >= facts.amount) paidBy = payment
  }
  const seenAt = ordered[0]?.at ?? null
  const paidAt = paidBy?.at ?? null
  const base = { received, seenAt, paidAt, paidBy }
  if (facts.refunded) return { status: 'refunded', ...base }
  if (facts.cancelled) return { status: 'cancelled', ...base }
  if (paidBy !== null) {
    if (paidBy.at > facts.expiresAt) return { status: 'paid_late', ...base }
    return { status: received > facts.amount ? 'overpaid' : 'paid', ...base }
  }
  if (nowMs > facts.expiresAt) return { status: 'expired', ...base }
  return { status: received > 0n ? 'partially_paid' : 'new', ...base }
}
