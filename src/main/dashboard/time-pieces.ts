// Splits a UTC time range into pieces payment_totals can answer: whole UTC days, hours and
// quarter hours, plus raw pieces (read from payments itself) only where the range starts or ends
// off a quarter hour. Every IANA zone in use today is offset by whole quarter hours, so a
// business day needs raw pieces only for odd historical offsets; the queue's "now" boundaries
// need them too.
//
// A piece may be subtracted: a Berlin day is the UTC day, plus the last hour of the UTC day
// before, minus its own last hour: 3 lookups instead of 24 hourly ones. The pieces' signed sum
// covers every millisecond of the range exactly once and nothing outside it.
export type PieceSpan = 'day' | 'hour' | 'quarter' | 'raw'

export interface TimePiece {
  readonly span: PieceSpan
  /** UTC epoch ms, inclusive. */
  readonly from: number
  /** UTC epoch ms, exclusive. */
  readonly to: number
  /** +1: add what the piece holds; -1: take it away. */
  readonly sign: 1 | -1
}

export const QUARTER_MS = 900_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** The bounds of a range open on one side: Date's own limits, which no payment time exceeds. */
export const EARLIEST_MS = -8_640_000_000_000_000
export const LATEST_MS = 8_640_000_000_000_000

const SPANS: ReadonlyArray<readonly [PieceSpan, number]> = [
  ['day', DAY_MS],
  ['hour', HOUR_MS],
  ['quarter', QUARTER_MS]
]
/** Rough cost of a piece in totals rows read; a raw piece reads payments, so it weighs most. */
const RAW_COST = 50

/** Mathematical floor to a multiple of `step`, also for times before 1970. */
function floorTo(time: number, step: number): number {
  return time - (((time % step) + step) % step)
}

/** The cheaper of the plain cover and the cover around the nearest whole UTC days. */
export function coverRange(from: number, to: number): TimePiece[] {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new RangeError('Time ranges are integer milliseconds.')
  if (to <= from) return []
  const plain = addCover(from, to, 1)
  const around = aroundWholeDays(from, to)
  return around !== null && cost(around) < cost(plain) ? around : plain
}

/** Whole UTC days from the midnight nearest `from` to the one nearest `to`, corrected at both ends. */
function aroundWholeDays(from: number, to: number): TimePiece[] | null {
  const firstDay = floorTo(from + DAY_MS / 2, DAY_MS)
  const endDay = floorTo(to + DAY_MS / 2, DAY_MS)
  if (firstDay >= endDay) return null
  return [
    { span: 'day', from: firstDay, to: endDay, sign: 1 },
    ...(from < firstDay ? addCover(from, firstDay, 1) : addCover(firstDay, from, -1)),
    ...(to > endDay ? addCover(endDay, to, 1) : addCover(to, endDay, -1))
  ]
}

/** Greedy cover of [from, to) by the largest aligned spans that fit, all with one sign. */
function addCover(from: number, to: number, sign: 1 | -1): TimePiece[] {
  const pieces: TimePiece[] = []
  let at = from
  while (at < to) {
    const fit = SPANS.find(([, size]) => at % size === 0 && at + size <= to)
    if (fit === undefined) {
      const end = Math.min(floorTo(at, QUARTER_MS) + QUARTER_MS, to)
      pieces.push({ span: 'raw', from: at, to: end, sign })
      at = end
      continue
    }
    const [span, size] = fit
    // Up to the next boundary of the span above, where a larger span can take over.
    const above = SPANS[SPANS.findIndex(([name]) => name === span) - 1]
    const limit = above === undefined ? to : Math.min(to, floorTo(at, above[1]) + above[1])
    const end = at + floorTo(limit - at, size)
    pieces.push({ span, from: at, to: end, sign })
    at = end
  }
  return pieces
}

function cost(pieces: readonly TimePiece[]): number {
  let total = 0
  for (const piece of pieces) {
    const size = SPANS.find(([span]) => span === piece.span)?.[1]
    total += size === undefined ? RAW_COST : (piece.to - piece.from) / size
  }
  return total
}
