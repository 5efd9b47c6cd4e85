// The Invoices page and the customer view end to end in Chromium, over the app's own embedded
// sandbox with live mode on (as the desktop app runs at the counter): the merchant makes an
// invoice, sees its QR code beside the address, amount and memo in large type, turns the window
// to the customer, and a sandbox buyer pays it with a REAL signed transaction; the customer view
// turns to "Paid" with no click. A short payment shows "partially paid" with what arrived; a fiat
// price shows its locked rate; a stale rate is refused in words; an unpaid invoice is cancelled.
// Postback deliveries: a shop that answers 500, then 200, each attempt listed, and Redeliver.
// Settings switches the shop's gateway on, whose public status JSON tells the paid invoice, and off.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import { queuePostback, SIGNATURE_HEADER, verifyPostbackSignature } from '../../src/main/postbacks'
import type { PreviewServer } from '../../src/preview/server'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer, payInvoice, type InvoicePaymentKind } from '../../src/sandbox/buyer'
import { parseHorizonAmount } from '../../src/shared/money'
import { horizontalOverflow } from './layout'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

let preview: PreviewBrowser
let services: MainServices
let server: PreviewServer
let page: Page
let sandbox: RunningSandbox
const live = new AbortController()
let buyers = 0
// The shop's backend: answers 500 to the first postback, then 200, checking every signature.
const POSTBACK_SECRET = 'shop-postback-secret-for-the-browser-test'
const shopHeard: Array<{ readonly status: number; readonly signed: boolean }> = []
let shop: Server
let shopUrl: string
let paidInvoice = ''

beforeAll(async () => {
  // The desk reads its postback secret from its environment, as the desktop app does.
  process.env.MERCHANT_DESK_POSTBACK_SECRET = POSTBACK_SECRET
  process.env.MERCHANT_DESK_GATEWAY_TOKEN = 'the-shop-gateway-token-0123456789'
  shop = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      const header = request.headers[SIGNATURE_HEADER.toLowerCase()]
      const status = shopHeard.length === 0 ? 500 : 200
      shopHeard.push({ status, signed: verifyPostbackSignature(POSTBACK_SECRET, typeof header === 'string' ? header : undefined, body).ok })
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down for a moment')
    })
  })
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/pi-postback`
  preview = await openPreviewBrowser({ width: 1280, height: 860, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
  ;({ services, server, page } = preview)
  sandbox = services.sandbox()!.sandbox
  // Live mode exactly as the composition root starts it in the desktop app: Horizon's payment
  // stream, each burst stored and invoices settled, then `ledger:changed` for the window.
  const engine = (await services.workspace()).sync()
  void engine.follow({
    signal: live.signal,
    onChange: () => services.events.emit('ledger:changed', { reason: 'live' }),
    onError: (error) => preview.problems.push(`live: ${String(error)}`)
  })
}, 180_000)

afterAll(async () => {
  live.abort()
  await preview?.close()
  await new Promise((resolve) => shop?.close(resolve))
  delete process.env.MERCHANT_DESK_POSTBACK_SECRET
  delete process.env.MERCHANT_DESK_GATEWAY_TOKEN
})

/** A walk-in customer with a funded wallet on the sandbox's ledger pays what the screen shows. */
async function customerPays(kind: InvoicePaymentKind): Promise<string> {
  buyers += 1
  const customer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `walkin${buyers}` })
  const address = (await page.locator('[data-pay-address]').first().getAttribute('data-pay-address'))!
  const amount = (await page.locator('[data-pay-amount]').first().getAttribute('data-pay-amount'))!
  const memo = (await page.locator('[data-pay-memo]').first().getAttribute('data-pay-memo'))!
  const payment = payInvoice(customer, { address, amount: parseHorizonAmount(amount), memo }, kind)
  const sent = payment.transfers[0]!
  expect(sent.outcome.kind).toBe('applied')
  return sent.hash!
}

async function openInvoices(): Promise<void> {
  await page.goto(`${server.url}#/invoices`)
  await page.locator('[data-invoice-form]').waitFor()
}

async function makeInvoice(fields: { readonly amount?: string; readonly fiat?: { readonly price: string; readonly currency: string }; readonly order?: string }): Promise<string> {
  if (fields.fiat) {
    await page.locator('label:has([data-price-kind="fiat"])').click()
    await page.locator('[data-invoice-fiat-amount]').fill(fields.fiat.price)
    await page.locator('[data-invoice-currency]').fill(fields.fiat.currency)
  } else {
    await page.locator('label:has([data-price-kind="pi"])').click()
    await page.locator('[data-invoice-amount]').fill(fields.amount ?? '')
  }
  if (fields.order) await page.locator('[data-invoice-order]').fill(fields.order)
  await page.locator('[data-create-invoice]').click()
  const detail = page.locator('[data-invoice-detail]')
  await detail.waitFor()
  return (await detail.getAttribute('data-invoice-detail'))!
}

