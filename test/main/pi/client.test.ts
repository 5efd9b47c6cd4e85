import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPiPlatformClient, PiApiError, type PiPlatformClient } from '../../../src/main/pi'
import { UserFacingError } from '../../../src/shared/errors'
import { APP_WALLET, OTHER_PAYMENT_ID, PAYMENT_ID, TXID, paymentDto, statusWith } from './fixtures'
import { json, startTestServer, type TestServer } from './test-server'

const API_KEY = 'test-key-abc123'
let server: TestServer
let client: PiPlatformClient

beforeEach(async () => {
  server = await startTestServer()
  client = createPiPlatformClient({ baseUrl: server.url, apiKey: API_KEY, sleep: async () => {} })
})
afterEach(() => server.close())

async function failure(promise: Promise<unknown>): Promise<PiApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(PiApiError)
  return error as PiApiError
}

describe('createPayment', () => {
  it('posts the exact amount as a JSON number with the server key and returns the payment in stroops', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ amount: 1e-7 })))
    const payment = await client.createPayment({ amount: 1n, memo: 'Refund', metadata: { order: 7 }, uid: 'user-1' })

    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/v2/payments')
    expect(request?.headers.authorization).toBe(`Key ${API_KEY}`)
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.body).toBe('{"payment":{"amount":1e-7,"memo":"Refund","metadata":{"order":7},"uid":"user-1"}}')
    expect(payment.amount).toBe(1n)
    expect(payment.identifier).toBe(PAYMENT_ID)
    expect(payment.fromAddress).toBe(APP_WALLET)
  })

  it('sends 12.3456789 Pi as that number, digit for digit', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ amount: 12.3456789 })))
    const payment = await client.createPayment({ amount: 123_456_789n, memo: '', metadata: { a: 1 }, uid: 'user-1' })
    expect(server.requests[0]?.body).toContain('"amount":12.3456789,')
    expect(payment.amount).toBe(123_456_789n)
  })

  it('refuses an answer for another amount, keeping the payment Pi created for the caller to cancel', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ amount: 3.15 })))
    const error = await failure(client.createPayment({ amount: 31_400_000n, memo: '', metadata: { a: 1 }, uid: 'user-1' }))
    expect(error.code).toBe('pi_answer_mismatch')
    expect(error.message).toContain('amount')
    expect(error.payment?.amount).toBe(31_500_000n)
  })

  it('refuses to send an empty metadata, a zero amount or a missing uid, without calling Pi', async () => {
    const attempts = [
      client.createPayment({ amount: 1n, memo: '', metadata: {}, uid: 'u' }),
      client.createPayment({ amount: 0n, memo: '', metadata: { a: 1 }, uid: 'u' }),
      client.createPayment({ amount: 1n, memo: '', metadata: { a: 1 }, uid: ' ' })
    ]
    const codes = await Promise.all(attempts.map((p) => p.catch((e: UserFacingError) => e.code)))
    expect(codes).toEqual(['invalid_metadata', 'amount_not_positive', 'invalid_uid'])
    expect(server.requests).toHaveLength(0)
  })
})

describe('reading payments', () => {
  it('reads exponent-form and long amounts exactly, and tolerates unknown fields', async () => {
    server.handle((_req, res) =>
      // Raw text: the amount as Pi's JSON writes it, plus fields Pi added without documenting.
      json(res, 200, JSON.stringify(paymentDto({ split_recipients: [], token_canonical: 'PI' })).replace('3.14', '2.5e-6'))
    )
    const payment = await client.getPayment(PAYMENT_ID)
    expect(payment.amount).toBe(25n)
    expect(server.requests[0]?.path).toBe(`/v2/payments/${PAYMENT_ID}`)
    expect(server.requests[0]?.method).toBe('GET')
  })

  it('turns a payment with an amount of more than 7 decimals into pi_malformed_answer naming the field', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ amount: 0.00000001 })))
    const error = await failure(client.getPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_malformed_answer')
    expect(error.message).toMatch(/\(amount: .*7 decimals/)
  })

  it('names a missing field and a wrongly typed one', async () => {
    const { to_address: _dropped, ...withoutAddress } = paymentDto()
    server.handle((_req, res) => json(res, 200, withoutAddress))
    expect((await failure(client.getPayment(PAYMENT_ID))).message).toContain('to_address')
    server.handle((_req, res) => json(res, 200, paymentDto({ status: { ...statusWith({}), cancelled: 'no' } })))
    expect((await failure(client.getPayment(PAYMENT_ID))).message).toContain('status.cancelled')
  })

  it('refuses an answer about another payment than the one asked for', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ identifier: OTHER_PAYMENT_ID })))
    const error = await failure(client.getPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_answer_mismatch')
  })

  it('refuses an id that is not a Pi payment id before it can reach a request path', async () => {
    const error = await client.getPayment('../me?x=').catch((e: UserFacingError) => e)
    expect(error).toBeInstanceOf(UserFacingError)
    expect((error as UserFacingError).code).toBe('invalid_payment_id')
    expect(server.requests).toHaveLength(0)
  })

  it('unwraps incomplete_server_payments and validates every entry', async () => {
    const second = paymentDto({ identifier: OTHER_PAYMENT_ID, amount: 1 })
    server.handle((_req, res) => json(res, 200, { incomplete_server_payments: [paymentDto(), second] }))
    const payments = await client.incompleteServerPayments()
    expect(payments.map((p) => [p.identifier, p.amount])).toEqual([
      [PAYMENT_ID, 31_400_000n],
      [OTHER_PAYMENT_ID, 10_000_000n]
    ])
    expect(server.requests[0]?.path).toBe('/v2/payments/incomplete_server_payments')

    server.handle((_req, res) => json(res, 200, { incomplete_server_payments: [paymentDto(), { ...second, identifier: 'short' }] }))
    expect((await failure(client.incompleteServerPayments())).message).toContain('incomplete_server_payments.1.identifier')

    server.handle((_req, res) => json(res, 200, [paymentDto()]))
    expect((await failure(client.incompleteServerPayments())).code).toBe('pi_malformed_answer')
  })

  it('treats a 200 answer that is not JSON as malformed', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html>maintenance</html>')
    })
    const error = await failure(client.getPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_malformed_answer')
    expect(error.message).toContain('not JSON')
  })
})

