import { describe, expect, it } from 'vitest'
import { UserFacingError } from '../../src/shared/errors'
import {
  addStroops,
  compareStroops,
  formatPi,
  formatPiShort,
  MAX_STROOPS,
  maxStroops,
  MIN_STROOPS,
  minStroops,
  parseHorizonAmount,
  parsePiAmount,
  parseUserAmount,
  STROOPS_PER_PI,
  subtractStroops,
  sumStroops,
  toPiNumberForApi,
  type AmountRules
} from '../../src/shared/money'

function errorOf(run: () => unknown): UserFacingError {
  try {
    run()
  } catch (error) {
    if (error instanceof UserFacingError) return error
    throw new Error(`expected a UserFacingError, got ${String(error)}`)
  }
  throw new Error('expected an error, got a value')
}

const ANY_SIGN: AmountRules = { allowZero: true, allowNegative: true }

describe('parsePiAmount reads Pi API numbers through their decimal text', () => {
  it.each<[number | string, bigint]>([
    [1, 10_000_000n],
    [3.14, 31_400_000n],
    [0.1, 1_000_000n],
    [0.3, 3_000_000n],
    [1e-7, 1n],
    [2e-7, 2n],
    [1.2e-6, 12n],
    [0.0000123, 123n],
    [123456.7654321, 1_234_567_654_321n],
    [314, 3_140_000_000n],
    [1e10, 100_000_000_000_000_000n],
    [922337203685, 9_223_372_036_850_000_000n],
    ['1e-7', 1n],
    ['1E-7', 1n],
    ['3.14e+2', 3_140_000_000n],
    ['3.14e2', 3_140_000_000n],
    ['314e-2', 31_400_000n],
    ['0.00000010e1', 10n],
    ['1.50000000', 15_000_000n],
    ['007', 70_000_000n],
    ['922337203685.4775807', MAX_STROOPS]
  ])('%s is %s stroops', (input, stroops) => {
    expect(parsePiAmount(input)).toBe(stroops)
  })

  it('reads 0.1 + 0.2 as the float it is, never as 0.3', () => {
    // 0.1 + 0.2 === 0.30000000000000004: 17 decimals, so the sum of floats is refused outright.
    expect(errorOf(() => parsePiAmount(0.1 + 0.2)).code).toBe('too_many_decimals')
  })

  it.each<[number | string, string]>([
    [Number.NaN, 'invalid_amount'],
    [Number.POSITIVE_INFINITY, 'invalid_amount'],
    [Number.NEGATIVE_INFINITY, 'invalid_amount'],
    ['', 'invalid_amount'],
    ['1.2.3', 'invalid_amount'],
    ['0x10', 'invalid_amount'],
    [' 1', 'invalid_amount'],
    ['1 ', 'invalid_amount'],
    ['1,5', 'invalid_amount'],
    ['+1', 'invalid_amount'],
    ['.5', 'invalid_amount'],
    ['5.', 'invalid_amount'],
    ['1e', 'invalid_amount'],
    ['e7', 'invalid_amount'],
    ['1e+-7', 'invalid_amount'],
    ['Infinity', 'invalid_amount'],
    ['NaN', 'invalid_amount'],
    ['١', 'invalid_amount'],
    ['1_000', 'invalid_amount'],
    [1.5e-7, 'too_many_decimals'],
    [1e-8, 'too_many_decimals'],
    [0.12345678, 'too_many_decimals'],
    ['1.00000001', 'too_many_decimals'],
    ['1e-99999999999999999999', 'too_many_decimals'],
    [1e21, 'amount_out_of_range'],
    [1e300, 'amount_out_of_range'],
    [Number.MAX_VALUE, 'amount_out_of_range'],
    ['922337203685.4775808', 'amount_out_of_range'],
    ['1e99999999999999999999', 'amount_out_of_range'],
    [-1, 'amount_negative'],
    ['-0', 'amount_negative'],
    [-1e-7, 'amount_negative'],
    [0, 'amount_not_positive'],
    [-0, 'amount_not_positive'],
    ['0.0000000', 'amount_not_positive'],
    ['0e99999999999999999999', 'amount_not_positive']
  ])('refuses %s with %s', (input, code) => {
    expect(errorOf(() => parsePiAmount(input)).code).toBe(code)
  })

  it('refuses values that are neither numbers nor strings', () => {
    for (const value of [null, undefined, 1n, {}, [1], true]) {
      expect(errorOf(() => parsePiAmount(value as unknown as number)).code).toBe('invalid_amount')
    }
  })

  it('accepts zero and negatives only when the caller allows them', () => {
    expect(parsePiAmount(0, { allowZero: true })).toBe(0n)
    expect(parsePiAmount('-0', ANY_SIGN)).toBe(0n)
    expect(parsePiAmount(-2.5, { allowNegative: true })).toBe(-25_000_000n)
    expect(parsePiAmount('-922337203685.4775807', { allowNegative: true })).toBe(-MAX_STROOPS)
    expect(errorOf(() => parsePiAmount('-922337203685.4775808', ANY_SIGN)).code).toBe('amount_out_of_range')
    expect(errorOf(() => parsePiAmount(0, { allowNegative: true })).code).toBe('amount_not_positive')
    expect(errorOf(() => parsePiAmount(-1, { allowZero: true })).code).toBe('amount_negative')
  })

  it('explains a decimals error with the amount and how many decimals it has', () => {
    const error = errorOf(() => parsePiAmount('1.00000001'))
    expect(error.message).toBe('Pi amounts have at most 7 decimals (0.0000001 Pi); 1.00000001 has 8.')
    expect(errorOf(() => parsePiAmount(1.5e-7)).message).toContain('1.5e-7 has 8')
  })

  it('shortens absurdly long input in its messages', () => {
    const error = errorOf(() => parsePiAmount(`1${'0'.repeat(5000)}`))
    expect(error.code).toBe('amount_out_of_range')
    expect(error.message.length).toBeLessThan(200)
  })
})