async function fontSizePx(selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((element) => Number.parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(element).fontSize))
}

describe('invoices', () => {
  it('makes an invoice in Pi and shows its QR code beside the address, amount and memo in large type', async () => {
    await openInvoices()
    expect(await page.locator('[data-empty-state]').textContent()).toContain('No invoices yet')
    const id = await makeInvoice({ amount: '12.5', order: 'SO-42' })
    expect(id).toMatch(/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/)
    expect(await page.locator('.banner--success').textContent()).toContain('Invoice made: 12.50 π')

    const qr = page.locator('[data-invoice-qr] img')
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    const uri = (await qr.getAttribute('data-qr-uri'))!
    const memo = (await page.locator('[data-pay-memo]').getAttribute('data-pay-memo'))!
    expect(memo).toMatch(/^md-[0-9A-HJKMNP-TV-Z]{10}$/)
    expect(uri).toBe(`web+stellar:pay?destination=${preview.appWallet}&amount=12.5&memo=${memo}&memo_type=MEMO_TEXT`)
    // The bare values beside it, in large type, for a wallet that scans only addresses.
    expect(await page.locator('[data-pay-amount]').textContent()).toBe('12.5 π')
    expect(await page.locator('[data-pay-memo]').textContent()).toBe(memo)
    expect(await page.locator('[data-pay-address]').textContent()).toBe(preview.appWallet)
    expect(await fontSizePx('[data-pay-amount]')).toBeGreaterThanOrEqual(28)
    expect(await fontSizePx('[data-pay-memo]')).toBeGreaterThanOrEqual(28)
    expect(await page.locator('[data-invoice-status]').getAttribute('data-invoice-status')).toBe('new')
    expect(await page.locator('[data-invoice-timeline] [data-event]').evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { event: string } }).dataset.event))).toEqual(['created'])
    await page.screenshot({ path: '/tmp/md-invoice.png', fullPage: true })
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
  })

  it('turns the window to the customer, and says "Paid" as soon as a real signed payment arrives', async () => {
    await page.locator('[data-show-customer]').click()
    const view = page.locator('[data-customer-view]')
    await view.waitFor()
    expect(await view.getAttribute('data-status')).toBe('new')
    expect(await view.locator('[data-customer-status]').textContent()).toContain('Waiting for your payment of 12.5 π')
    expect(await view.locator('[data-invoice-qr] img').count()).toBe(1)
    // The whole window: nothing of the back office shows around it.
    const box = (await view.boundingBox())!
    expect(box.width).toBe(1280)
    expect(box.height).toBe(860)
    await page.screenshot({ path: '/tmp/md-customer-waiting.png' })
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })

    paidInvoice = (await view.getAttribute('data-customer-view'))!
    const hash = await customerPays('exact')
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 20_000 }).toBe('paid')
    expect(await view.locator('[data-paid]').textContent()).toContain('Paid')
    expect(await fontSizePx('[data-paid]')).toBeGreaterThanOrEqual(64)
    expect(await view.textContent()).toContain('12.5 π received. Thank you!')
    await page.screenshot({ path: '/tmp/md-customer-paid.png' })

    // Escape gives the window back: the detail now lists the payment and the timeline its events.
    await page.keyboard.press('Escape')
    await expect.poll(() => view.count()).toBe(0)
    const payment = page.locator(`[data-invoice-payments] [data-payment-tx="${hash}"]`)
    await payment.waitFor()
    expect(await payment.locator('[data-payment-amount]').getAttribute('data-payment-amount')).toBe('12.5000000')
    expect(await payment.textContent()).toContain(hash.slice(0, 8))
    const events = await page.locator('[data-invoice-timeline] [data-event]').evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { event: string } }).dataset.event))
    expect(events).toEqual(expect.arrayContaining(['created', 'seen', 'payment', 'paid']))
    expect(await page.locator('[data-cancel-invoice]').count()).toBe(0)
  })

  it('shows a short payment as partially paid, with what arrived and what is still to pay', async () => {
    await openInvoices()
    await makeInvoice({ amount: '10' })
    await page.locator('[data-show-customer]').click()
    const view = page.locator('[data-customer-view]')
    await view.waitFor()
    await customerPays('short')
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 20_000 }).toBe('partially_paid')
    expect(await view.locator('[data-customer-status]').textContent()).toBe('Partially paid: 9 π received, 1 π still to pay')
    expect(await view.locator('[data-paid]').count()).toBe(0)
    // Still payable: the QR code and the memo stay for the rest.
    expect(await view.locator('[data-invoice-qr] img').count()).toBe(1)
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-invoice-received]').textContent()).toContain('9.00 of 10.00 π received, 1 π still to pay')
  })

  it('makes a fiat invoice at the rate of the moment and shows the locked rate, pair, source and time', async () => {
    await openInvoices()
    await makeInvoice({ fiat: { price: '5', currency: 'usd' } })
    const rate = page.locator('[data-invoice-rate]')
    await rate.waitFor()
    expect(await rate.locator('[data-fiat-price]').textContent()).toBe('5 USD')
    expect(await rate.locator('[data-fiat-rate]').getAttribute('data-fiat-rate')).toBe('0.3142')
    expect(await rate.locator('[data-fiat-pair]').textContent()).toBe('PI/USD')
    expect(await rate.locator('[data-fiat-source]').textContent()).toContain('127.0.0.1')
    expect(await rate.locator('[data-fiat-rate-at]').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
    // 5 / 0.3142 = 15.91343093… Pi, rounded UP to the stroop.
    expect(await page.locator('[data-pay-amount]').getAttribute('data-pay-amount')).toBe('15.913431')
    expect(await page.locator('[data-pay-fiat]').textContent()).toBe('for 5 USD, at 1 π = 0.3142 USD')
  })

  it('refuses a fiat invoice on a stale rate, saying why, and makes nothing', async () => {
    await openInvoices()
    const before = await services.invoices.list()
    sandbox.rates.setAge(20 * 60_000)
    try {
      await page.locator('label:has([data-price-kind="fiat"])').click()
      await page.locator('[data-invoice-fiat-amount]').fill('3')
      await page.locator('[data-create-invoice]').click()
      const refusal = page.locator('[data-invoice-form] .banner--error')
      await refusal.waitFor()
      expect(await refusal.textContent()).toMatch(/rate/i)
      expect(await page.locator('[data-invoice-detail]').count()).toBe(0)
      expect(await services.invoices.list()).toHaveLength(before.length)
    } finally {
      sandbox.rates.reset()
    }
  })

  it('refuses a postback URL that is not http(s), under its field, and makes nothing', async () => {
    await openInvoices()
    const before = await services.invoices.list()
    await page.locator('label:has([data-price-kind="pi"])').click()
    await page.locator('[data-invoice-amount]').fill('4')
    await page.locator('.invoice-form__more summary').click()
    await page.locator('[data-invoice-postback-url]').fill('ftp://shop.example/hook')
    await page.locator('[data-create-invoice]').click()
    const refusal = page.locator('.field:has([data-invoice-postback-url]) [data-field-error]')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('The postback URL must be an http:// or https:// address')
    expect(await page.locator('[data-invoice-postback-url]').getAttribute('aria-invalid')).toBe('true')
    expect(await services.invoices.list()).toHaveLength(before.length)

    // Corrected, the invoice keeps it and its page says who is told.
    await page.locator('[data-invoice-postback-url]').fill(shopUrl)
    await page.locator('[data-create-invoice]').click()
    await page.locator('[data-invoice-detail]').waitFor()
    // Left waiting: any event of it would be a postback of its own to the shop (see the deliveries test).
    await expect.poll(() => page.locator('[data-invoice-postbacks]').textContent()).toContain(`None yet: ${shopUrl} is told when the invoice is seen, paid`)
  })

  it('cancels an unpaid invoice, and filters the list by status', async () => {
    await openInvoices()
    const id = await makeInvoice({ amount: '1.25', order: 'to cancel' })
    await page.locator('[data-cancel-invoice]').click()
    await page.locator('[data-confirm-cancel]').click()
    await expect.poll(() => page.locator('[data-invoice-detail]').getAttribute('data-status')).toBe('cancelled')
    expect(await page.locator('[data-invoice-timeline]').textContent()).toContain('Cancelled')

    await page.locator('[data-back-to-invoices]').click()
    await page.locator('[data-invoices-table]').waitFor()
    expect(await page.locator('[data-invoice-row]').count()).toBe(5)
    await page.locator('[data-invoice-filter]').selectOption('paid')
    await expect.poll(() => page.locator('[data-invoice-row]').count()).toBe(1)
    expect(await page.locator('[data-invoice-row]').getAttribute('data-status')).toBe('paid')
    await page.locator('[data-invoice-filter]').selectOption('cancelled')
    await expect.poll(() => page.locator('[data-invoice-row]').getAttribute('data-invoice-row')).toBe(id)
    await page.locator('[data-invoice-filter]').selectOption('refunded')
    await expect.poll(() => page.locator('[data-empty-state] h2').textContent()).toBe('No invoice is refunded')
  })

  it('lists postback deliveries with every attempt and the next try, and redelivers one', async () => {
    // What the settlement hook journals when the invoice is paid (the composition root wires it).
    const status = await services.invoices.statusJson(paidInvoice)
    const id = await queuePostback(services.store, { networkId: 'sandbox', topic: 'invoice', subject: paidInvoice, event: 'paid', url: shopUrl, body: JSON.stringify({ ...status, event: 'paid' }) })
    expect((await services.postbacks.deliverer.runOnce()).retrying).toBe(1)

    await page.goto(`${server.url}#/postbacks`)
    const row = page.locator(`[data-postback-row="${id}"]`)
    await row.waitFor()
    expect(await row.getAttribute('data-state')).toBe('pending')
    expect(await row.locator('[data-postback-event]').textContent()).toBe('paid')
    expect(await row.locator('[data-postback-url]').textContent()).toBe(`to ${shopUrl}`)
    expect(await row.locator('[data-postback-attempts] li').evaluateAll((items) => items.map((item) => (item as unknown as { textContent: string }).textContent))).toEqual([
      expect.stringMatching(/ 500$/)
    ])
    expect(await row.locator('[data-next-try]').textContent()).toMatch(/^Next try \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(await row.locator('[data-redeliver]').count()).toBe(0)

    // The retry falls due; the shop answers 200. The list follows by itself while one is pending.
    await services.store.db.updateTable('postbacks').set({ next_attempt_at: Date.now() }).where('id', '=', BigInt(id)).execute()
    expect((await services.postbacks.deliverer.runOnce()).delivered).toBe(1)
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('delivered')
    expect(await row.locator('[data-postback-attempts]').getAttribute('data-postback-attempts')).toBe('2')
    expect(await row.locator('[data-postback-attempts] li').last().textContent()).toMatch(/ 200 OK$/)
    await page.screenshot({ path: '/tmp/md-postbacks.png', fullPage: true })
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })

    // Redeliver: pending again at once (same body, new signature), then delivered a second time.
    await row.locator('[data-redeliver]').click()
    await expect.poll(() => row.getAttribute('data-state')).toBe('pending')
    expect(await page.textContent('main')).toContain(`Postback ${id} is being sent again`)
    expect((await services.postbacks.deliverer.runOnce()).delivered).toBe(1)
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('delivered')
    expect(await row.locator('[data-postback-attempts]').getAttribute('data-postback-attempts')).toBe('3')
    expect(shopHeard).toEqual([
      { status: 500, signed: true },
      { status: 200, signed: true },
      { status: 200, signed: true }
    ])
    const audit = await services.store.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'postback.redeliver').execute()
    expect(audit).toEqual([{ action: 'postback.redeliver', subject: paidInvoice }])

    // The invoice's own page lists it too.
    await page.goto(`${server.url}#/invoices/${paidInvoice}`)
    await page.locator(`[data-invoice-postbacks="1"] [data-postback-row="${id}"]`).waitFor()
  })

  it('switches the shop gateway on in Settings, where the shop reads the paid invoice, and off', async () => {
    await page.goto(`${server.url}#/settings`)
    const card = page.locator('[data-gateway-card]')
    await expect.poll(() => card.getAttribute('data-gateway-card')).toBe('stopped')
    expect(await card.textContent()).toContain('The shop token is set (MERCHANT_DESK_GATEWAY_TOKEN).')
    expect(await card.textContent()).not.toContain('the-shop-gateway-token')
    await card.locator('[data-gateway-port]').fill('0')
    await card.locator('[data-gateway-start]').click()
    await expect.poll(() => card.getAttribute('data-gateway-card')).toBe('running')
    const url = (await card.locator('[data-gateway-url]').textContent())!
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const answer = await fetch(new URL(`${paidInvoice}/status.json`, url))
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ id: paidInvoice, status: 'paid', amount: '12.5000000', received: '12.5000000' })
    await card.locator('[data-gateway-stop]').click()
    await expect.poll(() => card.getAttribute('data-gateway-card')).toBe('stopped')
    await expect(fetch(new URL(`${paidInvoice}/status.json`, url))).rejects.toThrow()
  })

  it('logged no console error, failed request or CSP violation', async () => {
    expect(preview.problems).toEqual([])
    expect(await preview.cspViolations()).toEqual([])
  })
})
