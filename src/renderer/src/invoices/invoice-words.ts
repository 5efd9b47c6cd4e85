// How invoices read on screen: the tone of each status, the words of each timeline event, and the
// amount a customer types, spelled exactly as the QR code's URI has it.
import type { InvoiceEventKind, InvoiceStatus, InvoiceSummaryView } from '../../../shared/contract'
import { formatPi, parseHorizonAmount } from '../../../shared/money'
import type { BadgeTone } from '../ui'

export const INVOICE_STATUS_TONES: Readonly<Record<InvoiceStatus, BadgeTone>> = {
  new: 'info',
  partially_paid: 'warning',
  paid: 'success',
  overpaid: 'warning',
  expired: 'neutral',
  paid_late: 'success',
  cancelled: 'neutral',
  refunded: 'neutral'
}

export const INVOICE_EVENT_LABELS: Readonly<Record<InvoiceEventKind, string>> = {
  created: 'Invoice made',
  seen: 'First payment seen',
  payment: 'Payment received',
  paid: 'Paid in full',
  overpaid: 'Paid more than asked',
  expired: 'Expired unpaid',
  paid_late: 'Paid after it expired',
  cancelled: 'Cancelled',
  refunded: 'Refunded'
}

/** The statuses in which the customer has paid everything: the customer view says "Paid". */
export function isPaidInFull(status: InvoiceStatus): boolean {
  return status === 'paid' || status === 'overpaid' || status === 'paid_late'
}

/** Still waiting for the customer's Pi: the customer view keeps looking for payments. */
export function isWaiting(status: InvoiceStatus): boolean {
  return status === 'new' || status === 'partially_paid'
}

/** Main refuses to cancel once any payment was counted: the way back is a refund. */
export function canCancel(invoice: Pick<InvoiceSummaryView, 'status' | 'received'>): boolean {
  return (invoice.status === 'new' || invoice.status === 'expired') && isZero(invoice.received)
}

/**
 * "12.5000000" → "12.5", "3.0000000" → "3": the amount exactly as a wallet takes it (the QR's URI
 * spells it so too), with no thousands separator a customer might type. Text only, never a float.
 */
export function exactPi(amount: string): string {
  const text = amount.trim()
  if (!/^\d+(\.\d+)?$/.test(text)) return text
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text
}

/** What is still to pay ("7.5"), or null once the amount was reached. Exact: bigint stroops. */
export function remainingPi(amount: string, received: string): string | null {
  const asked = stroops(amount)
  const got = stroops(received)
  if (asked === null || got === null || got >= asked) return null
  return exactPi(formatPi(asked - got))
}

function isZero(amount: string): boolean {
  return stroops(amount) === 0n
}

function stroops(amount: string): bigint | null {
  try {
    return parseHorizonAmount(amount)
  } catch {
    return null
  }
}
