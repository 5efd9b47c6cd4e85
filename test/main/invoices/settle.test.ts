// Each status of an invoice from REAL signed transactions through the sandbox's ledger, settled by
// the sync engine as the app runs it (both engines). The attacks first: a wrong memo, the app
// wallet paying itself with the memo, the memo forged on the other Pi network.
import { describe, expect, it } from 'vitest'
import { markInvoiceRefunded, settleInvoices, type InvoiceHooks } from '../../../src/main/invoices'
import { buildSignedPayment } from '../../../src/sandbox/buyer'
import { Keypair } from '@stellar/stellar-sdk'
import { invoiceFile, journaledEvents, rowCount } from './fixture'

const file = invoiceFile()

describe('what counts for an invoice', () => {
  it('a payment with a wrong memo settles nothing and stays a direct transfer', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '3' })
    world.pay(invoice, 'wrong_memo')
    const report = await world.sync().run()
    expect(report.pi.directTransfers).toBeGreaterThan(0)
    const shown = await world.invoices.show(invoice.id)
    expect(shown.status).toBe('new')
    expect(shown.received).toBe('0.0000000')
    expect(await rowCount(world.store, 'invoice_payments')).toBe(0)
    const direct = await world.store.db.selectFrom('chain_operations').select('classification').where('to_address', '=', world.appWallet).where('type', '=', 'payment').execute()
    expect(direct.map((row) => row.classification)).toContain('direct_transfer')
  })

  it('a payment FROM the app wallet carrying the memo counts nothing', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    const sandbox = file.sandbox()
    // The app wallet pays itself and a buyer, each with the invoice's memo.
    for (const destination of [sandbox.appWallet.publicKey, world.buyer().publicKey]) {
      const envelope = buildSignedPayment({ chain: sandbox.chain, signer: Keypair.fromSecret(sandbox.appWallet.seed), transfers: [{ destination, amount: 20_000_000n }], memoText: invoice.memo })
      expect(sandbox.chain.submit(envelope.xdr).kind).toBe('applied')
    }
    await world.sync().run()
    expect((await world.invoices.show(invoice.id)).status).toBe('new')
    expect(await rowCount(world.store, 'invoice_payments')).toBe(0)
  })

  it('the memo forged on the other Pi network counts nothing', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    const sandbox = file.sandbox()
    const other = sandbox.otherNetwork.chain
    const forger = Keypair.random()
    other.fund(forger.publicKey(), 100n * 10_000_000n)
    // Same address on the other network (the app wallet's key exists there only if funded).
    other.fund(sandbox.appWallet.publicKey, 10n * 10_000_000n)
    const envelope = buildSignedPayment({ chain: other, signer: forger, transfers: [{ destination: sandbox.appWallet.publicKey, amount: 20_000_000n }], memoText: invoice.memo })
    expect(other.submit(envelope.xdr).kind).toBe('applied')
    await world.sync().run()
    expect((await world.invoices.show(invoice.id)).status).toBe('new')
    // And a row written as if the other network's chain had been stored here changes nothing either.
    await world.store.db.insertInto('chain_transactions').values({ network_id: 'testnet', hash: 'a'.repeat(64), ledger: 1, created_at: Date.now(), source_account: forger.publicKey(), fee_charged_stroops: 100_000n, max_fee_stroops: 100_000n, operation_count: 1, successful: 1, memo_type: 'text', memo: invoice.memo, paging_token: '1' }).execute()
    await world.store.db.insertInto('chain_operations').values({ network_id: 'testnet', id: '99', paging_token: '99', transaction_hash: 'a'.repeat(64), type: 'payment', from_address: forger.publicKey(), to_address: sandbox.appWallet.publicKey, amount_stroops: 20_000_000n, created_at: Date.now(), successful: 1, classification: 'direct_transfer', payment_identifier: null }).execute()
    await settleInvoices(world.store, 'testnet', Date.now())
    await settleInvoices(world.store, 'sandbox', Date.now())
    expect((await world.invoices.show(invoice.id)).status).toBe('new')
  })
})

