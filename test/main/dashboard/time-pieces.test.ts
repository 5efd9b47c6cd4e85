// A time range becomes whole UTC days, hours and quarter hours, added or subtracted, and raw
// pieces only at ends off a quarter hour: their signed sum is exactly the range.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coverRange, DAY_MS, HOUR_MS, QUARTER_MS, type TimePiece } from '../../../src/main/dashboard/time-pieces'

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z')
const show = (from: number, to: number) =>
  coverRange(from, to).map((piece) => `${piece.sign > 0 ? '+' : '-'}${piece.span} ${iso(piece.from)}..${iso(piece.to)}`)

/** How many times the pieces count the millisecond `time`. */
function coverage(pieces: readonly TimePiece[], time: number): number {
  return pieces.reduce((total, piece) => total + (piece.from <= time && time < piece.to ? piece.sign : 0), 0)
}

describe('coverRange', () => {
  it('reads a Berlin day (UTC+1) as the UTC day, one hour before it, less its own last hour', async () => {
    expect(show(Date.UTC(2025, 0, 14, 23), Date.UTC(2025, 0, 15, 23))).toEqual([
      '+day 2025-01-15T00:00Z..2025-01-16T00:00Z',
      '+hour 2025-01-14T23:00Z..2025-01-15T00:00Z',
      '-hour 2025-01-15T23:00Z..2025-01-16T00:00Z'
    ])
  })

  it('reads a New York day (UTC-5) as the UTC day less five hours, plus five of the next', async () => {
    expect(show(Date.UTC(2025, 0, 15, 5), Date.UTC(2025, 0, 16, 5))).toEqual([
      '+day 2025-01-15T00:00Z..2025-01-16T00:00Z',
      '-hour 2025-01-15T00:00Z..2025-01-15T05:00Z',
      '+hour 2025-01-16T00:00Z..2025-01-16T05:00Z'
    ])
  })

  it('reads an Indian day (UTC+5:30) with quarter hours, and never from the payments', async () => {
    expect(show(Date.UTC(2024, 11, 31, 18, 30), Date.UTC(2025, 0, 1, 18, 30))).toEqual([
      '+day 2025-01-01T00:00Z..2025-01-02T00:00Z',
      '+quarter 2024-12-31T18:30Z..2024-12-31T19:00Z',
      '+hour 2024-12-31T19:00Z..2025-01-01T00:00Z',
      '-quarter 2025-01-01T18:30Z..2025-01-01T19:00Z',
      '-hour 2025-01-01T19:00Z..2025-01-02T00:00Z'
    ])
  })

  it('reads a UTC day as one day, and a year as days with an hour at each end', async () => {
    expect(show(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2))).toEqual(['+day 2025-01-01T00:00Z..2025-01-02T00:00Z'])
    expect(show(Date.UTC(2024, 11, 31, 23), Date.UTC(2025, 11, 31, 23))).toEqual([
      '+day 2025-01-01T00:00Z..2026-01-01T00:00Z',
      '+hour 2024-12-31T23:00Z..2025-01-01T00:00Z',
      '-hour 2025-12-31T23:00Z..2026-01-01T00:00Z'
    ])
  })

  it('reads from the payments only the minutes off a quarter hour', async () => {
    expect(show(Date.UTC(2025, 0, 1, 10, 7, 13, 5), Date.UTC(2025, 0, 1, 12))).toEqual([
      '+raw 2025-01-01T10:07:13.005Z..2025-01-01T10:15Z',
      '+quarter 2025-01-01T10:15Z..2025-01-01T11:00Z',
      '+hour 2025-01-01T11:00Z..2025-01-01T12:00Z'
    ])
  })

  it('answers nothing for an empty range', async () => {
    expect(coverRange(5, 5)).toEqual([])
  })

  it('counts every millisecond of any range exactly once, and nothing around it', async () => {
    const time = fc.integer({ min: -3 * 365 * DAY_MS, max: 60 * 365 * DAY_MS })
    const length = fc.oneof(fc.integer({ min: 1, max: 3 * HOUR_MS }), fc.integer({ min: 1, max: 40 * DAY_MS }))
    fc.assert(
      fc.property(time, length, fc.array(fc.integer({ min: -DAY_MS, max: 41 * DAY_MS }), { maxLength: 20 }), (from, size, probes) => {
        const to = from + size
        const pieces = coverRange(from, to)
        const edges = pieces.flatMap((piece) => [piece.from, piece.to, piece.from - 1, piece.to - 1])
        for (const probe of [from, to, from - 1, to - 1, ...edges, ...probes.map((offset) => from + offset)]) {
          expect(coverage(pieces, probe), `at ${probe}`).toBe(probe >= from && probe < to ? 1 : 0)
        }
        for (const piece of pieces) {
          const size = { day: DAY_MS, hour: HOUR_MS, quarter: QUARTER_MS, raw: 1 }[piece.span]
          expect(Math.abs(piece.from % size) + Math.abs(piece.to % size)).toBe(0)
          if (piece.span === 'raw') expect(piece.to - piece.from).toBeLessThan(QUARTER_MS)
        }
        expect(pieces.filter((piece) => piece.span === 'raw').length).toBeLessThanOrEqual(2)
      }),
      { numRuns: 500 }
    )
  })
})
