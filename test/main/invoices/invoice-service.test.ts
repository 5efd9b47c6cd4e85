// Making, listing, showing and cancelling invoices (both engines): bad input refused with a
// sentence and nothing saved; a fiat price converted at a rate locked into the invoice; every
// action audited with its person.
import { describe, expect, it } from 'vitest'
import { isUserFacingError } from '../../../src/shared/errors'
import { addPerson, DeskSession } from '../../../src/main/people'
import { InvoiceService } from '../../../src/main/invoices'
import { coinGeckoRates } from '../../../src/main/rates'
import { invoiceFile, rowCount, type InvoiceWorld } from './fixture'

const file = invoiceFile()

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught
  )
  if (!isUserFacingError(error)) throw new Error(`expected a UserFacingError, got ${String(error)}`)
  return { code: error.code, message: error.message }
}

async function nothingSaved(world: InvoiceWorld): Promise<void> {
  expect(await rowCount(world.store, 'invoices')).toBe(0)
  expect(await rowCount(world.store, 'invoice_events')).toBe(0)
}

describe('creating an invoice in Pi', () => {
  it('keeps amount, memo, address, expiry, order and data, with a SEP-0007 URI, the created event and an audit entry', async () => {
    const world = file.openWorld()
    const before = file.sandbox().chain.now().getTime()
    const invoice = await world.invoices.create({ amount: '12.5', order: 'A-1', data: { cart: [1, 2] }, expiresInMinutes: 30, postbackUrl: 'https://shop.example/hook' })
    expect(invoice.id).toMatch(/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/)
    expect(invoice.memo).toMatch(/^md-[0-9A-HJKMNP-TV-Z]{10}$/)
    expect(invoice).toMatchObject({ status: 'new', amount: '12.5000000', received: '0.0000000', address: world.appWallet, order: 'A-1', data: { cart: [1, 2] }, postbackUrl: 'https://shop.example/hook', fiat: null, createdBy: 'amira' })
    expect(new Date(invoice.expiresAt).getTime() - new Date(invoice.createdAt).getTime()).toBe(30 * 60_000)
    expect(new Date(invoice.createdAt).getTime()).toBeGreaterThanOrEqual(before)
    expect(invoice.uri).toBe(`web+stellar:pay?destination=${world.appWallet}&amount=12.5&memo=${invoice.memo}&memo_type=MEMO_TEXT`)
    expect(invoice.events.map((event) => event.kind)).toEqual(['created'])
    const audit = await world.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'invoice.create').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'amira', subject: invoice.id })
  })

  it('URL-encodes a memo the shop chose in the URI', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '1', memo: 'Order #12 & co' })
    expect(invoice.uri).toContain('memo=Order%20%2312%20%26%20co&memo_type=MEMO_TEXT')
  })

  it.each([
    ['8 decimals', '1.00000001', 'too_many_decimals'],
    ['zero', '0', 'amount_not_positive'],
    ['a negative amount', '-1', 'amount_negative'],
    ['words', 'twelve', 'invalid_amount']
  ])('refuses %s, saving nothing', async (_name, amount, code) => {
    const world = file.openWorld()
    const refused = await refusal(world.invoices.create({ amount }))
    expect(refused.code).toBe(code)
    await nothingSaved(world)
  })

  it.each([
    ['a memo longer than 28 bytes', 'x'.repeat(29), 'invalid_memo'],
    ['a memo with an accent', 'café', 'invalid_memo'],
    ["a memo shaped like a Pi payment id", 'a'.repeat(14) + 'B'.repeat(14), 'invalid_memo'],
    ['a postback URL that is not http(s)', 'ok', 'invalid_input']
  ])('refuses %s, saving nothing', async (name, memo, code) => {
    const world = file.openWorld()
    const input = name.startsWith('a postback') ? { amount: '1', postbackUrl: 'file:///etc/passwd' } : { amount: '1', memo }
    const refused = await refusal(world.invoices.create(input))
    expect(refused.code).toBe(code)
    expect(refused.message).toMatch(/Nothing was saved\.$/)
    await nothingSaved(world)
  })

  it('refuses both an amount and a fiat price at once, or neither', async () => {
    const world = file.openWorld()
    expect((await refusal(world.invoices.create({ amount: '1', fiatAmount: '2', currency: 'USD' } as never))).code).toBe('invalid_input')
    expect((await refusal(world.invoices.create({} as never))).code).toBe('invalid_input')
    await nothingSaved(world)
  })

  it('refuses a memo another invoice of the network has (memo_taken), saving nothing', async () => {
    const world = file.openWorld()
    await world.invoices.create({ amount: '1', memo: 'TABLE-7' })
    const refused = await refusal(world.invoices.create({ amount: '2', memo: 'TABLE-7' }))
    expect(refused.code).toBe('memo_taken')
    expect(await rowCount(world.store, 'invoices')).toBe(1)
    expect(await rowCount(world.store, 'invoice_events')).toBe(1)
  })
})

