import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { a2uBody, startPlatformFixture, type PlatformFixture } from './fixture'

let f: PlatformFixture

beforeAll(async () => {
  f = await startPlatformFixture()
})
afterAll(async () => {
  await f.close()
})

describe('Platform API authentication', () => {
  it('answers 401 with a JSON error body when no key is sent', async () => {
    const answer = await f.anonymous.get('/v2/payments/incomplete_server_payments')
    expect(answer.status).toBe(401)
    expect(answer.headers['content-type']).toMatch(/application\/json/)
    expect(answer.data).toMatchObject({ error: 'unauthorized' })
    expect(typeof answer.data.error_message).toBe('string')
  })

  it('answers 401 to a wrong key and to a Bearer token on a server route', async () => {
    expect((await f.apiWithKey('not-a-key').get('/v2/payments/incomplete_server_payments')).status).toBe(401)
    const alice = f.buyer('alice')
    const bearer = await f.anonymous.get('/v2/payments/incomplete_server_payments', {
      headers: { Authorization: `Bearer ${alice.accessToken}` }
    })
    expect(bearer.status).toBe(401)
    expect(bearer.data.error).toBe('unauthorized')
  })

  it("binds a key to its app: the other network's key sees none of this app's payments or users", async () => {
    const bob = f.buyer('bob')
    const created = await f.api.post('/v2/payments', a2uBody(bob.uid))
    expect(created.status).toBe(200)
    const mainnet = f.apiWithKey(f.mainnetShop.apiKey)
    const read = await mainnet.get(`/v2/payments/${created.data.identifier}`)
    expect(read.status).toBe(404)
    expect(read.data).toMatchObject({ error: 'payment_not_found' })
    expect((await mainnet.post(`/v2/payments/${created.data.identifier}/cancel`)).data.error).toBe('payment_not_found')
    const createThere = await mainnet.post('/v2/payments', a2uBody(bob.uid))
    expect(createThere.status).toBe(404)
    expect(createThere.data.error).toBe('user_not_found')
    const theirs = await mainnet.get('/v2/payments/incomplete_server_payments')
    expect(theirs.data).toEqual({ incomplete_server_payments: [] })
    const ours = await f.api.get('/v2/payments/incomplete_server_payments')
    expect(ours.data.incomplete_server_payments.map((p: { identifier: string }) => p.identifier)).toEqual([created.data.identifier])
  })
})

describe('GET /v2/me', () => {
  it("returns the buyer's UserDTO for their access token", async () => {
    const carol = f.buyer('carol', { grantWalletAddress: false })
    const answer = await f.anonymous.get('/v2/me', { headers: { Authorization: `Bearer ${carol.accessToken}` } })
    expect(answer.status).toBe(200)
    expect(answer.data).toEqual({
      uid: carol.uid,
      username: 'carol',
      credentials: {
        scopes: ['username', 'payments'],
        valid_until: { timestamp: expect.any(Number), iso8601: expect.any(String) }
      }
    })
    const { timestamp, iso8601 } = answer.data.credentials.valid_until
    expect(timestamp).toBe(Math.floor(Date.parse(iso8601) / 1000))
    expect(Date.parse(iso8601)).toBeGreaterThan(f.chain.now().getTime())
  })

  it('answers 401 to an unknown token, a server key, no header, and an expired token', async () => {
    const dave = f.buyer('dave')
    expect((await f.anonymous.get('/v2/me', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401)
    expect((await f.api.get('/v2/me')).status).toBe(401)
    expect((await f.anonymous.get('/v2/me')).status).toBe(401)
    f.chain.advanceTime(25 * 3600_000)
    const expired = await f.anonymous.get('/v2/me', { headers: { Authorization: `Bearer ${dave.accessToken}` } })
    expect(expired.status).toBe(401)
    expect(expired.data.error).toBe('unauthorized')
  })
})

describe('unknown routes', () => {
  it('answers 404 JSON for a path Pi does not serve and 405 for a wrong method', async () => {
    const missing = await f.api.get('/v2/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.data.error).toBe('not_found')
    const wrongMethod = await f.api.delete('/v2/payments/abc')
    expect(wrongMethod.status).toBe(405)
  })
})
