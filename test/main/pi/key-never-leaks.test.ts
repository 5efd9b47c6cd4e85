// Security: the Pi API key (and a buyer's access token) never appears in anything the client lets
// out: errors of every kind, their JSON, their inspection, their stack, or the client object.
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPiPlatformClient, type PiPlatformClient } from '../../../src/main/pi'
import { OTHER_PAYMENT_ID, PAYMENT_ID, TXID, paymentDto } from './fixtures'
import { closedPortUrl, drop, hang, html, json, startTestServer, type Handler, type TestServer } from './test-server'

const API_KEY = 'sk-live-9f8e7d6c5b4a3210fedcba9876543210'
const ACCESS_TOKEN = 'buyer-token-0123456789abcdef0123456789'

let server: TestServer
let client: PiPlatformClient

beforeAll(async () => {
  server = await startTestServer()
  client = createPiPlatformClient({ baseUrl: server.url, apiKey: API_KEY, timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 1 } })
})
afterAll(() => server.close())

/** Everything a logger, an IPC envelope or a crash report could make of a value. */
function everyRendering(value: unknown): string {
  const parts = [
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    String(value),
    JSON.stringify(value) ?? ''
  ]
  if (value instanceof Error) parts.push(value.stack ?? '', value.message, inspect(value.cause, { depth: Infinity, showHidden: true }))
  return parts.join('\n')
}

function expectNoSecret(value: unknown): void {
  const text = everyRendering(value)
  expect(text).not.toContain(API_KEY)
  expect(text).not.toContain(ACCESS_TOKEN)
  expect(text).not.toMatch(/authorization/i)
}

const echoKey: Handler = (req, res) =>
  json(res, 400, { error: 'invalid_arguments', error_message: `Bad header: ${req.headers.authorization ?? ''}` })

const cases: Array<[string, Handler, (c: PiPlatformClient) => Promise<unknown>]> = [
  ['a timed-out read', () => hang(), (c) => c.getPayment(PAYMENT_ID)],
  ['a timed-out write (outcome unknown)', () => hang(), (c) => c.completePayment(PAYMENT_ID, TXID)],
  ['a dropped connection', (_q, r) => drop(r), (c) => c.approvePayment(PAYMENT_ID)],
  ['an HTML 500', (_q, r) => html(r, 500), (c) => c.getPayment(PAYMENT_ID)],
  ['a refused key (401)', (_q, r) => json(r, 401, { error: 'unauthorized', error_message: 'no' }), (c) => c.getPayment(PAYMENT_ID)],
  ['a Pi refusal echoing the Authorization header', echoKey, (c) => c.cancelPayment(PAYMENT_ID)],
  ['a refused access token echoed back', echoKey, (c) => c.me(ACCESS_TOKEN)],
  ['a malformed answer', (_q, r) => json(r, 200, { identifier: PAYMENT_ID }), (c) => c.getPayment(PAYMENT_ID)],
  ['an answer about another payment', (_q, r) => json(r, 200, paymentDto({ identifier: OTHER_PAYMENT_ID })), (c) => c.getPayment(PAYMENT_ID)],
  [
    'an error carrying a payment',
    (_q, r) => json(r, 400, { error: 'ongoing_payment_found', error_message: API_KEY, payment: paymentDto() }),
    (c) => c.createPayment({ amount: 1n, memo: '', metadata: { a: 1 }, uid: 'u' })
  ],
  ['a 429', (_q, r) => json(r, 429, { error: 'rate_limited', error_message: `key ${API_KEY}` }), (c) => c.approvePayment(PAYMENT_ID)]
]

describe('no error lets the API key or an access token out', () => {
  it.each(cases)('%s', async (_name, handler, call) => {
    server.handle(handler)
    const error = await call(client).then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(Error)
    expect(server.requests.at(-1)?.headers.authorization).toMatch(/^(Key|Bearer) /)
    expectNoSecret(error)
  })

  it('a server that cannot be reached', async () => {
    const nowhere = createPiPlatformClient({ baseUrl: await closedPortUrl(), apiKey: API_KEY, retry: { maxAttempts: 1 } })
    for (const call of [() => nowhere.getPayment(PAYMENT_ID), () => nowhere.cancelPayment(PAYMENT_ID), () => nowhere.me(ACCESS_TOKEN)]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(Error)
      expectNoSecret(error)
    }
  })

  it('the client object itself holds the key only in a closure', () => {
    expectNoSecret(client)
    expect(Object.values(client).every((value) => typeof value === 'function')).toBe(true)
  })

  it('an invalid key is refused without repeating it', () => {
    const bad = `${API_KEY} with spaces`
    let error: unknown
    try {
      createPiPlatformClient({ baseUrl: server.url, apiKey: bad })
    } catch (e) {
      error = e
    }
    expect(everyRendering(error)).not.toContain(API_KEY)
  })
})