describe('an invoice in fiat', () => {
  it('converts at the rate of the moment, rounded up to the stroop, and keeps rate, pair, source and time, never recomputed', async () => {
    const world = file.openWorld()
    const sandbox = file.sandbox()
    sandbox.rates.setRate('usd', 0.3)
    const invoice = await world.invoices.create({ fiatAmount: '10', currency: 'usd' })
    // 10 / 0.3 = 33.333333333... Pi: up to 33.3333334.
    expect(invoice.amount).toBe('33.3333334')
    const source = new URL(sandbox.platformUrl).host
    expect(invoice.fiat).toMatchObject({ amount: '10', currency: 'USD', rate: '0.3', pair: 'PI/USD', source })
    expect(Math.abs(new Date(invoice.fiat?.rateAt ?? 0).getTime() - (sandbox.chain.now().getTime() - 30_000))).toBeLessThan(2_000)
    // The rate moves; the invoice does not.
    sandbox.rates.setRate('usd', 0.5)
    const again = await world.invoices.show(invoice.id)
    expect(again.amount).toBe('33.3333334')
    expect(again.fiat?.rate).toBe('0.3')
    const json = await world.invoices.statusJson(invoice.id)
    expect(json?.fiat).toEqual({ amount: '10', currency: 'USD', rate: '0.3', pair: 'PI/USD', source, rate_at: again.fiat?.rateAt })
  })

  it("refuses more decimals than the currency has (JPY has none)", async () => {
    const world = file.openWorld()
    expect((await refusal(world.invoices.create({ fiatAmount: '100.5', currency: 'JPY' }))).code).toBe('too_many_decimals')
    expect((await refusal(world.invoices.create({ fiatAmount: '1.005', currency: 'USD' }))).code).toBe('too_many_decimals')
    await nothingSaved(world)
  })

  it.each([
    ['an unknown currency', 'XYZ', 'currency_unknown', () => undefined],
    ['a currency the source does not price', 'CHF', 'rate_unavailable', () => undefined],
    ['a stale rate', 'USD', 'rate_stale', (world: InvoiceWorld) => void world],
    ['a source that answers 500', 'USD', 'rate_source_down', () => file.sandbox().rates.setOutage('server_error')],
    ['a source behind an HTML error page', 'USD', 'rate_source_down', () => file.sandbox().rates.setOutage('html')],
    ['a rate-limited source', 'USD', 'rate_source_down', () => file.sandbox().rates.setOutage('rate_limited')]
  ])('refuses %s, saving nothing', async (name, currency, code, arrange) => {
    const world = file.openWorld()
    if (name === 'a stale rate') file.sandbox().rates.setAge(11 * 60_000)
    arrange(world)
    const refused = await refusal(world.invoices.create({ fiatAmount: '5', currency }))
    expect(refused.code).toBe(code)
    expect(refused.message).toMatch(/Nothing was saved\.$/)
    await nothingSaved(world)
  })

  it('refuses a source that does not answer at all', async () => {
    const world = file.openWorld()
    const service = new InvoiceService({
      store: world.store,
      actor: () => 'amira',
      networkId: () => 'sandbox',
      appWallet: async () => world.appWallet,
      rates: async () => coinGeckoRates({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 })
    })
    expect((await refusal(service.create({ fiatAmount: '5', currency: 'USD' }))).code).toBe('rate_source_down')
    await nothingSaved(world)
  })
})

describe('listing, showing and cancelling', () => {
  it('lists newest first, filters by status, and shows one with its timeline', async () => {
    const world = file.openWorld()
    const first = await world.invoices.create({ amount: '1' })
    file.sandbox().chain.advanceTime(1_000)
    const second = await world.invoices.create({ amount: '2' })
    await world.invoices.cancel(first.id)
    expect((await world.invoices.list()).map((invoice) => invoice.id)).toEqual([second.id, first.id])
    expect((await world.invoices.list({ status: 'cancelled' })).map((invoice) => invoice.id)).toEqual([first.id])
    const shown = await world.invoices.show(first.id)
    expect(shown.events.map((event) => event.kind)).toEqual(['created', 'cancelled'])
    expect(shown).toMatchObject({ status: 'cancelled', cancelledBy: 'amira' })
    expect(world.heard.map((entry) => entry.event)).toEqual(['cancelled'])
    expect((await refusal(world.invoices.show('inv_11111111111111111111'))).code).toBe('invoice_not_found')
    expect(await world.invoices.statusJson('inv_11111111111111111111')).toBeNull()
    expect(await world.invoices.statusJson('../../etc')).toBeNull()
  })

  it('refuses to cancel an invoice something was paid to: refund instead', async () => {
    const world = file.openWorld()
    const invoice = await world.invoices.create({ amount: '3' })
    world.pay(invoice, 'short')
    await world.sync().run()
    const refused = await refusal(world.invoices.cancel(invoice.id))
    expect(refused.code).toBe('invoice_paid')
    expect(refused.message).toContain('refund')
    expect((await world.invoices.show(invoice.id)).status).toBe('partially_paid')
    expect(await world.store.db.selectFrom('audit_log').select('seq').where('action', '=', 'invoice.cancel').execute()).toHaveLength(0)
  })

  it("follows the person's role: an accountant may list but not create or cancel", async () => {
    const world = file.openWorld()
    const cheap = { N: 2 ** 10, r: 8, p: 1 } as const
    await addPerson(world.store, 'test', { name: 'Olu', role: 'owner', secret: 'shop-owner-2030' }, cheap)
    await addPerson(world.store, 'test', { name: 'Ada', role: 'accountant', secret: 'ledger-ada-2030' }, cheap)
    const session = new DeskSession({ store: world.store, ownerName: 'owner' })
    await session.unlock('Ada', 'ledger-ada-2030')
    const service = new InvoiceService({ store: world.store, actor: () => 'owner', session, networkId: () => 'sandbox', appWallet: async () => world.appWallet, rates: async () => coinGeckoRates({ baseUrl: file.sandbox().platformUrl }) })
    expect(await service.list()).toEqual([])
    expect((await refusal(service.create({ amount: '1' }))).code).toBe('not_allowed')
    // The gateway makes invoices in its own name, whoever works at the desk.
    const made = await service.create({ amount: '1' }, { via: 'gateway' })
    expect(made.createdBy).toBe('gateway')
  })
})
