// Security: only the shop starts payments. A request without the token, with a wrong one, or from
// an address the allow list does not name is refused (401 / 403, with a JSON-RPC error saying
// what to do) before its body is read: no invoice, no audit entry, nothing in the ledger. The
// public routes (status.json, the checkout page) need neither, and CORS opens only those.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
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

/** Rows of every table a start_payment writes to, and the audit log. */
async function written(d: GatewayDesk): Promise<Record<string, bigint | undefined>> {
  const sql = ledgerSql(d.services.store)
  return {
    invoices: await sql.value<bigint>('SELECT COUNT(*) FROM invoices'),
    events: await sql.value<bigint>('SELECT COUNT(*) FROM invoice_events'),
    audit: await sql.value<bigint>('SELECT COUNT(*) FROM audit_log')
  }
}

describe('the shop\u2019s token', () => {
  it('refuses no token, a wrong one, one of another scheme and one that only starts right, and writes nothing', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    const before = await written(d)
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'start_payment', params: { amount: '1' } })
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: 'Bearer wrong-token-0123456789abcdef' },
      { Authorization: `Basic ${Buffer.from(`shop:${SHOP_TOKEN}`).toString('base64')}` },
      { Authorization: `Bearer ${SHOP_TOKEN.slice(0, -1)}` },
      { Authorization: `Bearer ${SHOP_TOKEN}x` },
      { Authorization: `Bearer ${SHOP_TOKEN} ${SHOP_TOKEN}` },
      { Authorization: SHOP_TOKEN }
    ]
    for (const headers of attempts) {
      const answer = await d.post(body, headers)
      expect(answer.status, JSON.stringify(headers)).toBe(401)
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(answer.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001, data: { code: 'unauthorized' } } })
      expect(answer.body.error?.message).toContain('Authorization: Bearer <MERCHANT_DESK_GATEWAY_TOKEN>')
      expect(answer.headers.get('access-control-allow-origin')).toBeNull()
    }
    expect(await written(d)).toEqual(before)
    // The right token, for contrast.
    expect((await d.post(body, { Authorization: `Bearer ${SHOP_TOKEN}` })).body.result).toBeDefined()
    expect((await written(d)).invoices).toBe(1n)
  })
})

describe('the allow list', () => {
  it('refuses the shop\u2019s own token from an address not on the list (403), and writes nothing', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { start: { allow: ['203.0.113.0/24', '2001:db8::/32'] } }))
    const before = await written(d)
    const answer = await d.rpc('start_payment', { amount: '1' })
    expect(answer.status).toBe(403)
    expect(answer.body.error).toMatchObject({ code: -32002, data: { code: 'address_refused' } })
    expect(answer.body.error?.message).toMatch(/127\.0\.0\.1.*may not start payments: add it to the gateway's allow list/)
    expect(await written(d)).toEqual(before)
    expect(d.services.gateway.status().allow).toEqual(['203.0.113.0/24', '2001:db8::/32'])
  })

  it('lets loopback in by default, and an address named on the list', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { start: { allow: ['10.1.2.3', '127.0.0.1'] } }))
    expect((await d.rpc('start_payment', { amount: '1' })).body.result).toBeDefined()
    await desk.close()
    const e = (desk = await openGatewayDesk(sandbox))
    expect(e.services.gateway.status().allow).toEqual(['127.0.0.0/8', '::1'])
    expect((await e.rpc('start_payment', { amount: '1' })).body.result).toBeDefined()
  })

  it('keeps status.json and the checkout page public, with CORS for GET only', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { start: { allow: ['203.0.113.7'] } }))
    const id = await d.services.invoices.create({ amount: '3' }).then((invoice) => invoice.id)
    const status = await fetch(`${d.url}${id}/status.json`)
    expect(status.status).toBe(200)
    expect(status.headers.get('access-control-allow-origin')).toBe('*')
    expect((await fetch(`${d.url}${id}`)).status).toBe(200)
    const preflight = await fetch(d.url, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } })
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET')
  })
})
