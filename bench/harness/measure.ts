// Timing and the one output format of `npm run bench`. Every figure is printed as ONE JSON line
// that carries its own baseline, measured in the same run on the same data, so a reader can tell
// a slow machine (both numbers move) from a slow product (only the value moves). Machines here
// are shared, so every line also records the load average at the moment it was measured.
import { loadavg } from 'node:os'

export interface Target {
  /** 'max': value must be <= limit; 'min': value must be >= limit. */
  readonly kind: 'max' | 'min'
  readonly limit: number
  /** What the limit applies to: the value itself or the ratio to the baseline. */
  readonly of: 'value' | 'ratio'
}

export interface FigureLine {
  readonly figure: string
  /** The database engine the line was measured on (the runner sets it; issue 17). */
  readonly engine?: 'sqlite' | 'postgres'
  readonly metric: string
  readonly value: number
  readonly unit: string
  /** The same work done bare (null where no bare equivalent exists, said in `note`). */
  readonly baseline: number | null
  /** value / baseline. */
  readonly ratio: number | null
  /** Human-readable target, e.g. "<= 10 ms" or "ratio >= 0.5"; null when the issue sets none. */
  readonly target: string | null
  /** Every target of the line met; null when it has none. */
  readonly pass: boolean | null
  readonly payments: number
  readonly load: readonly [number, number, number]
  /** Where the ratio was measured in rounds (timeRounds): the 10th to 90th percentile of the round ratios. */
  readonly spread?: RatioSpread
  readonly note?: string
}

export interface LineInput {
  readonly figure: string
  readonly metric: string
  readonly value: number
  readonly unit: string
  readonly baseline: number | null
  readonly targets?: readonly Target[]
  readonly payments: number
  readonly spread?: RatioSpread
  readonly note?: string
}

export function line(input: LineInput): FigureLine {
  const ratio = input.baseline === null || input.baseline === 0 ? null : round(input.value / input.baseline, 3)
  const targets = input.targets ?? []
  const met = targets.map((target) => {
    const measured = target.of === 'value' ? input.value : ratio
    if (measured === null) return false
    return target.kind === 'max' ? measured <= target.limit : measured >= target.limit
  })
  const [one, five, fifteen] = loadavg()
  return {
    figure: input.figure,
    metric: input.metric,
    value: round(input.value, 3),
    unit: input.unit,
    baseline: input.baseline === null ? null : round(input.baseline, 3),
    ratio,
    target: targets.length === 0 ? null : targets.map(describeTarget).join(' and '),
    pass: targets.length === 0 ? null : met.every(Boolean),
    payments: input.payments,
    load: [round(one ?? 0, 2), round(five ?? 0, 2), round(fifteen ?? 0, 2)],
    ...(input.spread === undefined ? {} : { spread: input.spread }),
    ...(input.note === undefined ? {} : { note: input.note })
  }
}

function describeTarget(target: Target): string {
  const subject = target.of === 'ratio' ? 'ratio ' : ''
  return `${subject}${target.kind === 'max' ? '<=' : '>='} ${target.limit}`
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Nearest-rank percentile of already collected samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('No samples to take a percentile of.')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export interface Timings {
  readonly p50: number
  readonly p95: number
  readonly samples: readonly number[]
}

/**
 * Runs `work` `warmup` times unmeasured (statement cache, page cache), then `iterations` times
 * measured, in milliseconds. `work` gets the iteration number so it can vary its input (another
 * page, another search) instead of timing the same cached answer again and again.
 */
export async function time(
  work: (iteration: number) => unknown,
  options: { readonly warmup: number; readonly iterations: number }
): Promise<Timings> {
  for (let i = 0; i < options.warmup; i++) await work(i)
  const samples: number[] = []
  for (let i = 0; i < options.iterations; i++) {
    const started = performance.now()
    await work(options.warmup + i)
    samples.push(performance.now() - started)
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples }
}

/** Alternates value and baseline runs so a burst of load on the shared machine hits both alike. */
export async function timePair(
  value: (iteration: number) => unknown,
  baseline: (iteration: number) => unknown,
  options: { readonly warmup: number; readonly iterations: number }
): Promise<{ readonly value: Timings; readonly baseline: Timings }> {
  for (let i = 0; i < options.warmup; i++) {
    await value(i)
    await baseline(i)
  }
  const valueSamples: number[] = []
  const baselineSamples: number[] = []
  for (let i = 0; i < options.iterations; i++) {
    const n = options.warmup + i
    let started = performance.now()
    await value(n)
    valueSamples.push(performance.now() - started)
    started = performance.now()
    await baseline(n)
    baselineSamples.push(performance.now() - started)
  }
  const timings = (samples: number[]): Timings => ({ p50: percentile(samples, 50), p95: percentile(samples, 95), samples })
  return { value: timings(valueSamples), baseline: timings(baselineSamples) }
}

/** How a ratio varied between rounds: the 10th and 90th percentile of per-round ratios, and how many rounds. */
export interface RatioSpread {
  readonly rounds: number
  readonly low: number
  readonly high: number
}

export interface RoundedTimings {
  /** Median over rounds of each round's percentile, product side. */
  readonly value: number
  /** The same for the bare side. */
  readonly baseline: number
  readonly spread: RatioSpread
}

/**
 * Times product and baseline in `rounds` rounds of `perRound` iterations each, interleaved one
 * by one, the one going first swapped every iteration (so neither always runs on a warmer cache or
 * right after the other's garbage). Each round gives a percentile per side and their ratio; the
 * figure is the median over rounds, and the spread is the 10th to 90th percentile of the round
 * ratios. A burst of load from another process spoils a round or two, not the figure.
 */
export async function timeRounds(
  value: (iteration: number) => unknown,
  baseline: (iteration: number) => unknown,
  options: { readonly warmup: number; readonly rounds: number; readonly perRound: number; readonly percentiles: readonly number[] }
): Promise<RoundedTimings[]> {
  for (let i = 0; i < options.warmup; i++) {
    await value(i)
    await baseline(i)
  }
  const valueOf = options.percentiles.map((): number[] => [])
  const baselineOf = options.percentiles.map((): number[] => [])
  const ratios = options.percentiles.map((): number[] => [])
  let n = options.warmup
  const timed = async (work: (iteration: number) => unknown, iteration: number) => {
    const started = performance.now()
    await work(iteration)
    return performance.now() - started
  }
  for (let round = 0; round < options.rounds; round++) {
    const valueSamples: number[] = []
    const baselineSamples: number[] = []
    for (let i = 0; i < options.perRound; i++, n++) {
      if (n % 2 === 0) {
        valueSamples.push(await timed(value, n))
        baselineSamples.push(await timed(baseline, n))
      } else {
        baselineSamples.push(await timed(baseline, n))
        valueSamples.push(await timed(value, n))
      }
    }
    options.percentiles.forEach((p, index) => {
      const v = percentile(valueSamples, p)
      const b = percentile(baselineSamples, p)
      valueOf[index]?.push(v)
      baselineOf[index]?.push(b)
      ratios[index]?.push(v / b)
    })
  }
  return options.percentiles.map((_, index) => {
    const roundRatios = ratios[index] ?? []
    return {
      value: median(valueOf[index] ?? []),
      baseline: median(baselineOf[index] ?? []),
      spread: { rounds: options.rounds, low: round(percentile(roundRatios, 10), 3), high: round(percentile(roundRatios, 90), 3) }
    }
  })
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
