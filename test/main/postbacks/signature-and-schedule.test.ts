// The signature the desk sends and the check it documents for receivers agree with each other and
// with the receiver written from the recipe; the retry schedule is 30 s doubling, capped at an hour,
// within three days.
import { describe, expect, it } from 'vitest'
import { afterFailure, retryDelayMs, RETRY_WINDOW_MS, signatureHeaderValue, verifyPostbackSignature } from '../../../src/main/postbacks'
import { receiverAccepts } from './receiver'

const SECRET = 'whsec_test_7f3a9c'
const BODY = '{"id":"inv_4fZ9","status":"paid","note":"crème brûlée"}'
const AT = new Date(Date.UTC(2026, 11, 7, 12, 0, 0))

describe('the postback signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, over the body as UTF-8', () => {
    const header = signatureHeaderValue(SECRET, BODY, AT)
    expect(header).toMatch(new RegExp(`^t=${AT.getTime() / 1000},v1=[0-9a-f]{64}$`))
    expect(receiverAccepts(SECRET, header, BODY, AT.getTime() / 1000)).toBe(true)
    expect(verifyPostbackSignature(SECRET, header, BODY, AT)).toEqual({ ok: true, timestamp: AT.getTime() / 1000 })
  })

  it('is refused by the documented check for a wrong secret, a changed body, an old or future time, or a malformed header', () => {
    const header = signatureHeaderValue(SECRET, BODY, AT)
    expect(verifyPostbackSignature('other', header, BODY, AT)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifyPostbackSignature(SECRET, header, BODY.replace('paid', 'paId'), AT)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifyPostbackSignature(SECRET, header, BODY, new Date(AT.getTime() + 301_000))).toEqual({ ok: false, reason: 'too_old' })
    expect(verifyPostbackSignature(SECRET, header, BODY, new Date(AT.getTime() - 301_000))).toEqual({ ok: false, reason: 'too_old' })
    for (const malformed of [undefined, '', 'v1=abc', 't=abc,v1=00', `t=${AT.getTime() / 1000}`]) {
      expect(verifyPostbackSignature(SECRET, malformed, BODY, AT), String(malformed)).toEqual({ ok: false, reason: 'malformed' })
    }
    // Within the tolerance, and with a second v1 (a secret being rotated), it still verifies.
    expect(verifyPostbackSignature(SECRET, `${header},v1=${'0'.repeat(64)}`, BODY, new Date(AT.getTime() + 299_000)).ok).toBe(true)
  })
})

describe('the retry schedule', () => {
  it('waits 30 s after the first failure, doubling, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((attempt) => retryDelayMs(attempt) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
    expect(() => retryDelayMs(0)).toThrow(RangeError)
  })

  it('never schedules past give-up time, and gives up once it is reached', () => {
    const created = 0
    const giveUpAt = created + RETRY_WINDOW_MS
    expect(RETRY_WINDOW_MS).toBe(3 * 24 * 3_600_000)
    expect(afterFailure(1, created, giveUpAt)).toEqual({ state: 'pending', at: 30_000 })
    expect(afterFailure(9, giveUpAt - 60_000, giveUpAt)).toEqual({ state: 'pending', at: giveUpAt })
    expect(afterFailure(80, giveUpAt, giveUpAt)).toEqual({ state: 'gave_up' })
  })
})
