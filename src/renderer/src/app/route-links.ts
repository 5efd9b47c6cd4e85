// Where a link goes: the hash of a section (`#/ledger`) or of a payment (`#/payments/<id>`). Kept apart
// from the route table (routes.ts), which imports every page, so that pages can link to each other
// without importing themselves back through it.
import { paymentLink } from '../../../shared/payments/link'

export type RouteId =
  | 'dashboard'
  | 'ledger'
  | 'queue'
  | 'refunds'
  | 'invoices'
  | 'postbacks'
  | 'approvals'
  | 'reconciliation'
  | 'exports'
  | 'audit-log'
  | 'settings'

const PAYMENT_SEGMENT = 'payments'
const INVOICE_SEGMENT = 'invoices'
const COUNTER_SEGMENT = 'counter'

export function routeHref(id: RouteId): string {
  return `#/${id}`
}

/** The section a location hash names, unchecked; a payment's own link opens it over the ledger. */
export function sectionFromHash(hash: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? ''
  return id === PAYMENT_SEGMENT ? 'ledger' : id
}

/** A payment's own link (`#/payments/<id>`): the ledger with that payment's details open. */
export function paymentHref(identifier: string): string {
  return paymentLink(identifier)
}

/** The payment a `#/payments/<id>` link names, or null. */
export function paymentIdFromHash(hash: string): string | null {
  const match = /^#\/?payments\/([^/?#]+)/.exec(hash)
  if (!match?.[1]) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    return null
  }
}

/** What an invoices link opens: one invoice (`#/invoices/<id>`), or its customer view (`…/counter`). */
export interface InvoiceLink {
  readonly id: string
  readonly counter: boolean
}

export function invoiceHref(id: string, options: { readonly counter?: boolean } = {}): string {
  return `#/${INVOICE_SEGMENT}/${encodeURIComponent(id)}${options.counter ? `/${COUNTER_SEGMENT}` : ''}`
}

/** The invoice an `#/invoices/<id>[/counter]` link names, or null (the list). */
export function invoiceLinkFromHash(hash: string): InvoiceLink | null {
  const match = /^#\/?invoices\/([^/?#]+)(\/counter)?\/?$/.exec(hash)
  if (!match?.[1]) return null
  try {
    return { id: decodeURIComponent(match[1]), counter: match[2] !== undefined }
  } catch {
    return null
  }
}
