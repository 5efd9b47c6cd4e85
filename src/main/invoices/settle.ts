// Settlement: the chain payments that pay invoices, counted once each, and the statuses, times and
// timeline that follow from them, plus expiry. ONE transaction per call, and a catch-up: it finds
// what was stored on the chain since it last ran, so a crash between a chain page's commit and the
// settlement is repaired by the next call (any call: the next page, the end of a run, the live
// stream). Calling it again finds nothing new and changes nothing.
//
// A payment counts for an invoice only if (plan, "Invoice statuses"): it is a payment operation of
// a successful transaction of the same network, to the invoice's address (the app wallet), not
// from that address, and the transaction's memo is text and equals the invoice's memo. Anything
// else with the memo (another network, the app wallet paying itself, a create_account) counts
// nothing and stays a direct transfer for reconciliation, as every transfer without an invoice.
import { withTransaction, type MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import type { InvoiceEventKind, InvoiceStatusJson } from '../../shared/contract/invoices'
import { deriveInvoiceStatus, inChainOrder, type CountedPayment } from './status'
import { invoiceStatusJson, readInvoiceView, type InvoiceRow } from './views'

/** The events a shop hears of (postbacks); `created` and `payment` stay on the timeline only. */
export const ANNOUNCED_INVOICE_EVENTS: ReadonlySet<InvoiceEventKind> = new Set(['seen', 'paid', 'overpaid', 'expired', 'paid_late', 'refunded', 'cancelled'])

export interface InvoiceHooks {
  /**
   * Called inside the settling transaction for each announced event, with the invoice's status
   * JSON as it stands after it (its `event` set): a postback journaled here commits, or rolls
   * back, with the event itself.
   */
  readonly onInvoiceEvent?: (tx: MerchantDb, event: InvoiceEventKind, statusJson: InvoiceStatusJson) => Promise<void>
}

export interface SettlementReport {
  /** Chain payments counted for invoices in this call. */
  readonly paymentsCounted: number
  /** Invoices whose status, received amount or times changed. */
  readonly invoicesChanged: readonly string[]
  /** Announced events appended, in order. */
  readonly events: ReadonlyArray<{ readonly invoiceId: string; readonly kind: InvoiceEventKind }>
}

/**
 * sync_cursors stream holding the chain time (ms) settled up to, per network. Each call looks at
 * the operations stored from (watermark - look-back) on, so a call costs what arrived since the
 * last one, not the whole history. A consequence, by design: a payment stored and settled past
 * BEFORE an invoice with its memo existed is not counted for that invoice (an invoice is paid
 * after it is made; its default memo is random anyway).
 */
export const SETTLED_STREAM = 'invoices:settled_through'
/**
 * How far behind the watermark each call looks again: operations of one ledger close share a time,
 * and a page stored late (the live stream and a run overlapping) must not slip under it. Counted
 * operations are skipped by their key, so looking again costs a little and counts nothing twice.
 */
export const SETTLE_LOOKBACK_MS = 60 * 60_000

export interface SettleOptions {
  /** Crash tests: called inside the transaction just before it commits; throwing rolls it back. */
  readonly beforeCommit?: () => void
}

export async function settleInvoices(store: MerchantDb, networkId: NetworkId, nowMs: number, hooks: InvoiceHooks = {}, options: SettleOptions = {}): Promise<SettlementReport> {
  return withTransaction(store, async (tx) => {
    const watermark = await settledThrough(tx, networkId)
    const found = await uncountedPayments(tx, networkId, watermark === null ? null : watermark - SETTLE_LOOKBACK_MS)
    let counted = 0
    const fresh = new Map<string, CountedPayment[]>()
    for (const payment of found) {
      const inserted = await tx.db
        .insertInto('invoice_payments')
        .values({
          network_id: networkId,
          operation_id: payment.operationId,
          invoice_id: payment.invoiceId,
          transaction_hash: payment.txHash,
          from_address: payment.from,
          amount_stroops: payment.amount,
          chain_at: payment.at,
          counted_at: nowMs
        })
        .onConflict((conflict) => conflict.columns(['network_id', 'operation_id']).doNothing())
        .returning('operation_id')
        .executeTakeFirst()
      if (inserted === undefined) continue
      counted += 1
      fresh.set(payment.invoiceId, [...(fresh.get(payment.invoiceId) ?? []), payment])
    }
    const due = await tx.db
      .selectFrom('invoices')
      .select('id')
      .where('network_id', '=', networkId)
      .where('status', 'in', ['new', 'partially_paid'])
      .where('expires_at', '<', BigInt(nowMs))
      .execute()
    const touched = [...new Set([...fresh.keys(), ...due.map((row) => row.id)])].sort()
    const changed: string[] = []
    const events: Array<{ invoiceId: string; kind: InvoiceEventKind }> = []
    for (const id of touched) {
      const announced = await recompute(tx, id, fresh.get(id) ?? [], nowMs, hooks)
      if (announced === null) continue
      changed.push(id)
      for (const kind of announced) events.push({ invoiceId: id, kind })
    }
    await moveWatermark(tx, networkId, watermark, nowMs)
    options.beforeCommit?.()
    return { paymentsCounted: counted, invoicesChanged: changed, events }
  })
}

/**
 * Whether a settlement would change anything now: an invoice past its expiry still waiting, or a
 * chain payment to an invoice not counted yet. Read-only, so the reads that settle first (a person's
 * list, the gateway's public status page, polled by anyone holding an id) take the ledger's write
 * lock only when there is something to write, never once per request.
 */
export async function settlementDue(store: MerchantDb, networkId: NetworkId, nowMs: number): Promise<boolean> {
  const expiring = await store.db
    .selectFrom('invoices')
    .select('id')
    .where('network_id', '=', networkId)
    .where('status', 'in', ['new', 'partially_paid'])
    .where('expires_at', '<', BigInt(nowMs))
    .limit(1)
    .executeTakeFirst()
  if (expiring !== undefined) return true
  const watermark = await settledThrough(store, networkId)
  return (await uncountedPayments(store, networkId, watermark === null ? null : watermark - SETTLE_LOOKBACK_MS, 1)).length > 0
}

interface FoundPayment extends CountedPayment {
  readonly invoiceId: string
  readonly from: string
}

/** Chain payments of the network paying an invoice's memo to its address, not yet counted. */
async function uncountedPayments(tx: MerchantDb, networkId: NetworkId, since: number | null, limit?: number): Promise<FoundPayment[]> {
  let query = tx.db
    .selectFrom('chain_operations as o')
    .innerJoin('chain_transactions as t', (join) => join.onRef('t.network_id', '=', 'o.network_id').onRef('t.hash', '=', 'o.transaction_hash'))
    .innerJoin('invoices as i', (join) => join.onRef('i.network_id', '=', 't.network_id').onRef('i.memo', '=', 't.memo'))
    .leftJoin('invoice_payments as p', (join) => join.onRef('p.network_id', '=', 'o.network_id').onRef('p.operation_id', '=', 'o.id'))
    .select(['o.id', 'o.transaction_hash', 'o.from_address', 'o.amount_stroops', 'o.created_at', 'i.id as invoice_id'])
    .where('o.network_id', '=', networkId)
    .where('o.type', '=', 'payment')
    .where('o.successful', '=', 1n)
    .where('t.successful', '=', 1n)
    .where('t.memo_type', '=', 'text')
    .whereRef('o.to_address', '=', 'i.address')
    .whereRef('o.from_address', '<>', 'i.address')
    .where('o.amount_stroops', '>', 0n)
    .where('p.operation_id', 'is', null)
  if (since !== null) query = query.where('o.created_at', '>=', BigInt(since))
  if (limit !== undefined) query = query.limit(limit)
  const rows = await query.execute()
  return inChainOrder(
    rows.map((row) => ({
      operationId: row.id,
      txHash: row.transaction_hash,
      from: row.from_address,
      amount: row.amount_stroops,
      at: Number(row.created_at),
      invoiceId: row.invoice_id
    }))
  )
}

/**
 * Derives the invoice's status again from every payment counted for it, writes what changed
 * (conditional on the row as read), appends its timeline and calls the hook. Null when nothing changed.
 */
async function recompute(tx: MerchantDb, id: string, fresh: readonly CountedPayment[], nowMs: number, hooks: InvoiceHooks): Promise<InvoiceEventKind[] | null> {
  const row = await tx.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const counted = await tx.db.selectFrom('invoice_payments').select(['operation_id', 'transaction_hash', 'amount_stroops', 'chain_at']).where('invoice_id', '=', id).execute()
  const derived = deriveInvoiceStatus(
    {
      amount: row.amount_stroops,
      expiresAt: Number(row.expires_at),
      cancelled: row.cancelled_at !== null,
      refunded: row.refunded_at !== null,
      payments: counted.map((payment) => ({ operationId: payment.operation_id, txHash: payment.transaction_hash, amount: payment.amount_stroops, at: Number(payment.chain_at) }))
    },
    nowMs
  )
  const seenAt = derived.seenAt === null ? null : BigInt(derived.seenAt)
  const paidAt = derived.paidAt === null ? null : BigInt(derived.paidAt)
  if (fresh.length === 0 && derived.status === row.status && derived.received === row.received_stroops && seenAt === row.seen_at && paidAt === row.paid_at) return null
  const updated = await tx.db
    .updateTable('invoices')
    .set({ status: derived.status, received_stroops: derived.received, seen_at: seenAt, paid_at: paidAt, updated_at: nowMs })
    .where('id', '=', id)
    .where('status', '=', row.status)
    .where('received_stroops', '=', row.received_stroops)
    .executeTakeFirst()
  // Every write transaction of a ledger runs alone (SQLite's BEGIN IMMEDIATE, the team ledger's
  // advisory lock), so the row is as read; should it ever not be, nothing of this call is kept (a
  // payment counted without its status would never be looked at again): the next call redoes it.
  if (updated.numUpdatedRows !== 1n) throw new Error(`Invoice ${id} changed while it was being settled; the settlement was rolled back and the next one redoes it.`)

  const timeline: Array<{ kind: InvoiceEventKind; at: number; payment?: CountedPayment }> = fresh.map((payment) => ({ kind: 'payment', at: payment.at, payment }))
  if (row.seen_at === null && derived.seenAt !== null) timeline.push({ kind: 'seen', at: derived.seenAt })
  const became = statusEvent(row, derived.status)
  if (became !== null) timeline.push({ kind: became, at: eventTime(became, row, derived.paidAt, fresh, nowMs) })
  // Payments first, in chain order, then what they caused: the timeline reads as it happened.
  const announced: InvoiceEventKind[] = []
  for (const event of timeline) {
    await tx.db
      .insertInto('invoice_events')
      .values({
        network_id: row.network_id,
        invoice_id: id,
        kind: event.kind,
        at: event.at,
        actor: null,
        operation_id: event.payment?.operationId ?? null,
        transaction_hash: event.payment?.txHash ?? null,
        amount_stroops: event.payment?.amount ?? null
      })
      .execute()
    if (ANNOUNCED_INVOICE_EVENTS.has(event.kind)) announced.push(event.kind)
  }
  if (announced.length > 0 && hooks.onInvoiceEvent !== undefined) {
    const view = await readInvoiceView(tx, id)
    if (view !== null) for (const kind of announced) await hooks.onInvoiceEvent(tx, kind, invoiceStatusJson(view, kind))
  }
  return announced
}

/** The event a status change announces; none for a change into new, partially paid, cancelled or refunded (those are not the chain's doing). */
function statusEvent(row: InvoiceRow, status: InvoiceRow['status']): InvoiceEventKind | null {
  if (status === row.status) return null
  if (status === 'paid' || status === 'overpaid' || status === 'paid_late' || status === 'expired') return status
  return null
}

function eventTime(kind: InvoiceEventKind, row: InvoiceRow, paidAt: number | null, fresh: readonly CountedPayment[], nowMs: number): number {
  if (kind === 'expired') return Number(row.expires_at)
  if (kind === 'overpaid' && row.status === 'paid') return fresh.at(-1)?.at ?? nowMs
  return paidAt ?? nowMs
}

async function settledThrough(tx: MerchantDb, networkId: NetworkId): Promise<number | null> {
  const row = await tx.db.selectFrom('sync_cursors').select('cursor').where('network_id', '=', networkId).where('stream', '=', SETTLED_STREAM).executeTakeFirst()
  if (row === undefined || !/^\d+$/.test(row.cursor)) return null
  return Number(row.cursor)
}

/** Up to the latest chain time stored for the network: what is stored later is newer (or within the look-back). */
async function moveWatermark(tx: MerchantDb, networkId: NetworkId, previous: number | null, nowMs: number): Promise<void> {
  const latest = await tx.db
    .selectFrom('chain_operations')
    .select((eb) => eb.fn.max('created_at').as('latest'))
    .where('network_id', '=', networkId)
    .executeTakeFirst()
  if (latest?.latest === null || latest?.latest === undefined) return
  const through = String(latest.latest)
  if (previous !== null && String(previous) === through) return
  await tx.db
    .insertInto('sync_cursors')
    .values({ network_id: networkId, stream: SETTLED_STREAM, cursor: through, updated_at: nowMs })
    .onConflict((conflict) => conflict.columns(['network_id', 'stream']).doUpdateSet({ cursor: through, updated_at: nowMs }))
    .execute()
}
