// Contract pieces of invoices for direct Pi payments (issue 19): the domain types the screens, the
// command line, the gateway and the postbacks share, and the zod schemas of what they send. Money
// crosses as 7-decimal strings; what a person types is parsed exactly in main.
import { z } from 'zod'

/** An invoice's life (design.md "Direct payments"); the order the filter offers them. */
export const INVOICE_STATUSES = ['new', 'partially_paid', 'paid', 'overpaid', 'expired', 'paid_late', 'cancelled', 'refunded'] as const
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]

export const INVOICE_STATUS_LABELS: Readonly<Record<InvoiceStatus, string>> = {
  new: 'Waiting for payment',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overpaid: 'Overpaid',
  expired: 'Expired',
  paid_late: 'Paid late',
  cancelled: 'Cancelled',
  refunded: 'Refunded'
}

/** What the timeline shows, and what postbacks are sent on (every kind but `created` and `payment`). */
export const INVOICE_EVENT_KINDS = ['created', 'seen', 'paid', 'overpaid', 'expired', 'paid_late', 'cancelled', 'refunded', 'payment'] as const
export type InvoiceEventKind = (typeof INVOICE_EVENT_KINDS)[number]

/** Minutes an invoice waits for its payment unless told otherwise, and the most it may. */
export const DEFAULT_INVOICE_EXPIRY_MINUTES = 60
export const MAX_INVOICE_EXPIRY_MINUTES = 60 * 24 * 90
export const MAX_ORDER_REF = 200
/** Stellar's text memo: at most 28 bytes. */
export const MAX_INVOICE_MEMO_BYTES = 28
/** The shop's own data, as JSON text, at most this long. */
export const MAX_INVOICE_DATA_CHARS = 4000

/** The fiat price and the rate it was converted at, as locked when the invoice was made. */
export interface InvoiceFiatView {
  /** The price as typed, e.g. "12.50". */
  readonly amount: string
  /** ISO 4217, e.g. "USD". */
  readonly currency: string
  /** Units of the currency per Pi, as the rate source wrote it, e.g. "0.3142". */
  readonly rate: string
  /** "PI/USD". */
  readonly pair: string
  /** The rate source's host, e.g. "api.coingecko.com". */
  readonly source: string
  /** When the source last updated the rate, ISO-8601 UTC. */
  readonly rateAt: string
}

/** A chain payment counted for an invoice. */
export interface InvoicePaymentView {
  readonly operationId: string
  readonly txHash: string
  readonly from: string
  /** 7-decimal Pi. */
  readonly amount: string
  /** The chain's time, ISO-8601 UTC. */
  readonly at: string
}

export interface InvoiceEventView {
  readonly kind: InvoiceEventKind
  readonly at: string
  /** Who did it (create, cancel, refund); null for what the chain did. */
  readonly actor: string | null
  readonly txHash: string | null
  /** 7-decimal Pi, for `payment` events. */
  readonly amount: string | null
}

/** One invoice as the list shows it. */
export interface InvoiceSummaryView {
  readonly id: string
  readonly status: InvoiceStatus
  /** 7-decimal Pi asked for. */
  readonly amount: string
  /** 7-decimal Pi counted so far. */
  readonly received: string
  readonly memo: string
  readonly address: string
  readonly order: string | null
  readonly fiat: InvoiceFiatView | null
  readonly createdAt: string
  readonly createdBy: string
  readonly expiresAt: string
  readonly seenAt: string | null
  readonly paidAt: string | null
}

/** One invoice with its payments, timeline and what a wallet scans. */
export interface InvoiceView extends InvoiceSummaryView {
  readonly networkId: string
  /** The shop's free data, as given. */
  readonly data: unknown
  readonly postbackUrl: string | null
  readonly cancelledAt: string | null
  readonly cancelledBy: string | null
  readonly refundedAt: string | null
  /** The SEP-0007 `web+stellar:pay?...` URI a wallet scans. */
  readonly uri: string
  readonly payments: readonly InvoicePaymentView[]
  readonly events: readonly InvoiceEventView[]
}

/**
 * The public status JSON (gateway `GET /<id>/status.json`, the body of a postback). Snake case, as
 * payment gateways answer; amounts 7-decimal strings; times ISO-8601 UTC or null.
 */
export interface InvoiceStatusJson {
  readonly id: string
  readonly status: InvoiceStatus
  readonly address: string
  readonly amount: string
  readonly received: string
  readonly memo: string
  readonly seen_at: string | null
  readonly paid_at: string | null
  /** The payment that paid it, else the latest; null before any. */
  readonly tx_hash: string | null
  readonly tx_hashes: readonly string[]
  readonly order: string | null
  readonly data: unknown
  readonly fiat: {
    readonly amount: string
    readonly currency: string
    readonly rate: string
    readonly pair: string
    readonly source: string
    readonly rate_at: string
  } | null
  /** What happened, for a postback; absent on the status endpoint. */
  readonly event?: InvoiceEventKind
}

const piAmount = z.string().trim().min(1, { message: 'Enter an amount in Pi' }).max(40)
const invoiceId = z.string().trim().regex(/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/, { message: 'An invoice id is inv_ and 20 letters and digits' })

/** http or https only: a postback never goes to file:, javascript: or anything else. */
export const postbackUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((text) => {
    try {
      const url = new URL(text)
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
    } catch {
      return false
    }
  }, { message: 'The postback URL must be an http:// or https:// address' })

const fiatAmount = z.string().trim().min(1, { message: 'Enter the price' }).max(40)
const currencyCode = z.string().trim().regex(/^[A-Za-z]{3}$/, { message: 'A currency is a three-letter ISO 4217 code, e.g. USD' })

const invoiceCommon = {
  /** Absent: md- and 10 random characters. */
  memo: z.string().max(64).optional(),
  order: z.string().trim().min(1).max(MAX_ORDER_REF).optional(),
  expiresInMinutes: z.number().int().min(1).max(MAX_INVOICE_EXPIRY_MINUTES).optional(),
  /** The shop's own data (any JSON value), returned in the status JSON and postbacks. */
  data: z.unknown().optional(),
  postbackUrl: postbackUrlSchema.optional()
}

/** An amount in Pi, or a fiat price and its currency: exactly one of the two. */
export const invoiceCreateInput = z.union([
  z.strictObject({ amount: piAmount, ...invoiceCommon }),
  z.strictObject({ fiatAmount, currency: currencyCode, ...invoiceCommon })
])
export type InvoiceCreateInput = z.input<typeof invoiceCreateInput>

export const invoiceListInput = z
  .strictObject({
    status: z.enum(INVOICE_STATUSES).optional(),
    limit: z.number().int().min(1).max(500).optional()
  })
  .optional()
export type InvoiceListInput = z.input<typeof invoiceListInput>

export const invoiceIdInput = z.strictObject({ id: invoiceId })
export type InvoiceIdInput = z.input<typeof invoiceIdInput>

export const invoiceShowInput = invoiceIdInput
export const invoiceCancelInput = invoiceIdInput
