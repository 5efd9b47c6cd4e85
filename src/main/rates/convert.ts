// Invariant: a fiat price becomes stroops by integer arithmetic only, rounded UP to the stroop, so
// the shop is never paid less than its price at the locked rate. No float touches the value.
import { STROOPS_PER_PI, type Stroops } from '../../shared/money'
import type { Decimal } from './currency'

/**
 * Pi to ask for a fiat price at a rate (units of the currency per Pi):
 * ceil(price / rate) in stroops = ceil(P·10^rs·10^7 / (R·10^ps)).
 */
export function fiatToStroops(price: Decimal, rate: Decimal): Stroops {
  if (price.digits <= 0n || rate.digits <= 0n) throw new RangeError('price and rate must be positive')
  const numerator = price.digits * 10n ** BigInt(rate.scale) * STROOPS_PER_PI
  const denominator = rate.digits * 10n ** BigInt(price.scale)
  return (numerator + denominator - 1n) / denominator
}

/**
 * The exact decimal text of a JSON number as its sender wrote it (shortest round-trip form), with
 * exponent forms written out: 3.5e-7 -> "0.00000035". Null for anything not finite and positive.
 */
export function decimalTextOfNumber(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value))
  if (match === null) return null
  const whole = match[1] ?? '0'
  const fraction = match[2] ?? ''
  const exponent = Number(match[3] ?? '0')
  const digits = whole + fraction
  const point = whole.length + exponent
  let text: string
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length)
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`
  text = text.replace(/^0+(?=\d)/, '')
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}
