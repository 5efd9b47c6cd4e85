import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addStroops,
  compareStroops,
  formatPi,
  formatPiShort,
  MAX_EXACT_API_NUMBER_STROOPS,
  MAX_STROOPS,
  MIN_STROOPS,
  parseHorizonAmount,
  parsePiAmount,
  parseUserAmount,
  subtractStroops,
  sumStroops,
  toPiNumberForApi
} from '../../src/shared/money'

const ANY_SIGN = { allowZero: true, allowNegative: true } as const
const anyStroops = fc.bigInt({ min: MIN_STROOPS, max: MAX_STROOPS })
const apiStroops = fc.bigInt({ min: -MAX_EXACT_API_NUMBER_STROOPS, max: MAX_EXACT_API_NUMBER_STROOPS })
// Small enough that sums of a few never leave int64, large enough to carry every digit position.
const everydayStroops = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n })

function sendsExactly(stroops: bigint): boolean {
  return parsePiAmount(Number(formatPi(stroops)), ANY_SIGN) === stroops
}

describe('text round trips over the whole int64 range', () => {
  it('parses formatPi output back to the same stroops', () => {
    fc.assert(
      fc.property(anyStroops, (x) => {
        expect(parsePiAmount(formatPi(x), ANY_SIGN)).toBe(x)
        expect(parseUserAmount(formatPi(x), ANY_SIGN)).toBe(x)
        expect(parsePiAmount(formatPiShort(x), ANY_SIGN)).toBe(x)
      }),
      { numRuns: 2000 }
    )
  })

  it('reads non-negative amounts back through the Horizon parser', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_STROOPS }), (x) => {
        expect(parseHorizonAmount(formatPi(x))).toBe(x)
      }),
      { numRuns: 1000 }
    )
  })

  it('always writes exactly 7 decimals', () => {
    fc.assert(
      fc.property(anyStroops, (x) => {
        expect(formatPi(x)).toMatch(/^-?(0|[1-9]\d*)\.\d{7}$/)
      })
    )
  })

  it('reads the same amount in any exponent notation', () => {
    fc.assert(
      fc.property(anyStroops, fc.integer({ min: -30, max: 30 }), fc.constantFrom('e', 'E'), (x, shift, e) => {
        // Move the decimal point `shift` places left and compensate with the exponent: pure text.
        const sign = x < 0n ? '-' : ''
        const digits = (x < 0n ? -x : x).toString()
        const pointAt = digits.length - 7 - shift
        const mantissa =
          pointAt <= 0
            ? `0.${'0'.repeat(-pointAt)}${digits}`
            : pointAt >= digits.length
              ? `${digits}${'0'.repeat(pointAt - digits.length)}.0`
              : `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`
        expect(parsePiAmount(`${sign}${mantissa}${e}${shift >= 0 ? '+' : ''}${shift}`, ANY_SIGN)).toBe(x)
      }),
      { numRuns: 2000 }
    )
  })

  it('ignores leading zeros and trailing zeros past the 7th decimal', () => {
    fc.assert(
      fc.property(anyStroops, fc.nat(5), fc.nat(5), (x, lead, trail) => {
        const text = formatPi(x)
        const negative = text.startsWith('-')
        const body = negative ? text.slice(1) : text
        const padded = `${negative ? '-' : ''}${'0'.repeat(lead)}${body}${'0'.repeat(trail)}`
        expect(parsePiAmount(padded, ANY_SIGN)).toBe(x)
      })
    )
  })

  it('refuses every 8th decimal that is not zero', () => {
    fc.assert(
      fc.property(anyStroops, fc.integer({ min: 1, max: 9 }), (x, digit) => {
        expect(() => parsePiAmount(`${formatPi(x)}${digit}`, ANY_SIGN)).toThrow(/at most 7 decimals/)
      })
    )
  })
})

