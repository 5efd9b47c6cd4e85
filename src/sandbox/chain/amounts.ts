// Stroops <-> Horizon's 7-decimal amount strings. Exact integer arithmetic only: never a float.

const SCALE = 10_000_000n

/** 20500000n -> "2.0500000" (Horizon always prints seven decimals). */
export function formatStroops(stroops: bigint): string {
  const negative = stroops < 0n
  const magnitude = negative ? -stroops : stroops
  const whole = magnitude / SCALE
  const fraction = (magnitude % SCALE).toString().padStart(7, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/** "2.05" -> 20500000n; refuses more than seven decimals, exponents and anything not a plain decimal. */
export function parseAmount(text: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,7}))?$/.exec(text.trim())
  if (match === null) throw new RangeError(`not a 7-decimal amount: ${JSON.stringify(text)}`)
  const [, sign, whole = '0', fraction = ''] = match
  const stroops = BigInt(whole) * SCALE + BigInt(fraction.padEnd(7, '0'))
  return sign === '-' ? -stroops : stroops
}