describe('parseHorizonAmount reads Horizon 7-decimal strings', () => {
  it.each<[string, bigint]>([
    ['2.0600000', 20_600_000n],
    ['0.0000001', 1n],
    ['0.0000000', 0n],
    ['0', 0n],
    ['100', 1_000_000_000n],
    ['1.5', 15_000_000n],
    ['922337203685.4775807', MAX_STROOPS]
  ])('%s is %s stroops', (text, stroops) => {
    expect(parseHorizonAmount(text)).toBe(stroops)
  })

  it.each<[string, string]>([
    ['-1.0000000', 'invalid_amount'],
    ['1e-7', 'invalid_amount'],
    ['+1', 'invalid_amount'],
    ['.5', 'invalid_amount'],
    ['', 'invalid_amount'],
    [' 1.0000000', 'invalid_amount'],
    ['1.00000001', 'too_many_decimals'],
    ['922337203685.4775808', 'amount_out_of_range']
  ])('refuses %s with %s', (text, code) => {
    expect(errorOf(() => parseHorizonAmount(text)).code).toBe(code)
  })
})

describe('parseUserAmount reads what a merchant types', () => {
  it.each<[string, bigint]>([
    ['1', 10_000_000n],
    ['1.5', 15_000_000n],
    ['0.0000001', 1n],
    ['.5', 5_000_000n],
    ['5.', 50_000_000n],
    ['  2.25 ', 22_500_000n],
    ['0012', 120_000_000n]
  ])('%j is %s stroops', (text, stroops) => {
    expect(parseUserAmount(text)).toBe(stroops)
  })

  it.each<[string, string, string]>([
    ['', 'invalid_amount', 'Enter an amount in Pi'],
    ['   ', 'invalid_amount', 'Enter an amount in Pi'],
    ['1,5', 'invalid_amount', 'use a dot for decimals'],
    ['1,234.5', 'invalid_amount', 'no thousands separators'],
    ['1e-7', 'invalid_amount', 'write it out in digits'],
    ['+1', 'invalid_amount', 'leave out the + sign'],
    ['1 000', 'invalid_amount', 'leave out spaces'],
    ['1.5 Pi', 'invalid_amount', 'without a unit'],
    ['1.5π', 'invalid_amount', 'without a unit'],
    ['1.2.3', 'invalid_amount', 'at most one dot'],
    ['.', 'invalid_amount', 'type digits'],
    ['abc', 'invalid_amount', 'type digits'],
    ['1.00000001', 'too_many_decimals', '1.00000001 has 8'],
    ['0', 'amount_not_positive', 'more than 0 Pi'],
    ['-1', 'amount_negative', 'cannot be negative'],
    ['9999999999999', 'amount_out_of_range', 'more than any Pi account can hold']
  ])('refuses %j with %s and says what to do', (text, code, advice) => {
    const error = errorOf(() => parseUserAmount(text))
    expect(error.code).toBe(code)
    expect(error.message).toContain(advice)
  })

  it('takes negative adjustments when the form allows them', () => {
    expect(parseUserAmount('-.5', { allowNegative: true })).toBe(-5_000_000n)
  })
})

