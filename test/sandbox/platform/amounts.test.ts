import { describe, expect, it } from 'vitest'
import { apiAmountFromStroops, formatStroops, stroopsFromApiAmount } from '../../../src/sandbox/platform/amounts'

describe('Platform amounts: JSON numbers to stroops through their decimal text', () => {
  it('reads plain and exponent forms exactly', () => {
    expect(stroopsFromApiAmount(1)).toBe(10_000_000n)
    expect(stroopsFromApiAmount(0.1)).toBe(1_000_000n)
    expect(stroopsFromApiAmount(1e-7)).toBe(1n)
    expect(stroopsFromApiAmount(3.1415926)).toBe(31_415_926n)
    expect(stroopsFromApiAmount(2.5e-6)).toBe(25n)
    expect(stroopsFromApiAmount(1e21)).toBe(10n ** 28n)
  })

  it('refuses what Pi answers invalid_amount to', () => {
    for (const bad of [0, -1, 1e-8, 0.12345678, Number.NaN, Infinity, '1', null, undefined]) {
      expect(stroopsFromApiAmount(bad)).toBeNull()
    }
  })

  it('writes amounts back as the JSON number Pi sends, tiny ones as 1e-7', () => {
    expect(JSON.stringify({ amount: apiAmountFromStroops(1n) })).toBe('{"amount":1e-7}')
    expect(apiAmountFromStroops(31_415_926n)).toBe(3.1415926)
    expect(formatStroops(1n)).toBe('0.0000001')
    expect(formatStroops(-25_000_000n)).toBe('-2.5000000')
  })

  it('round-trips every stroop count it writes', () => {
    for (const stroops of [1n, 7n, 99n, 1_000_001n, 123_456_789n, 500_000_000_000n]) {
      expect(stroopsFromApiAmount(apiAmountFromStroops(stroops))).toBe(stroops)
    }
  })
})
