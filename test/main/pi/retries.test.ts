import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPiPlatformClient, isOutcomeUnknown, PiApiError, type PiPlatformClient } from '../../../src/main/pi'
import { PAYMENT_ID, TXID, paymentDto } from './fixtures'
import { closedPortUrl, drop, hang, html, json, recordingSleep, startTestServer, type TestServer } from './test-server'

let server: TestServer
let waits: ReturnType<typeof recordingSleep>
let client: PiPlatformClient
const NOW = Date.parse('2024-05-01T10:00:00Z')

beforeEach(async () => {
  server = await startTestServer()
  waits = recordingSleep()
  client = createPiPlatformClient({
    baseUrl: server.url,
    apiKey: 'k-retry',
    timeoutMs: 300,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 20_000 },
    sleep: waits.sleep,
    random: () => 0.5,
    now: () => NOW
  })
})
afterEach(() => server.close())

async function errorOf(promise: Promise<unknown>): Promise<PiApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(PiApiError)
  return error as PiApiError
}

describe('reads (GET) are retried with backoff', () => {
  it('retries a 503 HTML page and succeeds when Pi recovers', async () => {
    server.handle((_req, res, index) => (index < 2 ? html(res, 503) : json(res, 200, paymentDto())))
    const payment = await client.getPayment(PAYMENT_ID)
    expect(payment.identifier).toBe(PAYMENT_ID)
    expect(server.requests).toHaveLength(3)
    // Full jitter with random()=0.5: half of 100, then half of 200.
    expect(waits.delays).toEqual([50, 100])
  })

  it('gives up after maxAttempts and reports the last failure', async () => {
    server.handle((_req, res) => html(res, 500))
    const error = await errorOf(client.incompleteServerPayments())
    expect(error.code).toBe('pi_unavailable')
    expect(server.requests).toHaveLength(4)
    expect(waits.delays).toEqual([50, 100, 200])
  })

  it('caps the backoff window at maxDelayMs', async () => {
    const capped = createPiPlatformClient({
      baseUrl: server.url,
      apiKey: 'k',
      retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 300 },
      sleep: waits.sleep,
      random: () => 0.999
    })
    server.handle((_req, res) => html(res, 500))
    await errorOf(capped.getPayment(PAYMENT_ID))
    expect(waits.delays).toEqual([99, 199, 299, 299, 299])
  })

  it('honours Retry-After in seconds on a 429', async () => {
    server.handle((_req, res, index) =>
      index === 0 ? json(res, 429, { error: 'rate_limited' }, { 'Retry-After': '7' }) : json(res, 200, paymentDto())
    )
    await client.getPayment(PAYMENT_ID)
    expect(waits.delays).toEqual([7_000])
    expect(server.requests).toHaveLength(2)
  })

  it('honours Retry-After as an HTTP date, capped at maxRetryAfterMs', async () => {
    const in12s = new Date(NOW + 12_000).toUTCString()
    const in1h = new Date(NOW + 3_600_000).toUTCString()
    server.handle((_req, res, index) =>
      index === 0
        ? json(res, 429, {}, { 'Retry-After': in12s })
        : index === 1
          ? html(res, 503) // no Retry-After: backoff
          : index === 2
            ? json(res, 503, {}, { 'Retry-After': in1h })
            : json(res, 200, paymentDto())
    )
    await client.getPayment(PAYMENT_ID)
    expect(waits.delays).toEqual([12_000, 100, 20_000])
  })

  it('retries a timeout and a dropped connection', async () => {
    server.handle((_req, res, index) => (index === 0 ? hang() : index === 1 ? drop(res) : json(res, 200, paymentDto())))
    const payment = await client.getPayment(PAYMENT_ID)
    expect(payment.identifier).toBe(PAYMENT_ID)
    expect(server.requests).toHaveLength(3)
  })

  it('reports pi_unreachable when nothing listens, after retrying', async () => {
    const nowhere = createPiPlatformClient({ baseUrl: await closedPortUrl(), apiKey: 'k', sleep: waits.sleep })
    const error = await errorOf(nowhere.me('token'))
    expect(error.code).toBe('pi_unreachable')
    expect(waits.delays).toHaveLength(3)
  })

  it('does not retry a definite refusal (4xx)', async () => {
    server.handle((_req, res) => json(res, 404, { error: 'payment_not_found', error_message: 'no' }))
    await errorOf(client.getPayment(PAYMENT_ID))
    expect(server.requests).toHaveLength(1)
  })
})

describe('writes (POST) are never retried', () => {
  const writes: Array<[string, (c: PiPlatformClient) => Promise<unknown>]> = [
    ['createPayment', (c) => c.createPayment({ amount: 1n, memo: '', metadata: { a: 1 }, uid: 'u' })],
    ['approvePayment', (c) => c.approvePayment(PAYMENT_ID)],
    ['completePayment', (c) => c.completePayment(PAYMENT_ID, TXID)],
    ['cancelPayment', (c) => c.cancelPayment(PAYMENT_ID)]
  ]

  it.each(writes)('%s: a 503 is sent once and reported as outcome unknown', async (_name, call) => {
    server.handle((_req, res) => html(res, 503))
    const error = await errorOf(call(client))
    expect(server.requests).toHaveLength(1)
    expect(error.code).toBe('pi_unavailable')
    expect(isOutcomeUnknown(error)).toBe(true)
    expect(waits.delays).toEqual([])
  })

  it.each(writes)('%s: a timeout is sent once and is pi_outcome_unknown', async (_name, call) => {
    server.handle(() => hang())
    const error = await errorOf(call(client))
    expect(server.requests).toHaveLength(1)
    expect(error.code).toBe('pi_outcome_unknown')
    expect(error.outcomeUnknown).toBe(true)
    expect(error.message).toContain('not known whether the action took effect')
  })

  it('a dropped connection after sending is outcome unknown', async () => {
    server.handle((_req, res) => drop(res))
    const error = await errorOf(client.completePayment(PAYMENT_ID, TXID))
    expect(server.requests).toHaveLength(1)
    expect(error.code).toBe('pi_outcome_unknown')
  })

  it('a 429 is not retried either, and is a definite "not done"', async () => {
    server.handle((_req, res) => json(res, 429, { error: 'rate_limited' }, { 'Retry-After': '3' }))
    const error = await errorOf(client.approvePayment(PAYMENT_ID))
    expect(server.requests).toHaveLength(1)
    expect(error.code).toBe('pi_rate_limited')
    expect(error.outcomeUnknown).toBe(false)
  })

  it('a refused connection proves nothing was sent: pi_unreachable, outcome known', async () => {
    const nowhere = createPiPlatformClient({ baseUrl: await closedPortUrl(), apiKey: 'k', sleep: waits.sleep })
    const error = await errorOf(nowhere.cancelPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_unreachable')
    expect(error.outcomeUnknown).toBe(false)
    expect(waits.delays).toEqual([])
  })
})
