// The shop polls `GET /<id>/status.json` (public, never cached) while its customer pays; the
// gateway keeps the invoice settling on its own (the chain's live stream, a settle timer), so the
// status turns to paid with seen_at, paid_at and the paying transaction's hash without anyone
// pressing sync. With the desktop's live mode on, the gateway leaves the stream to it, and a sync
// settles just the same.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { startTestSandbox } from '../../support'
import { eventually, openGatewayDesk, type GatewayDesk } from './fixture'

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

interface StatusJson {
  id: string
  status: string
  address: string
  amount: string
  received: string
  memo: string
  seen_at: string | null
  paid_at: string | null
  tx_hash: string | null
  tx_hashes: string[]
}

async function status(d: GatewayDesk, id: string): Promise<{ code: number; headers: Headers; json: StatusJson }> {
  const response = await fetch(`${d.url}${id}/status.json`)
  return { code: response.status, headers: response.headers, json: (await response.json()) as StatusJson }
}

describe('status.json', () => {
  it('says new before the payment and paid after it, settled by the gateway\u2019s own watching', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    const started = (await d.rpc('start_payment', { amount: '4.25', order: 'A-7' })).body.result as { id: string; memo: string; address: string }
    const before = await status(d, started.id)
    expect(before.code).toBe(200)
    expect(before.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(before.headers.get('cache-control')).toBe('no-store')
    expect(before.headers.get('access-control-allow-origin')).toBe('*')
    expect(before.json).toMatchObject({ id: started.id, status: 'new', address: sandbox.appWallet.publicKey, amount: '4.2500000', received: '0.0000000', memo: started.memo, seen_at: null, paid_at: null, tx_hash: null })
    expect(Object.keys(before.json)).toEqual(expect.arrayContaining(['id', 'status', 'address', 'amount', 'received', 'memo', 'seen_at', 'paid_at', 'tx_hash']))
    await eventually(async () => (d.services.gateway.status().watching === 'live' ? true : null))

    const hash = d.pay(started.address, 42_500_000n, started.memo)
    const after = await eventually(async () => {
      const now = await status(d, started.id)
      return now.json.status === 'new' ? null : now.json
    })
    expect(after).toMatchObject({ status: 'paid', received: '4.2500000', tx_hash: hash, tx_hashes: [hash] })
    expect(after.seen_at).toMatch(/^\d{4}-\d\d-\d\dT/)
    // The chain's time of the paying transaction (Horizon gives it to the second).
    expect(Math.abs(Date.parse(after.paid_at ?? '') - sandbox.chain.transaction(hash)!.createdAt.getTime())).toBeLessThan(1_000)
    // get_payment answers the same JSON to the shop's backend.
    expect((await d.rpc('get_payment', { id: started.id })).body.result).toMatchObject({ status: 'paid', tx_hash: hash })
  })

  it('settles by a sync when the desktop\u2019s live mode follows the chain instead of the gateway', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { followLive: true }))
    expect(d.services.gateway.status().watching).toBe('settling')
    const answer = await d.rpc('start_payment', { amount: '1', memo: 'walk-in-3' })
    const started = answer.body.result as { id: string; address: string }
    expect(answer.body.error).toBeUndefined()
    const hash = d.pay(started.address, 5_000_000n, 'walk-in-3')
    await (await d.services.workspace()).sync().run()
    const paid = await eventually(async () => {
      const now = await status(d, started.id)
      return now.json.status === 'new' ? null : now.json
    })
    expect(paid).toMatchObject({ status: 'partially_paid', received: '0.5000000', paid_at: null, tx_hash: hash })
    expect(paid.seen_at).not.toBeNull()
  })

  it('answers 404 JSON for an unknown id, and for anything that is not an id', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    for (const path of ['inv_1111111111111111111z/status.json', 'inv_1111111111111111111z', 'inv_0OIl/status.json', '../etc/passwd', 'status.json']) {
      const response = await fetch(`${d.url}${path}`)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type'), path).toBe('application/json; charset=utf-8')
      expect(((await response.json()) as { error: string }).error, path).toBe('not_found')
    }
  })
})
