// What happens to an invoice reaches the shop: the sync that counts a sandbox buyer's real signed
// payment queues invoice.seen and invoice.paid in the transaction that settles the invoice, the
// body is the gateway's status JSON with its event, and the deliverer signs it so the shop's own
// check (the receiver's recipe) accepts it. The invoice's own postback URL wins over the shop's;
// with neither, nothing is owed. On the test's engine, against the sandbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InvoiceService } from '../../../src/main/invoices'
import { invoicePostbacks, listPostbacks, PostbackDeliverer, type PostbackUrlSource } from '../../../src/main/postbacks'
import { coinGeckoRates } from '../../../src/main/rates'
import { createSyncEngine, createTolerantPageReader } from '../../../src/main/sync'
import { payInvoice } from '../../../src/sandbox/buyer'
import type { InvoiceView } from '../../../src/shared/contract/invoices'
import { parseHorizonAmount } from '../../../src/shared/money'
import { sandboxPerFile, type SandboxWorld } from '../../support'
import { startReceiver, type TestReceiver } from './receiver'

const SECRET = 'whsec_invoice_events'
const file = sandboxPerFile()
let shop: TestReceiver

beforeEach(async () => {
  shop = await startReceiver(SECRET)
})
afterEach(async () => shop.close())

function desk(world: SandboxWorld, shopUrl: PostbackUrlSource) {
  const sandbox = file.sandbox()
  const now = () => sandbox.chain.now()
  const hooks = invoicePostbacks({ url: shopUrl })
  const invoices = new InvoiceService({
    store: world.store,
    actor: () => 'amira',
    networkId: () => 'sandbox',
    appWallet: async () => sandbox.appWallet.publicKey,
    rates: async () => coinGeckoRates({ baseUrl: sandbox.platformUrl, now }),
    hooks
  })
  const sync = () =>
    createSyncEngine({
      store: world.store,
      networkId: 'sandbox',
      pi: world.pi,
      horizon: world.horizon,
      appWallet: world.appWallet,
      pageReader: createTolerantPageReader({ url: sandbox.horizonUrl, account: world.appWallet, retry: { baseDelayMs: 0, maxDelayMs: 0 } }),
      now,
      invoiceHooks: hooks
    }).run()
  const pay = (invoice: InvoiceView, kind: 'exact' | 'short' = 'exact') =>
    payInvoice(world.buyer(), { address: invoice.address, amount: parseHorizonAmount(invoice.amount), memo: invoice.memo, expiresAt: new Date(invoice.expiresAt) }, kind, sandbox.chain)
  return { invoices, sync, pay }
}

describe('invoice postbacks', () => {
  it('a paid invoice queues invoice.paid with its status JSON, in the settling transaction, and the shop verifies the signature', async () => {
    const world = file.openWorld()
    const { invoices, sync, pay } = desk(world, () => null)
    const invoice = await invoices.create({ amount: '4.5', order: 'SO-77', data: { basket: 3 }, postbackUrl: shop.url })
    const payment = pay(invoice)
    await sync()

    const queued = await listPostbacks(world.store, { networkId: 'sandbox' })
    expect(queued.map((postback) => postback.event).sort()).toEqual(['invoice.paid', 'invoice.seen'])
    const paid = queued.find((postback) => postback.event === 'invoice.paid')!
    expect(paid).toMatchObject({ topic: 'invoice', subject: invoice.id, url: shop.url, state: 'pending' })
    const body = JSON.parse(paid.body) as Record<string, unknown>
    expect(body).toMatchObject({
      id: invoice.id,
      event: 'paid',
      status: 'paid',
      address: invoice.address,
      amount: '4.5000000',
      received: '4.5000000',
      memo: invoice.memo,
      order: 'SO-77',
      data: { basket: 3 },
      network: 'sandbox'
    })
    expect(body.tx_hash).toBe(payment.transfers.at(-1)?.hash)
    expect(body.paid_at).toEqual(expect.any(String))
    // The status page and the postback tell the same story.
    const { event: _event, network: _network, at: _at, ...status } = body
    expect(status).toEqual(JSON.parse(JSON.stringify(await invoices.statusJson(invoice.id))))

    await new PostbackDeliverer({ store: world.store, secret: () => SECRET }).runOnce()
    expect(shop.received.map((got) => got.verified)).toEqual([true, true])
    expect(shop.received.map((got) => (JSON.parse(got.body) as { event: string }).event).sort()).toEqual(['paid', 'seen'])
    expect((await listPostbacks(world.store, { networkId: 'sandbox' })).map((postback) => postback.state)).toEqual(['delivered', 'delivered'])
  })

  it("an invoice without its own URL goes to the shop's postback URL; with neither, nothing is owed", async () => {
    const world = file.openWorld()
    let shopUrl: string | null = shop.url
    const { invoices, sync, pay } = desk(world, () => shopUrl)
    const toShop = await invoices.create({ amount: '1' })
    pay(toShop, 'short')
    await sync()
    expect((await listPostbacks(world.store, { networkId: 'sandbox' })).map((postback) => [postback.subject, postback.event, postback.url])).toEqual([
      [toShop.id, 'invoice.seen', shop.url]
    ])

    shopUrl = null
    const toNobody = await invoices.create({ amount: '1' })
    pay(toNobody)
    await sync()
    expect((await invoices.show(toNobody.id)).status).toBe('paid')
    expect((await listPostbacks(world.store, { networkId: 'sandbox' })).filter((postback) => postback.subject === toNobody.id)).toEqual([])
  })
})
