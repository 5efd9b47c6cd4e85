// Business days are local calendar days: 23 or 25 hours across DST changes, starting at :30 in
// India, and at 01:00 where a DST jump skips midnight.
import { describe, expect, it } from 'vitest'
import { businessDays, MAX_DASHBOARD_DAYS } from '../../../src/main/dashboard'

const days = (from: string, to: string, zone: string) =>
  businessDays(from, to, zone).map((day) => [day.day, new Date(day.start).toISOString(), (day.end - day.start) / 3_600_000])

describe('businessDays', () => {
  it.each([
    [
      'Europe/Berlin, spring forward',
      ['2025-03-29', '2025-03-31', 'Europe/Berlin'],
      [
        ['2025-03-29', '2025-03-28T23:00:00.000Z', 24],
        ['2025-03-30', '2025-03-29T23:00:00.000Z', 23],
        ['2025-03-31', '2025-03-30T22:00:00.000Z', 24]
      ]
    ],
    [
      'Europe/Berlin, fall back',
      ['2025-10-26', '2025-10-26', 'Europe/Berlin'],
      [['2025-10-26', '2025-10-25T22:00:00.000Z', 25]]
    ],
    [
      'America/New_York, spring forward',
      ['2025-03-09', '2025-03-10', 'America/New_York'],
      [
        ['2025-03-09', '2025-03-09T05:00:00.000Z', 23],
        ['2025-03-10', '2025-03-10T04:00:00.000Z', 24]
      ]
    ],
    [
      'America/New_York, fall back',
      ['2025-11-02', '2025-11-03', 'America/New_York'],
      [
        ['2025-11-02', '2025-11-02T04:00:00.000Z', 25],
        ['2025-11-03', '2025-11-03T05:00:00.000Z', 24]
      ]
    ],
    ['Asia/Kolkata, at half past', ['2025-01-01', '2025-01-01', 'Asia/Kolkata'], [['2025-01-01', '2024-12-31T18:30:00.000Z', 24]]],
    [
      'America/Santiago, where midnight does not exist',
      ['2024-09-08', '2024-09-09', 'America/Santiago'],
      [
        ['2024-09-08', '2024-09-08T04:00:00.000Z', 23],
        ['2024-09-09', '2024-09-09T03:00:00.000Z', 24]
      ]
    ],
    ['UTC', ['2024-02-28', '2024-03-01', 'UTC'], [
      ['2024-02-28', '2024-02-28T00:00:00.000Z', 24],
      ['2024-02-29', '2024-02-29T00:00:00.000Z', 24],
      ['2024-03-01', '2024-03-01T00:00:00.000Z', 24]
    ]]
  ] as const)('counts %s', (_case, [from, to, zone], expected) => {
    expect(days(from, to, zone)).toEqual(expected)
  })

  it('gives a day that never happened no time at all (Samoa skipped 30 December 2011)', async () => {
    expect(days('2011-12-29', '2011-12-31', 'Pacific/Apia')).toEqual([
      ['2011-12-29', '2011-12-29T10:00:00.000Z', 24],
      ['2011-12-30', '2011-12-30T10:00:00.000Z', 0],
      ['2011-12-31', '2011-12-30T10:00:00.000Z', 24]
    ])
  })

  it('leaves no gap and no overlap between days across a whole year', async () => {
    const year = businessDays('2025-01-01', '2025-12-31', 'America/New_York')
    expect(year).toHaveLength(365)
    for (let index = 1; index < year.length; index++) expect(year[index]?.start).toBe(year[index - 1]?.end)
    expect(year.filter((day) => day.end - day.start !== 86_400_000).map((day) => day.day)).toEqual(['2025-03-09', '2025-11-02'])
  })

  it.each([
    ['an unknown zone', ['2025-01-01', '2025-01-02', 'Mars/Olympus'], 'invalid_time_zone', /not a time zone name/],
    ['a date that does not exist', ['2025-02-30', '2025-03-01', 'UTC'], 'invalid_period', /"2025-02-30" is not a date/],
    ['a date in another format', ['01/02/2025', '2025-03-01', 'UTC'], 'invalid_period', /is not a date such as/],
    ['a period that ends first', ['2025-03-02', '2025-03-01', 'UTC'], 'invalid_period', /ends before it starts/],
    ['more than ten years', ['2010-01-01', '2025-01-01', 'UTC'], 'invalid_period', new RegExp(`at most ${MAX_DASHBOARD_DAYS} days`)]
  ] as const)('refuses %s', (_case, [from, to, zone], code, message) => {
    expect(() => businessDays(from, to, zone)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }))
  })
})
