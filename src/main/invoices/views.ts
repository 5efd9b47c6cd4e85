// Invoices as their readers see them: rows of the three tables turned into the contract's views,
// and the one status JSON the gateway answers and postbacks carry (plan: invoiceStatusJson).
import type { Selectable } from 'kysely'
import type { InvoiceEventsTable, InvoicePaymentsTable, InvoicesTable, MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import type {
  InvoiceEventKind,
  InvoiceEventView,
  InvoiceFiatView,
  InvoicePaymentView,
  InvoiceStatusJson,
  InvoiceSummaryView,
  InvoiceView
} from '../../shared/contract/invoices'
import { formatPi, parseHorizonAmount } from '../../shared/money'
import { inChainOrder } from './status'
import { invoicePayUri } from './uri'

export type InvoiceRow = Selectable<InvoicesTable>
export type InvoicePaymentRow = Selectable<InvoicePaymentsTable>
export type InvoiceEventRow = Selectable<InvoiceEventsTable>

const iso = (ms: bigint): string => new Date(Number(ms)).toISOString()
const isoOrNull = (ms: bigint | null): string | null => (ms === null ? null : iso(ms))

function fiatOf(row: InvoiceRow): InvoiceFiatView | null {
  if (row.fiat_amount === null || row.fiat_currency === null || row.rate === null || row.rate_pair === null || row.rate_source === null || row.rate_at === null) return null
  return { amount: row.fiat_amount, currency: row.fiat_currency, rate: row.rate, pair: row.rate_pair, source: row.rate_source, rateAt: iso(row.rate_at) }
}

export function toInvoiceSummary(row: InvoiceRow): InvoiceSummaryView {
  return {
    id: row.id,
    status: row.status,
    amount: formatPi(row.amount_stroops),
    received: formatPi(row.received_stroops),
    memo: row.memo,
    address: row.address,
    order: row.order_ref,
    fiat: fiatOf(row),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    expiresAt: iso(row.expires_at),
    seenAt: isoOrNull(row.seen_at),
    paidAt: isoOrNull(row.paid_at)
  }
}

export function toInvoiceView(row: InvoiceRow, payments: readonly InvoicePaymentRow[], events: readonly InvoiceEventRow[]): InvoiceView {
  const ordered = inChainOrder(payments.map((payment) => ({ row: payment, at: Number(payment.chain_at), operationId: payment.operation_id })))
  return {
    ...toInvoiceSummary(row),
    networkId: row.network_id,
    data: row.data_json === null ? null : (JSON.parse(row.data_json) as unknown),
    postbackUrl: row.postback_url,
    cancelledAt: isoOrNull(row.cancelled_at),
    cancelledBy: row.cancelled_by,
    refundedAt: isoOrNull(row.refunded_at),
    uri: invoicePayUri({ address: row.address, amount: row.amount_stroops, memo: row.memo }),
    payments: ordered.map(({ row: payment }): InvoicePaymentView => ({
      operationId: payment.operation_id,
      txHash: payment.transaction_hash,
      from: payment.from_address,
      amount: formatPi(payment.amount_stroops),
      at: iso(payment.chain_at)
    })),
    events: events.map((event): InvoiceEventView => ({
      kind: event.kind,
      at: iso(event.at),
      actor: event.actor,
      txHash: event.transaction_hash,
      amount: event.amount_stroops === null ? null : formatPi(event.amount_stroops)
    }))
  }
}

/** One invoice of a network with its payments and timeline; null when there is none. */
export async function readInvoiceView(store: MerchantDb, id: string, networkId?: NetworkId): Promise<InvoiceView | null> {
  let query = store.db.selectFrom('invoices').selectAll().where('id', '=', id)
  if (networkId !== undefined) query = query.where('network_id', '=', networkId)
  const row = await query.executeTakeFirst()
  if (row === undefined) return null
  const payments = await store.db.selectFrom('invoice_payments').selectAll().where('invoice_id', '=', id).execute()
  const events = await store.db.selectFrom('invoice_events').selectAll().where('invoice_id', '=', id).orderBy('id').execute()
  return toInvoiceView(row, payments, events)
}

/**
 * The status JSON (gateway `GET /<id>/status.json`, the body of a postback): amounts 7-decimal,
 * times ISO-8601 UTC or null; `tx_hash` is the payment that paid it, else the latest one.
 */
export function invoiceStatusJson(view: InvoiceView, event?: InvoiceEventKind): InvoiceStatusJson {
  const payments = view.payments
  let paidBy: string | null = null
  let sum = 0n
  const amount = toStroops(view.amount)
  for (const payment of payments) {
    sum += toStroops(payment.amount)
    if (sum >= amount) {
      paidBy = payment.txHash
      break
    }
  }
  const latest = payments.at(-1)?.txHash ?? null
  const json: InvoiceStatusJson = {
    id: view.id,
    status: view.status,
    address: view.address,
    amount: view.amount,
    received: view.received,
    memo: view.memo,
    seen_at: view.seenAt,
    paid_at: view.paidAt,
    tx_hash: paidBy ?? latest,
    tx_hashes: [...new Set(payments.map((payment) => payment.txHash))],
    order: view.order,
    data: view.data,
    fiat: view.fiat === null ? null : { amount: view.fiat.amount, currency: view.fiat.currency, rate: view.fiat.rate, pair: view.fiat.pair, source: view.fiat.source, rate_at: view.fiat.rateAt }
  }
  return event === undefined ? json : { ...json, event }
}

/** "12.5000000" -> stroops: the views' amounts are formatPi's own text. */
function toStroops(text: string): bigint {
  return parseHorizonAmount(text)
}