describe('each status from real transactions', () => {
  it('exact -> paid, with seen_at, paid_at and the tx hash; seen and paid announced once', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '12.5', order: 'A-1001' })
    const paid = world.pay(invoice, 'exact')
    await world.sync().run()
    const shown = await world.invoices.show(invoice.id)
    expect(shown.status).toBe('paid')
    expect(shown.received).toBe('12.5000000')
    expect(shown.seenAt).not.toBeNull()
    expect(shown.paidAt).toBe(shown.payments[0]?.at)
    expect(shown.payments.map((payment) => payment.txHash)).toEqual([paid.transfers[0]?.hash])
    const json = await world.invoices.statusJson(invoice.id)
    expect(json).toMatchObject({ id: invoice.id, status: 'paid', amount: '12.5000000', received: '12.5000000', tx_hash: paid.transfers[0]?.hash, order: 'A-1001' })
    expect(world.heard.map((entry) => entry.event)).toEqual(['seen', 'paid'])
    // A second sync, and a settlement on its own, change nothing and announce nothing.
    await world.sync().run()
    await settleInvoices(world.store, 'sandbox', file.sandbox().chain.now().getTime())
    expect(world.heard).toHaveLength(2)
    expect(shown.events.map((event) => event.kind)).toEqual(['created', 'payment', 'seen', 'paid'])
  })

  it('short -> partially_paid; the rest later adds up to paid', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '10' })
    world.pay(invoice, 'short')
    await world.sync().run()
    const partly = await world.invoices.show(invoice.id)
    expect(partly.status).toBe('partially_paid')
    expect(partly.received).toBe('9.0000000')
    world.buyer().sendTransfer({ to: invoice.address, amount: 10_000_000n, memo: invoice.memo })
    await world.sync().run()
    const whole = await world.invoices.show(invoice.id)
    expect(whole.status).toBe('paid')
    expect(whole.payments).toHaveLength(2)
    expect(whole.paidAt).toBe(whole.payments[1]?.at)
  })

  it('split in two payments adds up to paid; over -> overpaid; twice -> overpaid with both hashes', async () => {
    const world = file.openWorld()
    const split = await world.invoices.create({ amount: '7.0000001' })
    const over = await world.invoices.create({ amount: '5' })
    const twice = await world.invoices.create({ amount: '1.5' })
    world.pay(split, 'split')
    world.pay(over, 'over')
    const double = world.pay(twice, 'twice')
    await world.sync().run()
    expect(await world.invoices.show(split.id)).toMatchObject({ status: 'paid', received: '7.0000001' })
    expect(await world.invoices.show(over.id)).toMatchObject({ status: 'overpaid', received: '5.5000000' })
    const both = await world.invoices.show(twice.id)
    expect(both).toMatchObject({ status: 'overpaid', received: '3.0000000' })
    const json = await world.invoices.statusJson(twice.id)
    expect(json?.tx_hashes).toEqual(double.transfers.map((transfer) => transfer.hash))
    // tx_hash is the payment that paid it: the first one.
    expect(json?.tx_hash).toBe(double.transfers[0]?.hash)
  })

  it('nothing paid by the expiry -> expired; a payment after it -> paid_late', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '4', expiresInMinutes: 5 })
    const sandbox = file.sandbox()
    sandbox.chain.advanceTime(6 * 60_000)
    await world.sync().run()
    expect((await world.invoices.show(invoice.id)).status).toBe('expired')
    world.pay(invoice, 'exact')
    await world.sync().run()
    const late = await world.invoices.show(invoice.id)
    expect(late.status).toBe('paid_late')
    expect(new Date(late.paidAt ?? 0).getTime()).toBeGreaterThan(new Date(late.expiresAt).getTime())
    expect(world.heard.filter((entry) => entry.id === invoice.id).map((entry) => entry.event)).toEqual(['expired', 'seen', 'paid_late'])
  })

  it('expires with the clock: a shop polling its status sees expired without any sync', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '4', expiresInMinutes: 2 })
    expect((await world.invoices.statusJson(invoice.id))?.status).toBe('new')
    file.sandbox().chain.advanceTime(3 * 60_000)
    expect((await world.invoices.statusJson(invoice.id))?.status).toBe('expired')
    expect((await world.invoices.show(invoice.id)).events.map((event) => event.kind)).toEqual(['created', 'expired'])
    expect(await journaledEvents(world.store)).toEqual(['expired'])
  })

  it('late payment of a fresh invoice (the chain clock moved past its expiry) -> paid_late', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '1', expiresInMinutes: 1 })
    world.pay(invoice, 'late')
    await world.sync().run()
    expect((await world.invoices.show(invoice.id)).status).toBe('paid_late')
  })

  it('a payment to a cancelled invoice is kept, and the invoice stays cancelled', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    await world.invoices.cancel(invoice.id)
    world.pay(invoice, 'exact')
    await world.sync().run()
    const shown = await world.invoices.show(invoice.id)
    expect(shown.status).toBe('cancelled')
    expect(shown.received).toBe('2.0000000')
    expect(shown.payments).toHaveLength(1)
  })
})

