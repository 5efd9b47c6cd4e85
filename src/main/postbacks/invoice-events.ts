// An invoice's events (seen, paid, expired, paid_late, refunded...) told to the shop at the
// invoice's own postback URL (issue 19, item 4): the body is the invoice's status JSON (one
// function builds it, src/main/invoices) with the event named in it, journaled in the transaction
// that settles the invoice. The invoice's status never waits for, or depends on, the shop.
import type { MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import { queuePostback } from './journal'

export interface InvoicePostbackInput {
  readonly networkId: NetworkId
  /** The invoice's postback_url; null: the shop asked for none, and nothing is queued. */
  readonly url: string | null
  readonly event: string
  /** The invoice's status JSON, as `GET /<id>/status.json` answers it. */
  readonly status: { readonly id: string } & Readonly<Record<string, unknown>>
}

/** Queues the invoice's postback in `tx` (the settlement's transaction); its id, or null when none was asked for. */
export async function queueInvoicePostback(tx: MerchantDb, input: InvoicePostbackInput): Promise<number | null> {
  if (input.url === null || input.url.trim() === '') return null
  return queuePostback(tx, {
    networkId: input.networkId,
    topic: 'invoice',
    subject: input.status.id,
    event: input.event,
    url: input.url,
    body: JSON.stringify({ ...input.status, event: input.event })
  })
}