describe('formatPi writes Horizon-style text', () => {
  it.each<[bigint, string, string]>([
    [0n, '0.0000000', '0.00'],
    [1n, '0.0000001', '0.0000001'],
    [-1n, '-0.0000001', '-0.0000001'],
    [STROOPS_PER_PI, '1.0000000', '1.00'],
    [15_000_000n, '1.5000000', '1.50'],
    [-5_000_000n, '-0.5000000', '-0.50'],
    [20_600_000n, '2.0600000', '2.06'],
    [123_456_789n, '12.3456789', '12.3456789'],
    [1_000_000_000_000n, '100000.0000000', '100000.00'],
    [MAX_STROOPS, '922337203685.4775807', '922337203685.4775807'],
    [MIN_STROOPS, '-922337203685.4775807', '-922337203685.4775807']
  ])('%s stroops is %s (short: %s)', (stroops, full, short) => {
    expect(formatPi(stroops)).toBe(full)
    expect(formatPiShort(stroops)).toBe(short)
  })

  it('refuses to format amounts outside int64', () => {
    expect(errorOf(() => formatPi(MAX_STROOPS + 1n)).code).toBe('amount_out_of_range')
    expect(errorOf(() => formatPi(MIN_STROOPS - 1n)).code).toBe('amount_out_of_range')
  })
})

describe('stroop arithmetic stays exact and inside int64', () => {
  it('adds, subtracts and compares exactly', () => {
    expect(addStroops(1n, 2n)).toBe(3n)
    expect(subtractStroops(1n, 2n)).toBe(-1n)
    expect(compareStroops(1n, 2n)).toBe(-1)
    expect(compareStroops(2n, 2n)).toBe(0)
    expect(compareStroops(3n, 2n)).toBe(1)
    expect(minStroops(5n, -3n, 9n)).toBe(-3n)
    expect(maxStroops(5n, -3n, 9n)).toBe(9n)
    expect(minStroops(7n)).toBe(7n)
  })

  it('sums a million one-stroop payments to exactly 0.1 Pi', () => {
    const payments = Array.from({ length: 1_000_000 }, () => 1n)
    expect(formatPi(sumStroops(payments))).toBe('0.1000000')
  })

  it('sums any iterable, including a generator and an empty list', () => {
    function* amounts(): Generator<bigint> {
      yield 10n
      yield -3n
    }
    expect(sumStroops(amounts())).toBe(7n)
    expect(sumStroops([])).toBe(0n)
  })

  it('throws amount_out_of_range on overflow instead of wrapping or growing', () => {
    expect(errorOf(() => addStroops(MAX_STROOPS, 1n)).code).toBe('amount_out_of_range')
    expect(errorOf(() => subtractStroops(MIN_STROOPS, 1n)).code).toBe('amount_out_of_range')
    expect(errorOf(() => sumStroops([MAX_STROOPS, MAX_STROOPS])).code).toBe('amount_out_of_range')
    expect(errorOf(() => compareStroops(MAX_STROOPS + 1n, 0n)).code).toBe('amount_out_of_range')
    expect(errorOf(() => maxStroops(0n, MIN_STROOPS - 1n)).code).toBe('amount_out_of_range')
  })

  it('lets partial sums leave the range when the total comes back into it', () => {
    expect(sumStroops([MAX_STROOPS, 1n, -1n])).toBe(MAX_STROOPS)
  })

  it('refuses numbers where stroops are expected', () => {
    expect(errorOf(() => addStroops(1 as unknown as bigint, 1n)).code).toBe('invalid_amount')
    expect(errorOf(() => sumStroops([1n, 0.5 as unknown as bigint])).code).toBe('invalid_amount')
  })
})

describe('toPiNumberForApi builds the create-payment number from the decimal text', () => {
  it.each<[bigint, number]>([
    [1n, 1e-7],
    [STROOPS_PER_PI, 1],
    [31_400_000n, 3.14],
    [3_000_000n, 0.3],
    [123_456_789n, 12.3456789]
  ])('%s stroops is sent as %s', (stroops, number) => {
    expect(toPiNumberForApi(stroops)).toBe(number)
  })

  it('refuses an amount that would reach Pi as a different number', () => {
    const error = errorOf(() => toPiNumberForApi(5_368_709_120_000_003n))
    expect(error.code).toBe('amount_not_representable')
    expect(error.message).toContain('536870912.0000003 Pi')
    expect(error.message).toContain('536870912.0000004')
  })
})
