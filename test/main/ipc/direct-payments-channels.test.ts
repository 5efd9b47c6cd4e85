// The invoices:*, postbacks:* and gateway:* channels as the window calls them, through the router:
// input checked at the door, the answer the screens read (an invoice with its pay URI, the list by
// status, the deliveries list), the services' sentences passed through, and each channel's need of
// the person working: anyone who reads lists invoices and postbacks; making and cancelling an
// invoice or sending a postback again is queue work (staff, not accountant); only an owner
// switches the shop's gateway.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { queuePostback } from '../../../src/main/postbacks'
import type { InvoiceView } from '../../../src/shared/contract'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 } as const
let services: MainServices
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-invoice-channels-'))
  services = await createMainServices({
    databasePath: join(dir, 'ledger.sqlite'),
    version: 'test',
    sandbox: { payments: 0 },
    personSecretCost: CHEAP,
    scryptCost: CHEAP,
    actor: 'desktop',
    gatewayToken: () => 'a-shop-token-long-enough-0001',
    postbackSecret: () => null
  })
  await services.workspace()
}, 60_000)

afterAll(async () => {
  await services.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('direct payments over IPC', () => {
  it('makes, lists by status, shows and cancels an invoice', async () => {
    const made = await services.router.call('invoices:create', { amount: '3.25', order: 'SO-7' })
    expect(made).toMatchObject({ ok: true, value: { status: 'new', amount: '3.2500000', received: '0.0000000', order: 'SO-7', createdBy: 'desktop' } })
    const invoice = (made as { ok: true; value: InvoiceView }).value
    expect(invoice.uri).toBe(`web+stellar:pay?destination=${invoice.address}&amount=3.25&memo=${invoice.memo}&memo_type=MEMO_TEXT`)
    expect(invoice.events.map((event) => event.kind)).toEqual(['created'])

    expect(await services.router.call('invoices:list', { status: 'new' })).toMatchObject({ ok: true, value: [{ id: invoice.id }] })
    expect(await services.router.call('invoices:list', { status: 'paid' })).toEqual({ ok: true, value: [] })
    expect(await services.router.call('invoices:show', { id: invoice.id })).toMatchObject({ ok: true, value: { id: invoice.id, payments: [] } })
    expect(await services.router.call('invoices:cancel', { id: invoice.id })).toMatchObject({ ok: true, value: { status: 'cancelled', cancelledBy: 'desktop' } })
    expect(await services.router.call('invoices:cancel', { id: invoice.id })).toMatchObject({ ok: false, error: { code: 'invoice_cancelled' } })
  })

  it('refuses bad input with a sentence and writes nothing', async () => {
    const before = await services.invoices.list()
    expect(await services.router.call('invoices:create', { amount: '1.00000001' })).toMatchObject({ ok: false, error: { code: 'too_many_decimals' } })
    expect(await services.router.call('invoices:create', { amount: '1', currency: 'USD' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await services.router.call('invoices:show', { id: 'inv_0OIl' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await services.router.call('invoices:show', { id: 'inv_11111111111111111111' })).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } })
    expect(await services.router.call('invoices:list', { status: 'lost' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await services.invoices.list()).toHaveLength(before.length)
  })

  it("lists an invoice's postbacks with why none is sent yet, and refuses to send a pending one again", async () => {
    const made = await services.router.call('invoices:create', { amount: '1' })
    const id = made.ok ? made.value.id : ''
    const postback = await queuePostback(services.store, { networkId: 'sandbox', topic: 'invoice', subject: id, event: 'seen', url: 'http://127.0.0.1:9/hook', body: '{}' })
    const listed = await services.router.call('postbacks:list', { topic: 'invoice', subject: id })
    expect(listed).toMatchObject({ ok: true, value: { items: [{ id: postback, subject: id, state: 'pending', attempts: 0 }] } })
    expect(listed.ok ? listed.value.paused : null).toContain('no postback secret is set')
    expect(await services.router.call('postbacks:list', { subject: 'inv_none' })).toMatchObject({ ok: true, value: { items: [] } })
    expect(await services.router.call('postbacks:list', { topic: 'order' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await services.router.call('postbacks:redeliver', { id: postback })).toMatchObject({ ok: false })
    expect(await services.router.call('gateway:status', undefined)).toMatchObject({ ok: true, value: { running: false, tokenConfigured: true } })
  })

  it('lets anyone who reads list and show invoices, and only queue workers make or cancel them', async () => {
    const open = await services.router.call('invoices:create', { amount: '2' })
    const id = open.ok ? open.value.id : ''
    expect(await services.router.call('people:add', { name: 'Olga', role: 'owner', secret: '4242' })).toMatchObject({ ok: true })
    expect(await services.router.call('people:unlock', { name: 'Olga', secret: '4242' })).toMatchObject({ ok: true })
    expect(await services.router.call('people:add', { name: 'Alex', role: 'accountant', secret: '2222' })).toMatchObject({ ok: true })
    expect(await services.router.call('people:add', { name: 'Sam', role: 'staff', secret: '1111' })).toMatchObject({ ok: true })

    expect(await services.router.call('people:unlock', { name: 'Alex', secret: '2222' })).toMatchObject({ ok: true })
    expect(await services.router.call('invoices:list', undefined)).toMatchObject({ ok: true })
    expect(await services.router.call('invoices:show', { id })).toMatchObject({ ok: true, value: { id } })
    const refused = await services.router.call('invoices:create', { amount: '1' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    expect(refused.ok ? '' : refused.error.message).toContain('Alex')
    expect(await services.router.call('invoices:cancel', { id })).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    expect(await services.router.call('postbacks:list', undefined)).toMatchObject({ ok: true })
    expect(await services.router.call('postbacks:redeliver', { id: 1 })).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    expect(await services.router.call('gateway:status', undefined)).toMatchObject({ ok: true })
    expect(await services.router.call('gateway:start', { port: 0 })).toMatchObject({ ok: false, error: { code: 'not_allowed' } })

    expect(await services.router.call('people:unlock', { name: 'Sam', secret: '1111' })).toMatchObject({ ok: true })
    expect(await services.router.call('invoices:create', { amount: '1' })).toMatchObject({ ok: true, value: { createdBy: 'Sam' } })
    expect(await services.router.call('invoices:cancel', { id })).toMatchObject({ ok: true, value: { status: 'cancelled', cancelledBy: 'Sam' } })
    expect(await services.router.call('gateway:start', { port: 0 })).toMatchObject({ ok: false, error: { code: 'not_allowed' } })

    expect(await services.router.call('people:unlock', { name: 'Olga', secret: '4242' })).toMatchObject({ ok: true })
    const started = await services.router.call('gateway:start', { port: 0 })
    expect(started).toMatchObject({ ok: true, value: { running: true, host: '127.0.0.1', startedBy: 'Olga' } })
    expect(await services.router.call('gateway:stop', undefined)).toMatchObject({ ok: true, value: { running: false } })
  })
})
