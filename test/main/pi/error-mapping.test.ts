import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPiPlatformClient, isKnownPiErrorCode, PiApiError, type PiPlatformClient } from '../../../src/main/pi'
import { PAYMENT_ID, TXID, paymentDto } from './fixtures'
import { html, json, startTestServer, type TestServer } from './test-server'

let server: TestServer
let client: PiPlatformClient

beforeAll(async () => {
  server = await startTestServer()
  client = createPiPlatformClient({ baseUrl: server.url, apiKey: 'k-123456', retry: { maxAttempts: 1 } })
})
afterAll(() => server.close())

async function errorOf(call: () => Promise<unknown>): Promise<PiApiError> {
  const error = await call().then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(PiApiError)
  return error as PiApiError
}

const create = () => client.createPayment({ amount: 10_000_000n, memo: 'm', metadata: { a: 1 }, uid: 'u' })

describe('every Pi error code in pi-platform.md has a merchant sentence in the one table', () => {
  const documented = [
    'payment_not_found', 'invalid_amount', 'invalid_arguments', 'invalid_metadata', 'unknown_error',
    'missing_scope', 'user_not_found', 'ongoing_payment_found', 'too_many_payments', 'too_many_cancelled_payments',
    'altered_amount', 'invalid_address', 'missing_wallet', 'already_completed', 'cancelled_payment', 'missing_txid',
    'txid_mismatch', 'not_verified', 'verification_failed', 'forbidden', 'payment_tx_present'
  ]
  it.each(documented)('%s', async (code) => {
    expect(isKnownPiErrorCode(code)).toBe(true)
    server.handle((_req, res) => json(res, 400, { error: code, error_message: `Pi says ${code}` }))
    const error = await errorOf(create)
    expect(error.code).toBe(code)
    expect(error.httpStatus).toBe(400)
    expect(error.piMessage).toBe(`Pi says ${code}`)
    // A sentence of our own, not Pi's developer text (which only invalid_arguments quotes: it
    // names the argument).
    if (code !== 'invalid_arguments') expect(error.message).not.toContain(`Pi says ${code}`)
    expect(error.message.length).toBeGreaterThan(30)
  })
})

describe('status and body decide the code', () => {
  it('missing_scope arrives as a 401 but is about the buyer, not the key', async () => {
    server.handle((_req, res) => json(res, 401, { error: 'missing_scope', error_message: 'no wallet_address' }))
    const error = await errorOf(create)
    expect(error.code).toBe('missing_scope')
    expect(error.message).toMatch(/^The buyer has not allowed this app to pay them \(wallet_address permission\)\. Ask them to open the app in the Pi Browser and accept/)
  })

  it('any other 401 is the API key', async () => {
    server.handle((_req, res) => json(res, 401, { error: 'unauthorized', error_message: 'bad key' }))
    const error = await errorOf(() => client.getPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_key_rejected')
    expect(error.message).toBe('The Pi API key was refused. Check it in Settings; each network has its own key.')
    server.handle((_req, res) => html(res, 401))
    expect((await errorOf(() => client.getPayment(PAYMENT_ID))).code).toBe('pi_key_rejected')
  })

  it('an HTML error page from a 5xx is pi_unavailable with the status in the sentence', async () => {
    server.handle((_req, res) => html(res, 502))
    const error = await errorOf(() => client.getPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_unavailable')
    expect(error.httpStatus).toBe(502)
    expect(error.message).toContain('HTTP 502')
    expect(error.retryable).toBe(true)
  })

  it('ongoing_payment_found carries the existing payment so it can be resumed', async () => {
    server.handle((_req, res) =>
      json(res, 400, { error: 'ongoing_payment_found', error_message: 'ongoing', payment: paymentDto({ amount: 0.5 }) })
    )
    const error = await errorOf(create)
    expect(error.code).toBe('ongoing_payment_found')
    expect(error.payment?.identifier).toBe(PAYMENT_ID)
    expect(error.payment?.amount).toBe(5_000_000n)
  })

  it('verification_failed carries verification_error and explains it', async () => {
    server.handle((_req, res) =>
      json(res, 400, {
        error: 'verification_failed',
        error_message: 'bad memo',
        verification_error: 'tx_memo_payment_identifier_mismatch'
      })
    )
    const error = await errorOf(() => client.completePayment(PAYMENT_ID, TXID))
    expect(error.verificationError).toBe('tx_memo_payment_identifier_mismatch')
    expect(error.message).toContain("memo is not this payment's identifier")
    expect(error.outcomeUnknown).toBe(false)
  })

  it('a bare 404 on create is user_not_found; on a read it is not mistaken for a Pi answer', async () => {
    server.handle((_req, res) => html(res, 404))
    expect((await errorOf(create)).code).toBe('user_not_found')
    expect((await errorOf(() => client.getPayment(PAYMENT_ID))).code).toBe('pi_unexpected_answer')
    server.handle((_req, res) => json(res, 404, { error: 'payment_not_found', error_message: 'nope' }))
    expect((await errorOf(() => client.getPayment(PAYMENT_ID))).code).toBe('payment_not_found')
  })

  it('invalid_arguments quotes which argument Pi refused', async () => {
    server.handle((_req, res) => json(res, 400, { error: 'invalid_arguments', error_message: 'memo must be a string.' }))
    const error = await errorOf(create)
    expect(error.message).toBe('Pi refused the request as malformed ("memo must be a string.").')
  })

  it('429 is pi_rate_limited, with the Retry-After it came with', async () => {
    server.handle((_req, res) => json(res, 429, { error: 'too_many_requests' }, { 'Retry-After': '30' }))
    const error = await errorOf(() => client.getPayment(PAYMENT_ID))
    expect(error.code).toBe('pi_rate_limited')
    expect(error.retryAfterMs).toBe(30_000)
  })

  it("an unknown Pi code keeps Pi's own words in a generic sentence", async () => {
    server.handle((_req, res) => json(res, 400, { error: 'brand_new_code', error_message: 'Something new happened.' }))
    const error = await errorOf(create)
    expect(error.code).toBe('brand_new_code')
    expect(error.message).toBe('Pi refused the request (brand_new_code): Something new happened.')
  })

  it('a JSON 5xx with a Pi code on a write is flagged outcome unknown', async () => {
    server.handle((_req, res) => json(res, 500, { error: 'unknown_error', error_message: 'oops' }))
    const error = await errorOf(() => client.cancelPayment(PAYMENT_ID))
    expect(error.code).toBe('unknown_error')
    expect(error.outcomeUnknown).toBe(true)
  })

  it('refusals (4xx) of a write are definite: not outcome unknown', async () => {
    server.handle((_req, res) => json(res, 400, { error: 'payment_tx_present', error_message: 'linked' }))
    const error = await errorOf(() => client.cancelPayment(PAYMENT_ID))
    expect(error.code).toBe('payment_tx_present')
    expect(error.outcomeUnknown).toBe(false)
  })
})