describe('approve, complete, cancel', () => {
  it('approves with an empty POST and returns the approved payment', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ direction: 'user_to_app' })))
    const payment = await client.approvePayment(PAYMENT_ID)
    expect(server.requests[0]?.method).toBe('POST')
    expect(server.requests[0]?.path).toBe(`/v2/payments/${PAYMENT_ID}/approve`)
    expect(server.requests[0]?.body).toBe('')
    expect(payment.status.developerApproved).toBe(true)
  })

  it('completes with the txid (lowercased) and checks Pi linked that transaction', async () => {
    const completed = paymentDto({
      status: statusWith({ transaction_verified: true, developer_completed: true }),
      transaction: { txid: TXID, verified: true, _link: `https://horizon/transactions/${TXID}` }
    })
    server.handle((_req, res) => json(res, 200, completed))
    const payment = await client.completePayment(PAYMENT_ID, TXID.toUpperCase())
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ txid: TXID })
    expect(server.requests[0]?.path).toBe(`/v2/payments/${PAYMENT_ID}/complete`)
    expect(payment.status.developerCompleted).toBe(true)
    expect(payment.transaction?.txid).toBe(TXID)

    server.handle((_req, res) => json(res, 200, paymentDto()))
    expect((await failure(client.completePayment(PAYMENT_ID, TXID))).code).toBe('pi_answer_mismatch')
  })

  it('refuses a txid that is not 64 hex characters without calling Pi', async () => {
    const error = await client.completePayment(PAYMENT_ID, 'abc').catch((e: UserFacingError) => e)
    expect((error as UserFacingError).code).toBe('invalid_txid')
    expect(server.requests).toHaveLength(0)
  })

  it('cancels and checks Pi marked it cancelled', async () => {
    server.handle((_req, res) => json(res, 200, paymentDto({ status: statusWith({ cancelled: true }) })))
    const payment = await client.cancelPayment(PAYMENT_ID)
    expect(server.requests[0]?.path).toBe(`/v2/payments/${PAYMENT_ID}/cancel`)
    expect(payment.status.cancelled).toBe(true)
  })
})

describe('me', () => {
  it("sends the buyer's token as Bearer (not the server key) and reads the user", async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        uid: 'user-1',
        username: 'alice',
        credentials: { scopes: ['payments', 'username'], valid_until: { timestamp: 1767225600, iso8601: '2026-01-01T00:00:00Z' } },
        extra: true
      })
    )
    const user = await client.me('buyer-token-1')
    expect(server.requests[0]?.headers.authorization).toBe('Bearer buyer-token-1')
    expect(server.requests[0]?.path).toBe('/v2/me')
    expect(user).toEqual({
      uid: 'user-1',
      username: 'alice',
      scopes: ['payments', 'username'],
      validUntil: new Date('2026-01-01T00:00:00Z')
    })
  })

  it('reports a refused access token as the buyer sign-in, not the API key', async () => {
    server.handle((_req, res) => json(res, 401, { error: 'unauthorized', error_message: 'bad token' }))
    const error = await failure(client.me('expired'))
    expect(error.code).toBe('pi_token_rejected')
    expect(server.requests).toHaveLength(1)
  })
})

describe('configuration', () => {
  it('accepts a base URL that already ends in /v2', async () => {
    const withV2 = createPiPlatformClient({ baseUrl: `${server.url}/v2/`, apiKey: API_KEY })
    server.handle((_req, res) => json(res, 200, paymentDto()))
    await withV2.getPayment(PAYMENT_ID)
    expect(server.requests[0]?.path).toBe(`/v2/payments/${PAYMENT_ID}`)
  })

  it('refuses plain http to anything but this computer, so the key never travels in clear', () => {
    expect(() => createPiPlatformClient({ baseUrl: 'http://api.minepi.com', apiKey: API_KEY })).toThrow(
      expect.objectContaining({ code: 'invalid_pi_url' })
    )
    expect(() => createPiPlatformClient({ baseUrl: 'https://api.minepi.com', apiKey: '' })).toThrow(
      expect.objectContaining({ code: 'invalid_pi_key' })
    )
    expect(createPiPlatformClient({ baseUrl: 'https://api.minepi.com', apiKey: API_KEY })).toBeTypeOf('object')
  })
})
