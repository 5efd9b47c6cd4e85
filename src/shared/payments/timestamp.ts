// Pi's `created_at` is ISO-8601 text. Date.parse alone is too forgiving (it turns "2024-02-30" into
// March 1st and reads a zone-less time in the *local* zone), so dates are checked field by field
// and a missing zone means UTC: Pi's servers stamp in UTC, and the merchant's laptop zone must not
// shift a payment into another business day.

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/

export function parsePiTimestamp(text: string): Date | null {
  const match = ISO_TIMESTAMP.exec(text)
  if (!match) return null
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match
  const y = Number(year)
  const mo = Number(month)
  const d = Number(day)
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(-2)) > 59)) return null
  // Date keeps milliseconds; finer digits are dropped (truncated, not rounded, so a payment never
  // moves into the next second or day).
  const millis = fraction.slice(0, 3).padEnd(3, '0')
  const normalised = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${normaliseZone(zone)}`
  const date = new Date(normalised)
  return Number.isNaN(date.getTime()) ? null : date
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function normaliseZone(zone: string): string {
  return zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
}
