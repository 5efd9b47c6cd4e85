// Invoices against the sandbox network as the app wires them: a real ledger (the test's engine),
// the InvoiceService, the sync engine that settles them, buyers who pay with real signed
// transactions, and the sandbox's CoinGecko-format rate source. The desk's clock IS the ledger's
// clock, so "expired" and "paid late" are decided by the same time the chain stamps payments with.
import { afterEach } from 'vitest'
import { appendAudit } from '../../../src/main/audit'
import type { MerchantDb } from '../../../src/main/db'
import { InvoiceService, type InvoiceHooks } from '../../../src/main/invoices'
import { coinGeckoRates } from '../../../src/main/rates'
import { createSyncEngine, createTolerantPageReader, type SyncEngine, type SyncEngineOptions } from '../../../src/main/sync'
import type { RunningSandbox } from '../../../src/sandbox'
import { payInvoice, type InvoicePayment, type InvoicePaymentKind } from '../../../src/sandbox/buyer'
import type { InvoiceView } from '../../../src/shared/contract/invoices'
import { parseHorizonAmount } from '../../../src/shared/money'
import { openSandboxWorld, sandboxPerFile, type SandboxWorld } from '../../support'

export interface InvoiceWorld extends SandboxWorld {
  readonly invoices: InvoiceService
  /** Every announced event the hook heard, in order. */
  readonly heard: Array<{ readonly event: string; readonly id: string; readonly status: string }>
  sync(extra?: Partial<SyncEngineOptions>): SyncEngine
  /** A fresh buyer pays the invoice (real signed transactions through the sandbox's ledger). */
  pay(invoice: InvoiceView, kind?: InvoicePaymentKind): InvoicePayment
}

export function invoiceFile(): { sandbox(): RunningSandbox; openWorld(): InvoiceWorld } {
  const file = sandboxPerFile<InvoiceWorld, undefined>({ open: (sandbox) => openInvoiceWorld(sandbox) })
  afterEach(() => {
    try {
      file.sandbox().rates.reset()
    } catch {
      // No sandbox: nothing to reset.
    }
  })
  return { sandbox: file.sandbox, openWorld: () => file.openWorld() }
}

export function openInvoiceWorld(sandbox: RunningSandbox): InvoiceWorld {
  const world = openSandboxWorld(sandbox, { now: () => sandbox.chain.now() })
  const heard: InvoiceWorld['heard'] = []
  const hooks: InvoiceHooks = {
    // As a postback journal would: a row written in the settling transaction (it commits or rolls
    // back with the event), and a note for the test, which cannot roll back.
    onInvoiceEvent: async (tx, event, json) => {
      heard.push({ event, id: json.id, status: json.status })
      await appendAudit(tx, { actor: 'postbacks', action: 'test.invoice_event', subject: json.id, before: null, after: { event, status: json.status } })
    }
  }
  const invoices = new InvoiceService({
    store: world.store,
    actor: () => 'amira',
    networkId: () => 'sandbox',
    appWallet: async () => sandbox.appWallet.publicKey,
    rates: async () => coinGeckoRates({ baseUrl: sandbox.platformUrl, now: () => sandbox.chain.now() }),
    hooks
  })
  return {
    ...world,
    invoices,
    heard,
    sync: (extra = {}) =>
      createSyncEngine({
        store: world.store,
        networkId: 'sandbox',
        pi: world.pi,
        horizon: world.horizon,
        appWallet: world.appWallet,
        pageReader: createTolerantPageReader({ url: sandbox.horizonUrl, account: world.appWallet, retry: { baseDelayMs: 0, maxDelayMs: 0 } }),
        now: () => sandbox.chain.now(),
        invoiceHooks: hooks,
        ...extra
      }),
    pay: (invoice, kind = 'exact') =>
      payInvoice(
        world.buyer(),
        { address: invoice.address, amount: parseHorizonAmount(invoice.amount), memo: invoice.memo, expiresAt: new Date(invoice.expiresAt) },
        kind,
        sandbox.chain
      )
  }
}

export async function rowCount(store: MerchantDb, table: 'invoices' | 'invoice_payments' | 'invoice_events' | 'audit_log'): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<bigint>().as('count')).executeTakeFirstOrThrow()
  return Number(row.count)
}

/** The events the hook journaled in committed transactions, in order. */
export async function journaledEvents(store: MerchantDb): Promise<string[]> {
  const rows = await store.db.selectFrom('audit_log').select('after_json').where('action', '=', 'test.invoice_event').orderBy('seq').execute()
  return rows.map((row) => (JSON.parse(row.after_json ?? '{}') as { event: string }).event)
}
