import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../../src/main/pi'

const NOW = Date.parse('2024-05-01T10:00:00Z')

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 01 May 2024 10:00:30 GMT', 30_000],
    ['Wed, 01 May 2024 09:59:00 GMT', 0], // in the past: go now
    ['Wednesday, 01-May-24 10:01:00 GMT', 60_000] // RFC 850, still allowed by HTTP
  ])('reads %j as %i ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected)
  })

  it.each([undefined, '', 'soon', '-5', '1.5', '12abc'])('ignores %j', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeNull()
  })

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['3', '9'], NOW)).toBe(3_000)
  })
})

describe('backoffDelayMs (full jitter)', () => {
  it('stays inside a window that doubles per retry up to maxDelayMs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (retry, r) => {
        const delay = backoffDelayMs(retry, DEFAULT_RETRY_POLICY, () => r)
        const window = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** retry)
        return Number.isInteger(delay) && delay >= 0 && delay < Math.max(1, window)
      })
    )
  })

  it('uses the whole window, from 0 to just under its top', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 10_000 }
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0)
    expect(backoffDelayMs(3, policy, () => 0.99999)).toBe(799)
  })
})
