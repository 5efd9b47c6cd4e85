// Invariant: amounts leave the app as exact 7-decimal text; the single float we ever produce (the
// Pi API's create-payment body insists on a JSON number) is checked to read back as the same stroops.
import { UserFacingError } from '../errors'
import { parsePiAmount } from './parse'
import { assertStroops, PI_DECIMALS, type Stroops } from './stroops'

/**
 * Up to this many stroops (536,870,912 Pi = 2^29 Pi) every amount survives Number(formatPi(x)) and
 * String() unchanged. Below 2^29 the gap between doubles is at most 2^-24 Pi (< 0.0000001 Pi), so
 * each 7-decimal amount has its own double, and the shortest text naming that double is the amount
 * itself. Above it the gap is 2^-23 Pi and two amounts can share a double: 536870912.0000003 Pi is
 * the first that comes back different (as ...0004). Pi amounts that large are not expected; the
 * check in toPiNumberForApi guards the rest.
 */
export const MAX_EXACT_API_NUMBER_STROOPS: Stroops = 2n ** 29n * 10_000_000n

/** Horizon-style text with exactly 7 decimals: "1.0000000", "-0.5000000". */
export function formatPi(amount: Stroops): string {
  const value = assertStroops(amount)
  const digits = (value < 0n ? -value : value).toString().padStart(PI_DECIMALS + 1, '0')
  const whole = digits.slice(0, -PI_DECIMALS)
  const fraction = digits.slice(-PI_DECIMALS)
  return `${value < 0n ? '-' : ''}${whole}.${fraction}`
}

/**
 * For people: trailing zeros trimmed, but at least 2 decimals so it still reads as money
 * ("1.00", "1.50", "0.0000001", "12.3456789"). Never rounds: every stroop stays visible.
 */
export function formatPiShort(amount: Stroops): string {
  const full = formatPi(amount)
  const dot = full.indexOf('.')
  const fraction = full.slice(dot + 1).replace(/0+$/, '').padEnd(2, '0')
  return `${full.slice(0, dot)}.${fraction}`
}

/**
 * The JSON number for the Pi API's `amount`. Built from the decimal text (never by dividing by
 * 10^7) and refused unless it reads back as exactly the same stroops, so Pi cannot be asked for an
 * amount that differs from the one the merchant approved.
 */
export function toPiNumberForApi(amount: Stroops): number {
  const number = Number(formatPi(amount))
  const readBack = parsePiAmount(number, { allowZero: true, allowNegative: true })
  if (readBack !== amount) {
    throw new UserFacingError(
      'amount_not_representable',
      `${formatPi(amount)} Pi cannot be sent to the Pi API exactly (it would arrive as ${String(number)}).`,
      { amount: formatPi(amount) }
    )
  }
  return number
}