describe('the JSON number sent to the Pi API', () => {
  it(`round trips exactly for every amount up to ${MAX_EXACT_API_NUMBER_STROOPS} stroops (2^29 Pi)`, () => {
    fc.assert(
      fc.property(apiStroops, (x) => {
        expect(sendsExactly(x)).toBe(true)
        expect(parsePiAmount(toPiNumberForApi(x), ANY_SIGN)).toBe(x)
      }),
      { numRuns: 5000 }
    )
  })

  it('round trips for every amount in the last 200,000 stroops below the bound', () => {
    for (let x = MAX_EXACT_API_NUMBER_STROOPS - 200_000n; x <= MAX_EXACT_API_NUMBER_STROOPS; x++) {
      if (!sendsExactly(x)) throw new Error(`${formatPi(x)} Pi does not survive a JSON number`)
    }
    expect(sendsExactly(MAX_EXACT_API_NUMBER_STROOPS)).toBe(true)
  })

  it('round trips around every power of two of Pi below the bound, where double spacing doubles', () => {
    for (let power = 0n; power <= 29n; power++) {
      const edge = 2n ** power * 10_000_000n
      for (let x = edge - 2_000n; x <= edge + 2_000n && x <= MAX_EXACT_API_NUMBER_STROOPS; x++) {
        if (!sendsExactly(x)) throw new Error(`${formatPi(x)} Pi does not survive a JSON number`)
      }
    }
    expect(sendsExactly(2n ** 29n * 10_000_000n)).toBe(true)
  })

  it('first fails just past the bound, at 536870912.0000003 Pi, and toPiNumberForApi refuses it', () => {
    const firstFailure = MAX_EXACT_API_NUMBER_STROOPS + 3n
    expect(sendsExactly(MAX_EXACT_API_NUMBER_STROOPS + 1n)).toBe(true)
    expect(sendsExactly(MAX_EXACT_API_NUMBER_STROOPS + 2n)).toBe(true)
    expect(sendsExactly(firstFailure)).toBe(false)
    expect(() => toPiNumberForApi(firstFailure)).toThrow(/cannot be sent to the Pi API exactly/)
  })

  it('toPiNumberForApi never returns a number that reads back differently, anywhere in int64', () => {
    fc.assert(
      fc.property(anyStroops, (x) => {
        let sent: number
        try {
          sent = toPiNumberForApi(x)
        } catch {
          expect(sendsExactly(x)).toBe(false)
          return
        }
        expect(parsePiAmount(sent, ANY_SIGN)).toBe(x)
      }),
      { numRuns: 3000 }
    )
  })

  it('any double the parser accepts is named exactly by the 7-decimal text it becomes', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (d) => {
        let stroops: bigint
        try {
          stroops = parsePiAmount(d, ANY_SIGN)
        } catch {
          return
        }
        expect(Number(formatPi(stroops))).toBe(d === 0 ? 0 : d)
      }),
      { numRuns: 5000 }
    )
  })

  it('accepts every double written with at most 7 decimals and 15 significant digits', () => {
    // 15 significant digits is what a double always carries through String() unchanged.
    const units = fc.bigInt({ min: -(10n ** 15n - 1n), max: 10n ** 15n - 1n })
    fc.assert(
      fc.property(units, fc.integer({ min: 4, max: 7 }), (written, decimals) => {
        const d = Number(`${written}e-${decimals}`)
        expect(parsePiAmount(d, ANY_SIGN)).toBe(written * 10n ** BigInt(7 - decimals))
      }),
      { numRuns: 3000 }
    )
  })
})

describe('arithmetic laws', () => {
  it('addition is associative and commutative', () => {
    fc.assert(
      fc.property(everydayStroops, everydayStroops, everydayStroops, (a, b, c) => {
        expect(addStroops(addStroops(a, b), c)).toBe(addStroops(a, addStroops(b, c)))
        expect(addStroops(a, b)).toBe(addStroops(b, a))
      })
    )
  })

  it('a sum does not depend on order or grouping, and matches pairwise addition', () => {
    const amountsAndReordering = fc
      .array(everydayStroops, { maxLength: 40 })
      .chain((amounts) =>
        fc.tuple(
          fc.constant(amounts),
          fc.shuffledSubarray(amounts, { minLength: amounts.length, maxLength: amounts.length }),
          fc.nat(amounts.length)
        )
      )
    fc.assert(
      fc.property(amountsAndReordering, ([amounts, reordered, split]) => {
        const total = sumStroops(amounts)
        const grouped = addStroops(sumStroops(amounts.slice(0, split)), sumStroops(amounts.slice(split)))
        const pairwise = amounts.reduce((sum, amount) => addStroops(sum, amount), 0n)
        expect(sumStroops(reordered)).toBe(total)
        expect(grouped).toBe(total)
        expect(pairwise).toBe(total)
        expect(total).toBe(amounts.reduce((sum, amount) => sum + amount, 0n))
      })
    )
  })

  it('subtraction undoes addition and compare agrees with the sign of the difference', () => {
    fc.assert(
      fc.property(everydayStroops, everydayStroops, (a, b) => {
        expect(subtractStroops(addStroops(a, b), b)).toBe(a)
        const difference = subtractStroops(a, b)
        expect(compareStroops(a, b)).toBe(difference < 0n ? -1 : difference > 0n ? 1 : 0)
      })
    )
  })

  it('overflows exactly when the true result leaves int64', () => {
    fc.assert(
      fc.property(anyStroops, anyStroops, (a, b) => {
        const exact = a + b
        if (exact > MAX_STROOPS || exact < MIN_STROOPS) {
          expect(() => addStroops(a, b)).toThrow(/beyond what a Pi account can hold/)
        } else {
          expect(addStroops(a, b)).toBe(exact)
        }
      }),
      { numRuns: 2000 }
    )
  })
})
