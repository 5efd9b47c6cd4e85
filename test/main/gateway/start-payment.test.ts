// A web shop starts payments through the gateway, as it would through 0xBTCpay's: JSON-RPC 2.0
// `start_payment` over HTTP on loopback, answered with what to show the customer; each malformed
// request gets its JSON-RPC error (and the sentence), and the app's own refusals come back as
// server errors with their stable code. Nothing refused is written.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { MAX_BODY_BYTES } from '../../../src/main/gateway'
import { ledgerSql, startTestSandbox } from '../../support'
import { openGatewayDesk, SHOP_TOKEN, type GatewayDesk } from './fixture'

let sandbox: RunningSandbox
let desk: GatewayDesk | null = null

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => sandbox?.close())
afterEach(async () => {
  await desk?.close()
  desk = null
})

async function open(): Promise<GatewayDesk> {
  desk = await openGatewayDesk(sandbox)
  return desk
}

const invoices = async (d: GatewayDesk) => ledgerSql(d.services.store).value('SELECT COUNT(*) FROM invoices')

describe('start_payment', () => {
  it('makes an invoice in Pi and answers its id, amount, address, memo, pay URI and where to poll', async () => {
    const d = await open()
    const answer = await d.rpc('start_payment', { amount: '12.5', data: { order_id: '444' }, postback_url: 'https://shop.example/paid', order: 'A-1001', expires_in: 30 }, { id: 111 })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ jsonrpc: '2.0', id: 111 })
    const result = answer.body.result!
    expect(result).toMatchObject({ amount: '12.5000000', address: sandbox.appWallet.publicKey, fiat: null })
    expect(result.id).toMatch(/^inv_[1-9A-HJ-NP-Za-km-z]{20}$/)
    expect(result.memo).toMatch(/^md-[0-9A-Z]{10}$/)
    expect(result.uri).toBe(`web+stellar:pay?destination=${sandbox.appWallet.publicKey}&amount=12.5&memo=${String(result.memo)}&memo_type=MEMO_TEXT`)
    expect(result.status_url).toBe(`${d.url}${String(result.id)}/status.json`)
    expect(result.checkout_url).toBe(`${d.url}${String(result.id)}`)

    // The invoice as the desk keeps it: made by the gateway, with the shop's order, data and postback URL.
    const row = await ledgerSql(d.services.store).get<{ created_by: string; order_ref: string; data_json: string; postback_url: string; amount_stroops: bigint; expires_at: bigint; created_at: bigint }>(
      'SELECT created_by, order_ref, data_json, postback_url, amount_stroops, expires_at, created_at FROM invoices WHERE id = ?',
      result.id
    )
    expect(row).toMatchObject({ created_by: 'gateway', order_ref: 'A-1001', postback_url: 'https://shop.example/paid', amount_stroops: 125_000_000n })
    expect(JSON.parse(row!.data_json)).toEqual({ order_id: '444' })
    expect(Number(row!.expires_at) - Number(row!.created_at)).toBe(30 * 60_000)
    const audit = await ledgerSql(d.services.store).all<{ actor: string; action: string }>("SELECT actor, action FROM audit_log WHERE action IN ('invoice.create', 'gateway.start') ORDER BY seq")
    expect(audit).toEqual([
      { actor: 'amira', action: 'gateway.start' },
      { actor: 'gateway', action: 'invoice.create' }
    ])
  })

  it('makes an invoice from a fiat price at the sandbox rate source\u2019s rate, locked into it', async () => {
    const d = await open()
    const answer = await d.rpc('start_payment', { fiat_amount: '12.50', currency: 'usd', memo: 'shop-order-77' })
    const result = answer.body.result!
    // 12.50 USD at 0.3142 USD per Pi = 39.7835773... Pi, rounded up to the stroop.
    expect(result).toMatchObject({ amount: '39.7835774', memo: 'shop-order-77', fiat: { amount: '12.50', currency: 'USD', rate: '0.3142', pair: 'PI/USD' } })
    const status = await d.rpc('get_payment', { id: result.id })
    expect(status.body.result).toMatchObject({ id: result.id, status: 'new', amount: '39.7835774', fiat: { amount: '12.50', currency: 'USD', rate: '0.3142' } })
  })
})