describe('refunded', () => {
  it('a refunded invoice says so, announces it once, and stays refunded whatever arrives later', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    world.pay(invoice, 'exact')
    await world.sync().run()
    const hooks: InvoiceHooks = {
      onInvoiceEvent: async (_tx, event, json) => void world.heard.push({ event, id: json.id, status: json.status })
    }
    expect(await markInvoiceRefunded(world.store, { invoiceId: invoice.id, at: Date.now(), actor: 'amira' }, hooks)).toBe(true)
    expect(await markInvoiceRefunded(world.store, { invoiceId: invoice.id, at: Date.now(), actor: 'amira' }, hooks)).toBe(false)
    world.pay(invoice, 'exact')
    await world.sync().run()
    const shown = await world.invoices.show(invoice.id)
    expect(shown).toMatchObject({ status: 'refunded', received: '4.0000000' })
    expect(shown.events.map((event) => event.kind)).toEqual(['created', 'payment', 'seen', 'paid', 'refunded', 'payment'])
    expect(world.heard.map((entry) => entry.event)).toEqual(['seen', 'paid', 'refunded'])
  })

  it('refuses to mark an unpaid invoice refunded', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '2' })
    await expect(markInvoiceRefunded(world.store, { invoiceId: invoice.id, at: Date.now(), actor: 'amira' })).rejects.toMatchObject({ code: 'invoice_unpaid' })
  })
})

describe('crash safety', () => {
  it('a crash between a stored chain page and its settlement is repaired by the next sync', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '3' })
    world.pay(invoice, 'exact')
    const crashing = world.sync({
      testHooks: {
        beforeCommit: (step) => {
          if (step === 'invoices') throw new Error('simulated crash before the settlement commits')
        }
      }
    })
    await expect(crashing.run()).rejects.toThrow('simulated crash')
    // The page is stored (its cursor moved), the invoice is not settled.
    expect(await world.store.db.selectFrom('chain_operations').select('id').where('to_address', '=', world.appWallet).execute()).not.toHaveLength(0)
    // (Read from the table: showing the invoice would itself settle it, as any read does.)
    const row = await world.store.db.selectFrom('invoices').select(['status', 'received_stroops']).where('id', '=', invoice.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'new', received_stroops: 0n })
    expect(await rowCount(world.store, 'invoice_events')).toBe(1)
    // The next run reads no new page, and still settles it, once.
    await world.sync().run()
    const shown = await world.invoices.show(invoice.id)
    expect(shown.status).toBe('paid')
    expect(shown.events.map((event) => event.kind)).toEqual(['created', 'payment', 'seen', 'paid'])
    // The hook ran in the crashed transaction too, and what it wrote there rolled back with it.
    expect(world.heard.map((entry) => entry.event)).toEqual(['seen', 'paid', 'seen', 'paid'])
    expect(await journaledEvents(world.store)).toEqual(['seen', 'paid'])
  })

  it('the live stream settles what it stores', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '6' })
    const controller = new AbortController()
    let changes = 0
    const following = world.sync().follow({ signal: controller.signal, onChange: () => void (changes += 1) })
    await expect.poll(() => changes, { timeout: 10_000 }).toBeGreaterThan(0)
    world.pay(invoice, 'exact')
    await expect.poll(async () => (await world.invoices.show(invoice.id)).status, { timeout: 10_000 }).toBe('paid')
    controller.abort()
    await following
  })
})
