// Pi's API carries amounts as JSON numbers; the simulator keeps integer stroops. Conversions go
// through decimal text (never float arithmetic), so 1e-7 and 0.1 map to exactly 1 and 1,000,000
// stroops, and a stroop count prints back as the shortest JSON number for that decimal.

export const STROOPS_PER_PI = 10_000_000n

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i

/**
 * Exact stroops of a JSON number, or null when it is not a positive amount with at most 7
 * meaningful decimals (what Pi answers `invalid_amount` to).
 */
export function stroopsFromApiAmount(value: unknown): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null
  const match = DECIMAL.exec(String(value))
  if (!match) return null
  const [, whole = '0', fraction = '', exponentText] = match
  const exponent = exponentText === undefined ? 0 : Number(exponentText)
  // digits × 10^(exponent - fraction.length) stroops × 10^7
  const digits = BigInt(whole + fraction)
  const scale = exponent - fraction.length + 7
  if (scale >= 0) return digits * 10n ** BigInt(scale)
  const divisor = 10n ** BigInt(-scale)
  if (digits % divisor !== 0n) return null
  const stroops = digits / divisor
  return stroops > 0n ? stroops : null
}

/** Horizon-style fixed 7-decimal text: 10000000n → "1.0000000". */
export function formatStroops(stroops: bigint): string {
  const negative = stroops < 0n
  const magnitude = negative ? -stroops : stroops
  const whole = magnitude / STROOPS_PER_PI
  const fraction = (magnitude % STROOPS_PER_PI).toString().padStart(7, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/** The JSON number Pi would send for this many stroops (tiny ones serialize as 1e-7). */
export function apiAmountFromStroops(stroops: bigint): number {
  return Number(formatStroops(stroops))
}
