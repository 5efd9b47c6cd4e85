// The period of an export: calendar days in a time zone, both included, as one half-open range of
// UTC epoch milliseconds [first local midnight, the midnight after the last day). SQLite has no
// time zone database, so the boundaries are computed here (luxon reads the IANA data Node ships)
// and every row is compared with them as integers: a payment belongs to exactly one day.
import { DateTime, IANAZone } from 'luxon'
import { UserFacingError } from '../../shared/errors'

export interface ExportPeriod {
  /** YYYY-MM-DD, as given. */
  readonly from: string
  readonly to: string
  readonly timeZone: string
  /** First millisecond of `from` in the zone. */
  readonly startMs: number
  /** First millisecond of the day after `to`: the range is [startMs, endMs). */
  readonly endMs: number
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Checks the zone and both days; throws `invalid_time_zone` or `invalid_period` with a sentence. */
export function exportPeriod(from: string, to: string, timeZone: string): ExportPeriod {
  const zone = checkTimeZone(timeZone)
  const first = calendarDay(from, zone)
  const last = calendarDay(to, zone)
  if (last < first) {
    throw new UserFacingError('invalid_period', `The period ends before it starts: ${to} is before ${from}.`)
  }
  return { from, to, timeZone: zone, startMs: first.toMillis(), endMs: last.plus({ days: 1 }).startOf('day').toMillis() }
}

export function checkTimeZone(timeZone: string): string {
  const name = typeof timeZone === 'string' ? timeZone.trim() : ''
  if (!IANAZone.isValidZone(name)) {
    throw new UserFacingError('invalid_time_zone', `"${String(timeZone)}" is not a time zone name, such as Europe/Berlin or UTC.`)
  }
  return name
}

/** The day's first moment in the zone (its first real minute where a DST jump skips midnight). */
function calendarDay(text: string, zone: string): DateTime {
  const day = ISO_DATE.test(text) ? DateTime.fromISO(text, { zone }) : null
  if (day === null || !day.isValid || day.toISODate() !== text) throw new UserFacingError('invalid_period', dayRefusal(text))
  return day.startOf('day')
}

/**
 * Why `text` is not a day, in words: "2026-02-30" is written right but is not in the calendar,
 * which is a different mistake from "30/02/2026".
 */
export function dayRefusal(text: string): string {
  const written = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (written === null) return `"${text}" is not a day written YYYY-MM-DD, such as 2025-03-31.`
  const month = Number(written[2])
  if (month < 1 || month > 12) return `"${text}" is not a day of the calendar: there is no month ${written[2]}.`
  const days = DateTime.fromObject({ year: Number(written[1]), month }).daysInMonth ?? 31
  const name = DateTime.fromObject({ year: Number(written[1]), month }).setLocale('en').toFormat('LLLL yyyy')
  return `"${text}" is not a day of the calendar: ${name} has ${days} days.`
}
