// The dashboard's periods, as calendar days in the business time zone (the contract's
// `dashboard:summary` takes days, inclusive). "This month" on the 1st is one day, never an empty
// range, and never reaches into days that have not happened yet.
import { DateTime } from 'luxon'

export const PERIOD_KINDS = ['this_month', 'last_30_days', 'this_year', 'custom'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

export const PERIOD_LABELS: Readonly<Record<PeriodKind, string>> = {
  this_month: 'This month',
  last_30_days: 'Last 30 days',
  this_year: 'This year',
  custom: 'Custom'
}

export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  readonly from: string
  readonly to: string
}

export type PeriodResult = { readonly ok: true; readonly range: DayRange } | { readonly ok: false; readonly error: string }

/** The longest custom period: a daily chart of more days stops being readable. */
export const MAX_CUSTOM_DAYS = 3 * 366

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function periodRange(kind: PeriodKind, zone: string, now: Date, custom: DayRange): PeriodResult {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day')
  switch (kind) {
    case 'this_month':
      return range(today.startOf('month'), today)
    case 'last_30_days':
      return range(today.minus({ days: 29 }), today)
    case 'this_year':
      return range(today.startOf('year'), today)
    case 'custom':
      return customRange(custom, zone)
  }
}

/** Every day of the range, in order: the charts show quiet days as zero, not as gaps. */
export function daysOf({ from, to }: DayRange): string[] {
  const days: string[] = []
  let day = DateTime.fromISO(from, { zone: 'utc' })
  const last = DateTime.fromISO(to, { zone: 'utc' })
  if (!day.isValid || !last.isValid) return days
  while (day <= last && days.length <= MAX_CUSTOM_DAYS) {
    days.push(day.toISODate() ?? '')
    day = day.plus({ days: 1 })
  }
  return days
}

function customRange({ from, to }: DayRange, zone: string): PeriodResult {
  if (!DAY.test(from) || !DAY.test(to)) return { ok: false, error: 'Pick a first and a last day.' }
  const start = DateTime.fromISO(from, { zone })
  const end = DateTime.fromISO(to, { zone })
  if (!start.isValid || !end.isValid) return { ok: false, error: 'Pick a first and a last day.' }
  if (end < start) return { ok: false, error: 'The last day is before the first day.' }
  if (end.diff(start, 'days').days >= MAX_CUSTOM_DAYS) {
    return { ok: false, error: 'Pick at most three years; the daily charts cannot show more.' }
  }
  return range(start, end)
}

function range(start: DateTime, end: DateTime): PeriodResult {
  return { ok: true, range: { from: start.toISODate() ?? '', to: end.toISODate() ?? '' } }
}
