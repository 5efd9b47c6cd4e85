// Two desks settling the same ledger at once (the live stream on one, a sync on the other): each
// payment is counted once, each event appended and announced once (both engines).
import { describe, expect, it } from 'vitest'
import { settleInvoices, type InvoiceHooks } from '../../../src/main/invoices'
import { invoiceFile, journaledEvents, rowCount } from './fixture'
import { appendAudit } from '../../../src/main/audit'

const file = invoiceFile()

describe('two desks settling at once', () => {
  it('count each payment once and announce each event once', async () => {
    const world = file.openWorld()
    const invoices = await Promise.all(['1', '2', '3'].map((amount) => world.invoices.create({ amount })))
    // Stored by one desk's sync, without settling: the next calls find them.
    for (const invoice of invoices) world.pay(invoice, 'split')
    await world.sync({ testHooks: { beforeCommit: (step) => { if (step === 'invoices') throw new Error('settled elsewhere') } } }).run().catch(() => undefined)
    const other = world.store.reopen({ readonly: false })
    try {
      const hooks: InvoiceHooks = {
        onInvoiceEvent: async (tx, event, json) => void (await appendAudit(tx, { actor: 'postbacks', action: 'test.invoice_event', subject: json.id, before: null, after: { event, status: json.status } }))
      }
      const now = file.sandbox().chain.now().getTime()
      const results = await Promise.allSettled([settleInvoices(world.store, 'sandbox', now, hooks), settleInvoices(other, 'sandbox', now, hooks), settleInvoices(world.store, 'sandbox', now, hooks)])
      // A desk may be told to try again (the other holds the write); none may count twice.
      expect(results.some((result) => result.status === 'fulfilled')).toBe(true)
      await settleInvoices(other, 'sandbox', now, hooks)
    } finally {
      other.close()
    }
    expect(await rowCount(world.store, 'invoice_payments')).toBe(6)
    for (const invoice of invoices) {
      const shown = await world.invoices.show(invoice.id)
      expect(shown.status).toBe('paid')
      expect(shown.events.map((event) => event.kind)).toEqual(['created', 'payment', 'payment', 'seen', 'paid'])
    }
    expect((await journaledEvents(world.store)).sort()).toEqual(['paid', 'paid', 'paid', 'seen', 'seen', 'seen'])
  })
})
