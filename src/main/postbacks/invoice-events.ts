// What happened to an invoice, told to the shop (topic `invoice`): seen, paid, overpaid, expired,
// paid late, refunded, cancelled. The invoices' settlement calls this INSIDE the transaction that
// changes the invoice, so an invoice's status and the postback owed for it are stored together or
// not at all (a crash can lose neither). The body is the invoice's status JSON, the same the
// gateway's status endpoint answers, with `event` set. It goes to the invoice's own postback URL,
// else to the shop's postback URL (the setting payment postbacks use); with neither, nothing is owed.
import type { MerchantDb } from '../db'
import type { InvoiceEventKind, InvoiceStatusJson } from '../../shared/contract/invoices'
import { queuePostback } from './journal'
import type { PostbackUrlSource } from './payment-events'
import { normalisedPostbackUrl } from './postback-url'

export interface InvoicePostbackOptions {
  /** The shop-wide URL, for invoices made without their own. */
  readonly url: PostbackUrlSource
  readonly onSkipped?: (sentence: string) => void
}

export interface InvoicePostbackHooks {
  onInvoiceEvent(tx: MerchantDb, event: InvoiceEventKind, statusJson: InvoiceStatusJson): Promise<void>
}

export function invoicePostbacks(options: InvoicePostbackOptions): InvoicePostbackHooks {
  return {
    async onInvoiceEvent(tx, event, statusJson) {
      const invoice = await tx.db
        .selectFrom('invoices')
        .select(['network_id', 'postback_url'])
        .where('id', '=', statusJson.id)
        .executeTakeFirst()
      if (invoice === undefined) return
      const given = invoice.postback_url ?? (await options.url(tx))
      if (given === null || given.trim() === '') return
      const url = normalisedPostbackUrl(given)
      if (url === null) {
        options.onSkipped?.(`The postback URL "${given.slice(0, 80)}" is not an http(s) address, so the shop was not told that invoice ${statusJson.id} is ${event}. Set the full address of the shop's backend.`)
        return
      }
      const body = JSON.stringify({ ...statusJson, event, network: invoice.network_id, at: tx.now().toISOString() })
      await queuePostback(tx, { networkId: invoice.network_id, topic: 'invoice', subject: statusJson.id, event: `invoice.${event}`, url, body })
    }
  }
}
