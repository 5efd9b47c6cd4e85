// Invariant: money is an exact integer number of stroops (bigint) that fits in a signed 64-bit
// integer, because that is what the chain, Horizon and our SQLite columns can hold. Every
// operation here checks the range and throws rather than produce an amount nothing else can store.
import { UserFacingError } from '../errors'

/** An amount of Pi in stroops: 1 Pi = 10,000,000 stroops. Always a bigint, never a float. */
export type Stroops = bigint

export const STROOPS_PER_PI = 10_000_000n
/** Decimals of a Pi amount: one stroop is 0.0000001 Pi. */
export const PI_DECIMALS = 7

/** Largest int64: 922,337,203,685.4775807 Pi. */
export const MAX_STROOPS: Stroops = 2n ** 63n - 1n
/**
 * Symmetric with MAX_STROOPS (one above int64's minimum) so that negating an amount, or formatting
 * and parsing it back, can never leave the range.
 */
export const MIN_STROOPS: Stroops = -MAX_STROOPS

export function isStroops(value: unknown): value is Stroops {
  return typeof value === 'bigint' && value >= MIN_STROOPS && value <= MAX_STROOPS
}

export function assertStroops(value: unknown, what = 'The amount'): Stroops {
  if (typeof value !== 'bigint') {
    throw new UserFacingError('invalid_amount', `${what} is not an amount of stroops.`)
  }
  if (value < MIN_STROOPS || value > MAX_STROOPS) {
    throw new UserFacingError(
      'amount_out_of_range',
      `${what} is beyond what a Pi account can hold (at most 922337203685.4775807 Pi either way).`
    )
  }
  return value
}

export function addStroops(a: Stroops, b: Stroops): Stroops {
  return assertStroops(assertStroops(a) + assertStroops(b), 'The total')
}

export function subtractStroops(a: Stroops, b: Stroops): Stroops {
  return assertStroops(assertStroops(a) - assertStroops(b), 'The difference')
}

/**
 * Exact total. Each term must be in range, and so must the result; intermediate partial sums may
 * leave the range (bigint cannot overflow), which keeps the sum independent of order and grouping.
 */
export function sumStroops(amounts: Iterable<Stroops>): Stroops {
  let total = 0n
  for (const amount of amounts) total += assertStroops(amount)
  return assertStroops(total, 'The total')
}

export function compareStroops(a: Stroops, b: Stroops): -1 | 0 | 1 {
  assertStroops(a)
  assertStroops(b)
  return a < b ? -1 : a > b ? 1 : 0
}

export function minStroops(first: Stroops, ...rest: readonly Stroops[]): Stroops {
  let min = assertStroops(first)
  for (const amount of rest) if (assertStroops(amount) < min) min = amount
  return min
}

export function maxStroops(first: Stroops, ...rest: readonly Stroops[]): Stroops {
  let max = assertStroops(first)
  for (const amount of rest) if (assertStroops(amount) > max) max = amount
  return max
}
