// Conversions between domain values and the column encodings of schema.ts, so every
// repository maps booleans and times the same way.

export function toFlag(value: boolean): 0 | 1 {
  return value ? 1 : 0
}

export function fromFlag(value: bigint): boolean {
  return value === 1n
}

/** Times are stored as integer epoch milliseconds (UTC). */
export function toEpochMs(date: Date): number {
  const ms = date.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('An invalid date cannot be stored.')
  return ms
}

export function fromEpochMs(value: bigint): Date {
  return new Date(Number(value))
}