describe('JSON-RPC errors', () => {
  it('answers each broken request with its standard code and a sentence, and writes nothing', async () => {
    const d = await open()
    const auth = { Authorization: `Bearer ${SHOP_TOKEN}` }
    const cases: Array<[string, Promise<Awaited<ReturnType<GatewayDesk['post']>>>, number, RegExp]> = [
      ['not JSON', d.post('{"jsonrpc": "2.0", ', auth), -32700, /^Parse error: the body is not JSON/],
      ['a batch', d.post(JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'start_payment', params: { amount: '1' } }]), auth), -32600, /batches are not accepted/],
      ['not an object', d.post('"start_payment"', auth), -32600, /^Invalid request/],
      ['no jsonrpc', d.post(JSON.stringify({ id: 1, method: 'start_payment', params: { amount: '1' } }), auth), -32600, /"jsonrpc" must be "2\.0"/],
      ['no id', d.post(JSON.stringify({ jsonrpc: '2.0', method: 'start_payment', params: { amount: '1' } }), auth), -32600, /give the request an "id"/],
      ['params a list', d.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'start_payment', params: ['1'] }), auth), -32600, /"params" must be an object/],
      ['unknown method', d.rpc('refund_payment', { id: 'x' }), -32601, /^Method not found: "refund_payment"/],
      ['neither amount', d.rpc('start_payment', { data: {} }), -32602, /give either amount \(in Pi\) or fiat_amount with currency/],
      ['both amounts', d.rpc('start_payment', { amount: '1', fiat_amount: '1', currency: 'USD' }), -32602, /not both/],
      ['a number amount', d.rpc('start_payment', { amount: 12.5 }), -32602, /amount is a decimal string/],
      ['an unknown param', d.rpc('start_payment', { amount: '1', colour: 'red' }), -32602, /unknown parameter "colour"/],
      ['fiat without currency', d.rpc('start_payment', { fiat_amount: '10' }), -32602, /fiat_amount needs its currency/],
      ['8 decimals', d.rpc('start_payment', { amount: '1.00000001' }), -32602, /7 decimals/],
      ['zero', d.rpc('start_payment', { amount: '0' }), -32602, /more than 0 Pi/],
      ['negative', d.rpc('start_payment', { amount: '-1' }), -32602, /cannot be negative/],
      ['an unknown currency', d.rpc('start_payment', { fiat_amount: '10', currency: 'XYZ' }), -32602, /not a currency code/],
      ['a postback URL that is not http(s)', d.rpc('start_payment', { amount: '1', postback_url: 'javascript:alert(1)' }), -32602, /http:\/\/ or https:\/\//],
      ['a pi payment id as memo', d.rpc('start_payment', { amount: '1', memo: 'A'.repeat(28) }), -32602, /./],
      ['expiry not whole', d.rpc('start_payment', { amount: '1', expires_in: 1.5 }), -32602, /expires_in is a whole number of minutes/],
      ['get_payment without id', d.rpc('get_payment', {}), -32602, /id is the payment id/]
    ]
    const answers = await Promise.all(cases.map(([, answer]) => answer))
    answers.forEach((answer, index) => {
      const [name, , code, sentence] = cases[index]!
      expect(answer.status, name).toBe(200)
      expect(answer.body.error?.code, name).toBe(code)
      expect(answer.body.error?.message, name).toMatch(sentence)
      expect(answer.body.error?.data?.code, name).toMatch(/^[a-z_]+$/)
      expect(answer.body.result, name).toBeUndefined()
    })
    expect(answers[7]!.body.id).toBe(1)
    expect(answers[0]!.body.id).toBeNull()
    expect(await invoices(d)).toBe(0n)
  })

  it('gives the app\u2019s own refusals as server errors with their code: a memo taken, a rate source down, an unknown payment', async () => {
    const d = await open()
    expect((await d.rpc('start_payment', { amount: '1', memo: 'order-1' })).body.result).toBeDefined()
    const taken = await d.rpc('start_payment', { amount: '2', memo: 'order-1' })
    expect(taken.body.error).toMatchObject({ code: -32000, data: { code: 'memo_taken' } })
    expect(taken.body.error?.message).toMatch(/order-1/)

    sandbox.rates.setOutage('server_error')
    try {
      const down = await d.rpc('start_payment', { fiat_amount: '5', currency: 'EUR' })
      expect(down.body.error).toMatchObject({ code: -32000, data: { code: 'rate_source_down' } })
      expect(down.body.error?.message).toMatch(/no fiat invoice can be made now/)
    } finally {
      sandbox.rates.reset()
    }

    const unknown = await d.rpc('get_payment', { id: 'inv_1111111111111111111z' })
    expect(unknown.body.error).toMatchObject({ code: -32004, data: { code: 'invoice_not_found' } })
    expect(await invoices(d)).toBe(1n)
  })

  it('refuses a body over 64 KiB before parsing it', async () => {
    const d = await open()
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'start_payment', params: { amount: '1', data: 'x'.repeat(MAX_BODY_BYTES) } })
    const answer = await d.post(big, { Authorization: `Bearer ${SHOP_TOKEN}` })
    expect(answer.status).toBe(413)
    expect(answer.body.error).toMatchObject({ code: -32600, data: { code: 'request_too_large' } })
    expect(await invoices(d)).toBe(0n)
  })
})
