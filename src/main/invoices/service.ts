// Invoices as the front doors ask for them (desk, command line, gateway). Bad input is refused
// before anything is written; an invoice, its `created` event and its audit entry are written in
// one transaction; a fiat price is converted at a rate fetched BEFORE that transaction and locked
// into the row (rate, pair, source, time), never recomputed.
import { randomBytes } from 'node:crypto'
import { appendAudit } from '../audit'
import { withTransaction, type MerchantDb } from '../db'
import type { EventBus } from '../ipc'
import type { Acting, Capability, DeskSession } from '../people'
import { checkCurrency, fiatToStroops, parseDecimalText, parseFiatAmount, type LockedRate, type RateSource } from '../rates'
import { UserFacingError, isUserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import { ACCOUNT_ADDRESS_PATTERN } from '../../shared/payments'
import { MAX_STROOPS, parseUserAmount, type Stroops } from '../../shared/money'
import {
  DEFAULT_INVOICE_EXPIRY_MINUTES,
  MAX_INVOICE_DATA_CHARS,
  invoiceCreateInput,
  invoiceIdInput,
  invoiceListInput,
  type InvoiceCreateInput,
  type InvoiceListInput,
  type InvoiceStatusJson,
  type InvoiceSummaryView,
  type InvoiceView
} from '../../shared/contract/invoices'
import { checkShopMemo, memoTaken, newInvoiceId, newInvoiceMemo } from './ids'
import { ANNOUNCED_INVOICE_EVENTS, settleInvoices, settlementDue, type InvoiceHooks, type SettlementReport } from './settle'
import { invoiceStatusJson, readInvoiceView, toInvoiceSummary } from './views'

export interface InvoiceServiceOptions {
  readonly store: MerchantDb
  /** Who acts on a desk without people (the audit log's actor). */
  readonly actor: () => string
  /** Who is working and what their role allows: list and show need `read`, create and cancel `queue`. */
  readonly session?: DeskSession
  /** The network in use now. */
  readonly networkId: () => NetworkId
  /** The app wallet of the network in use (where invoices are paid); null while none is set. */
  readonly appWallet: () => Promise<string | null>
  /** The fiat rate source of the network in use. */
  readonly rates: () => Promise<RateSource>
  /** Postbacks and anything else that follows an invoice's events (the lead wires H3's here). */
  readonly hooks?: InvoiceHooks
  readonly events?: EventBus
  /** Tests: fixed randomness for ids and memos. */
  readonly random?: (size: number) => Uint8Array
}

/** Who makes an invoice: the person at the desk (checked against their role), or the shop's gateway. */
export interface InvoiceCreator {
  /** The gateway: its token was checked by the gateway; the audit log names `gateway`. */
  readonly via: 'gateway'
}

const LIST_LIMIT = 200

export class InvoiceService {
  constructor(private readonly options: InvoiceServiceOptions) {}

  /** Makes an invoice and answers it whole (with its pay URI). */
  async create(input: InvoiceCreateInput, creator?: InvoiceCreator): Promise<InvoiceView> {
    const actor = creator?.via === 'gateway' ? 'gateway' : (await this.acting('queue')).name
    const parsed = parseInput(invoiceCreateInput, input)
    const networkId = this.options.networkId()
    const address = await this.options.appWallet()
    if (address === null || !ACCOUNT_ADDRESS_PATTERN.test(address)) {
      throw new UserFacingError('app_wallet_missing', `No app wallet is set for ${networkId}, so there is no address to be paid at: set it in Settings first. Nothing was saved.`)
    }
    const memo = parsed.memo === undefined ? null : checkShopMemo(parsed.memo)
    const data = dataJson(parsed.data)
    // Everything that may refuse is checked before the rate is asked for, and the rate before the transaction.
    let amount: Stroops
    let fiat: { readonly amount: string; readonly currency: string; readonly locked: LockedRate } | null = null
    if ('amount' in parsed) {
      amount = parseUserAmount(parsed.amount)
    } else {
      const currency = checkCurrency(parsed.currency)
      const price = parseFiatAmount(parsed.fiatAmount, currency)
      const locked = await (await this.options.rates()).rate(currency)
      const rate = parseDecimalText(locked.rate)
      if (rate === null) throw new UserFacingError('rate_source_down', `The rate source (${locked.source}) gave a rate that is not a positive number. Nothing was saved.`)
      amount = fiatToStroops(price.value, rate)
      if (amount > MAX_STROOPS) {
        throw new UserFacingError('amount_out_of_range', `${price.text} ${currency} is more Pi than any account can hold at ${locked.rate} ${currency} per Pi. Nothing was saved.`)
      }
      fiat = { amount: price.text, currency, locked }
    }
    const nowMs = this.options.store.now().getTime()
    const expiresAt = nowMs + (parsed.expiresInMinutes ?? DEFAULT_INVOICE_EXPIRY_MINUTES) * 60_000
    const random = this.options.random ?? randomBytes
    const id = newInvoiceId(random)
    const chosenMemo = memo ?? newInvoiceMemo(random)
    try {
      await withTransaction(this.options.store, async (tx) => {
        if (await memoInUse(tx, networkId, chosenMemo)) throw memoTaken(chosenMemo)
        await tx.db
          .insertInto('invoices')
          .values({
            id,
            network_id: networkId,
            memo: chosenMemo,
            address,
            amount_stroops: amount,
            fiat_amount: fiat?.amount ?? null,
            fiat_currency: fiat?.currency ?? null,
            rate: fiat?.locked.rate ?? null,
            rate_pair: fiat?.locked.pair ?? null,
            rate_source: fiat?.locked.source ?? null,
            rate_at: fiat === null ? null : fiat.locked.at.getTime(),
            order_ref: parsed.order ?? null,
            data_json: data,
            postback_url: parsed.postbackUrl ?? null,
            created_at: nowMs,
            created_by: actor,
            expires_at: expiresAt,
            status: 'new',
            updated_at: nowMs
          })
          .execute()
        await tx.db.insertInto('invoice_events').values({ network_id: networkId, invoice_id: id, kind: 'created', at: nowMs, actor, operation_id: null, transaction_hash: null, amount_stroops: null }).execute()
        await appendAudit(tx, {
          actor,
          action: 'invoice.create',
          subject: id,
          before: null,
          after: { network: networkId, memo: chosenMemo, amount: amount.toString(), fiat: fiat === null ? null : { amount: fiat.amount, currency: fiat.currency, rate: fiat.locked.rate, source: fiat.locked.source }, order: parsed.order ?? null }
        })
      })
    } catch (error) {
      // Two desks choosing one memo at once: the unique index refuses the second; say so in words.
      if (!isUserFacingError(error) && (await memoInUse(this.options.store, networkId, chosenMemo))) throw memoTaken(chosenMemo)
      throw error
    }
    this.changed()
    return this.view(id, networkId)
  }

  /** The network's invoices, newest first (one status only, when asked). */
  async list(input?: InvoiceListInput): Promise<InvoiceSummaryView[]> {
    await this.acting('read')
    const parsed = parseInput(invoiceListInput, input) ?? {}
    await this.catchUp()
    let query = this.options.store.db.selectFrom('invoices').selectAll().where('network_id', '=', this.options.networkId())
    if (parsed.status !== undefined) query = query.where('status', '=', parsed.status)
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(parsed.limit ?? LIST_LIMIT)
      .execute()
    return rows.map(toInvoiceSummary)
  }

  /** One invoice of the network in use, with its payments and timeline. */
  async show(id: string): Promise<InvoiceView> {
    await this.acting('read')
    const parsed = parseInput(invoiceIdInput, { id })
    await this.catchUp()
    return this.view(parsed.id, this.options.networkId())
  }

  /**
   * Cancels an invoice nothing was paid to yet. Once a payment was counted it is refused: the
   * buyer's Pi is in the wallet, and the way back is a refund to the paying address.
   */
  async cancel(id: string): Promise<InvoiceView> {
    const acting = await this.acting('queue')
    const parsed = parseInput(invoiceIdInput, { id })
    const networkId = this.options.networkId()
    const nowMs = this.options.store.now().getTime()
    await withTransaction(this.options.store, async (tx) => {
      const row = await tx.db.selectFrom('invoices').selectAll().where('id', '=', parsed.id).where('network_id', '=', networkId).executeTakeFirst()
      if (row === undefined) throw notFound(parsed.id)
      if (row.status === 'cancelled') throw new UserFacingError('invoice_cancelled', `Invoice ${row.id} was already cancelled. Nothing was changed.`)
      if (row.received_stroops > 0n || row.status === 'refunded') {
        throw new UserFacingError(
          'invoice_paid',
          `Invoice ${row.id} has already been paid (in part or whole), so it cannot be cancelled: refund the payment to the address that paid it instead. Nothing was changed.`
        )
      }
      await tx.db.updateTable('invoices').set({ status: 'cancelled', cancelled_at: nowMs, cancelled_by: acting.name, updated_at: nowMs }).where('id', '=', row.id).where('status', '=', row.status).where('received_stroops', '=', 0n).executeTakeFirstOrThrow()
      await tx.db.insertInto('invoice_events').values({ network_id: networkId, invoice_id: row.id, kind: 'cancelled', at: nowMs, actor: acting.name, operation_id: null, transaction_hash: null, amount_stroops: null }).execute()
      await appendAudit(tx, { actor: acting.name, action: 'invoice.cancel', subject: row.id, before: { status: row.status }, after: { status: 'cancelled' } })
      const view = await readInvoiceView(tx, row.id)
      if (view !== null && ANNOUNCED_INVOICE_EVENTS.has('cancelled')) await this.options.hooks?.onInvoiceEvent?.(tx, 'cancelled', invoiceStatusJson(view, 'cancelled'))
    })
    this.changed()
    return this.view(parsed.id, networkId)
  }

  /** The public status JSON of an invoice of the network in use (the gateway's status page); null for none. No person is checked: the id is the secret. */
  async statusJson(id: string): Promise<InvoiceStatusJson | null> {
    if (!/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/.test(id)) return null
    await this.catchUp()
    const view = await readInvoiceView(this.options.store, id, this.options.networkId())
    return view === null ? null : invoiceStatusJson(view)
  }

  /** The public view of an invoice (the gateway's checkout page); null for none. */
  async publicView(id: string): Promise<InvoiceView | null> {
    if (!/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/.test(id)) return null
    await this.catchUp()
    return readInvoiceView(this.options.store, id, this.options.networkId())
  }

  /** Settles the network in use now (the sync does this after every page; this is for callers without a sync). */
  async settle(): Promise<SettlementReport> {
    const report = await settleInvoices(this.options.store, this.options.networkId(), this.options.store.now().getTime(), this.options.hooks)
    if (report.invoicesChanged.length > 0) this.changed()
    return report
  }

  /**
   * Before answering what an invoice's status is: expiry happens with the clock, not with a sync,
   * so a shop polling a status (or a person listing) sees `expired` once it is; anything the chain
   * brought that was stored but not yet settled is settled too. Looked for with reads first: a
   * write transaction only when there is something to settle.
   */
  private async catchUp(): Promise<void> {
    if (await settlementDue(this.options.store, this.options.networkId(), this.options.store.now().getTime())) await this.settle()
  }

  private async view(id: string, networkId: NetworkId): Promise<InvoiceView> {
    const view = await readInvoiceView(this.options.store, id, networkId)
    if (view === null) throw notFound(id)
    return view
  }

  private async acting(capability: Capability): Promise<Acting> {
    if (this.options.session) return this.options.session.require(capability)
    return { name: this.options.actor(), role: 'owner', person: null }
  }

  private changed(): void {
    this.options.events?.emit('ledger:changed', { reason: 'invoice' })
  }
}

function parseInput<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } } }, input: unknown): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const first = result.error.issues[0]?.message ?? 'The invoice is not complete'
  throw new UserFacingError('invalid_input', `${first.replace(/\.$/, '')}. Nothing was saved.`)
}

function dataJson(data: unknown): string | null {
  if (data === undefined || data === null) return null
  let text: string | undefined
  try {
    text = JSON.stringify(data)
  } catch {
    text = undefined
  }
  if (text === undefined) throw new UserFacingError('invalid_input', "The invoice's data must be JSON (an object, a list, text or a number). Nothing was saved.")
  if (text.length > MAX_INVOICE_DATA_CHARS) throw new UserFacingError('invalid_input', `The invoice's data is ${text.length} characters of JSON; at most ${MAX_INVOICE_DATA_CHARS} are kept. Nothing was saved.`)
  return text
}

async function memoInUse(store: MerchantDb, networkId: NetworkId, memo: string): Promise<boolean> {
  const row = await store.db.selectFrom('invoices').select('id').where('network_id', '=', networkId).where('memo', '=', memo).executeTakeFirst()
  return row !== undefined
}

function notFound(id: string): UserFacingError {
  return new UserFacingError('invoice_not_found', `There is no invoice ${id} on this network. Check the id (invoice list shows them).`)
}
