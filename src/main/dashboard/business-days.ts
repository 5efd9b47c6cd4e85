// Calendar days in the merchant's business time zone, as UTC millisecond ranges. SQLite has no
// time zone database, so the boundaries are computed here (luxon reads the IANA data Node ships)
// and handed to SQL: a day is [its local midnight, the next local midnight), 23 or 25 hours long
// across a DST change, and every payment falls in exactly one day.
import { DateTime, IANAZone } from 'luxon'
import { UserFacingError } from '../../shared/errors'

export interface BusinessDay {
  /** The local date, YYYY-MM-DD. */
  readonly day: string
  /** First millisecond of the day, UTC epoch ms. */
  readonly start: number
  /** First millisecond of the next day. */
  readonly end: number
}

/** About ten years of days: the longest period the dashboard sums in one go. */
export const MAX_DASHBOARD_DAYS = 3660
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/** Every day from `from` to `to`, both included. */
export function businessDays(from: string, to: string, timeZone: string): BusinessDay[] {
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    throw new UserFacingError('invalid_time_zone', `"${String(timeZone)}" is not a time zone name, such as Europe/Berlin or UTC.`)
  }
  const first = calendarDate(from)
  const last = calendarDate(to)
  if (last < first) throw invalidPeriod('The period ends before it starts.')
  const count = (last - first) / DAY_MS + 1
  if (count > MAX_DASHBOARD_DAYS) throw invalidPeriod(`The dashboard covers at most ${MAX_DASHBOARD_DAYS} days at a time.`)

  const zone = IANAZone.create(timeZone)
  const starts: number[] = []
  // Asking the zone for its offset is the slow part (Intl under the hood): one question per day
  // confirms that the previous day's offset still holds at this midnight, and only a day where
  // it changed (a DST switch at midnight, a skipped midnight) is worked out in full by luxon.
  let offset = zone.offset(first)
  for (let index = 0; index <= count; index++) {
    const wall = first + index * DAY_MS
    const guess = wall - offset * MINUTE_MS
    if (zone.offset(guess) === offset) {
      starts.push(guess)
      continue
    }
    const start = localMidnight(wall, timeZone)
    offset = zone.offset(start)
    starts.push(start)
  }
  return starts.slice(0, count).map((start, index) => ({
    day: new Date(first + index * DAY_MS).toISOString().slice(0, 10),
    start,
    end: starts[index + 1] as number
  }))
}

/** The date as UTC midnight epoch ms (a calendar date, not an instant), or an error. */
function calendarDate(text: string): number {
  const match = typeof text === 'string' ? ISO_DATE.exec(text) : null
  const [, year, month, day] = match ?? []
  const value = Date.UTC(Number(year), Number(month) - 1, Number(day))
  if (match === null || new Date(value).toISOString().slice(0, 10) !== text) {
    throw invalidPeriod(`"${String(text)}" is not a date such as 2025-03-31.`)
  }
  return value
}

/** Where midnight does not exist (a DST jump at 00:00), the day starts at its first real minute. */
function localMidnight(wall: number, timeZone: string): number {
  const date = new Date(wall)
  return DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    { zone: timeZone }
  )
    .startOf('day')
    .toMillis()
}

function invalidPeriod(message: string): UserFacingError {
  return new UserFacingError('invalid_period', message)
}
