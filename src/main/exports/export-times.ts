// Timestamps in an export: every instant twice, ISO-8601 with a 24-hour clock and milliseconds,
// once in the business time zone with its offset ("2025-03-31T23:59:59.500+13:00") and once in
// UTC ("2025-03-31T10:59:59.500Z"). A spreadsheet sorts both as text in time order.
//
// Asking a zone for its offset goes through Intl and costs microseconds; a million rows would
// spend seconds on it. Offsets change a few times a year at most, never twice in one day, so one
// answer serves a whole UTC day, checked at both ends of that day: where the two differ (the day
// of a DST change) every instant of that day is asked about on its own.
import { IANAZone } from 'luxon'

const DAY_MS = 86_400_000

export interface InstantFormatter {
  /** In the zone, with its offset. */
  local(epochMs: number): string
  /** In UTC, with Z. */
  utc(epochMs: number): string
}

export function instantFormatter(timeZone: string): InstantFormatter {
  const zone = IANAZone.create(timeZone)
  let cachedDay = Number.NaN
  let cachedOffset: number | null = null

  const offsetAt = (epochMs: number): number => {
    const day = Math.floor(epochMs / DAY_MS)
    if (day !== cachedDay) {
      const atStart = zone.offset(day * DAY_MS)
      const atEnd = zone.offset((day + 1) * DAY_MS - 1)
      cachedDay = day
      cachedOffset = atStart === atEnd ? atStart : null
    }
    return cachedOffset ?? zone.offset(epochMs)
  }

  return {
    local(epochMs) {
      const offsetMinutes = offsetAt(epochMs)
      const wall = new Date(epochMs + offsetMinutes * 60_000).toISOString()
      return `${wall.slice(0, -1)}${offsetText(offsetMinutes)}`
    },
    utc(epochMs) {
      return new Date(epochMs).toISOString()
    }
  }
}

/** "+13:00", "-03:30", "+00:00". */
function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+'
  const minutes = Math.abs(Math.round(offsetMinutes))
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${sign}${hh}:${mm}`
}
