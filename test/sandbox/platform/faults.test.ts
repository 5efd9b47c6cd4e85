import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startPlatformFixture, type PlatformFixture } from './fixture'

let f: PlatformFixture

beforeAll(async () => {
  f = await startPlatformFixture()
})
afterEach(() => {
  f.platform.faults.clear()
})
afterAll(async () => {
  await f.close()
})

const order = { amount: 1, memo: 'Coffee', metadata: { orderId: 'SO-7' } }

describe('fault injection on Platform routes', () => {
  it('answers an nginx HTML 5xx page and applies nothing', async () => {
    const id = f.buyer('faulty-1').startPayment(order).identifier
    f.platform.faults.add({ route: 'POST /v2/payments/:payment_id/approve', kind: 'html500', status: 502, times: 1 })
    const answer = await f.api.post(`/v2/payments/${id}/approve`, undefined, { responseType: 'text' })
    expect(answer.status).toBe(502)
    expect(answer.headers['content-type']).toMatch(/text\/html/)
    expect(answer.data).toContain('<center><h1>502 Bad Gateway</h1></center>')
    expect(f.platform.state.payment(id)?.status.developerApproved).toBe(false)
    expect((await f.api.post(`/v2/payments/${id}/approve`)).data.status.developer_approved).toBe(true)
  })

  it('answers 429 with Retry-After and a JSON body', async () => {
    f.platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'status429', retryAfter: 7 })
    const answer = await f.api.get('/v2/payments/incomplete_server_payments')
    expect(answer.status).toBe(429)
    expect(answer.headers['retry-after']).toBe('7')
    expect(answer.data.error).toBe('too_many_requests')
  })

  it('cuts the JSON of a complete that was applied: the answer is lost, the completion is not', async () => {
    const buyer = f.buyer('faulty-2')
    const id = buyer.startPayment(order).identifier
    await f.api.post(`/v2/payments/${id}/approve`)
    const { txid } = buyer.submitPayment(id)
    f.platform.faults.add({ route: 'POST /v2/payments/*/complete', kind: 'malformedJson', times: 1 })
    const answer = await f.api.post(`/v2/payments/${id}/complete`, { txid }, { responseType: 'text', transformResponse: (raw: string) => raw })
    expect(answer.status).toBe(200)
    expect(() => JSON.parse(answer.data as string)).toThrow()
    expect((await f.api.get(`/v2/payments/${id}`)).data.status.developer_completed).toBe(true)
  })

  it('holds a request open until the client times out', async () => {
    const id = f.buyer('faulty-3').startPayment(order).identifier
    f.platform.faults.add({ route: `GET /v2/payments/${id}`, kind: 'timeout', times: 1 })
    await expect(f.api.get(`/v2/payments/${id}`, { timeout: 300 })).rejects.toMatchObject({ code: 'ECONNABORTED' })
    expect((await f.api.get(`/v2/payments/${id}`)).status).toBe(200)
  })

  it('delays an answer by the planned latency', async () => {
    f.platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'latency', ms: 250, times: 1 })
    const started = Date.now()
    const answer = await f.api.get('/v2/payments/incomplete_server_payments')
    expect(answer.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
  })
})

describe('the request log', () => {
  it('counts the calls received per route, with their status and any fault', async () => {
    const before = f.platform.requests.count('POST /v2/payments/:payment_id/cancel')
    const buyer = f.buyer('counted')
    const id = buyer.startPayment(order).identifier
    await f.api.post(`/v2/payments/${id}/approve`)
    f.platform.faults.add({ route: 'POST /v2/payments/:payment_id/cancel', kind: 'html500', times: 1 })
    await f.api.post(`/v2/payments/${id}/cancel`)
    await f.api.post(`/v2/payments/${id}/cancel`)
    expect(f.platform.requests.count('POST /v2/payments/:payment_id/cancel')).toBe(before + 2)
    const cancels = f.platform.requests.entries(`POST /v2/payments/${id}/cancel`)
    expect(cancels.map((entry) => [entry.status, entry.fault])).toEqual([
      [500, 'html500'],
      [200, undefined]
    ])
  })
})
