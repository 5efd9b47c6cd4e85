// Keeps `npm run bench` from rotting: every figure runs at a tiny size (2,000 payments) through
// the same runner the command uses, and its lines must carry real measurements, their baselines
// and the targets. Timings are not judged here (a loaded CI machine would fail them);
// the counts the figures check themselves are (CSV rows, dashboard against a bare GROUP BY,
// requests the sandbox received).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIGURES, runBench } from '../../bench/harness/runner'
import { line, percentile, type FigureLine } from '../../bench/harness/measure'

const PAYMENTS = 2_000
let workDir: string
let lines: FigureLine[]
const log: string[] = []

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'md-bench-smoke-'))
  lines = await runBench({
    only: null,
    payments: PAYMENTS,
    syncPayments: 200,
    ingestPayments: 500,
    iterations: 2,
    // Building the preview takes longer than this whole test; `npm run test:browser` builds it.
    buildPreview: false,
    workDir,
    ledgerPath: join(workDir, 'ledger.sqlite'),
    log: (message) => log.push(message),
    print: () => undefined
  })
}, 120_000)

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

const of = (figure: string) => lines.filter((entry) => entry.figure === figure)
const only = (figure: string, metric: string): FigureLine => {
  const found = lines.filter((entry) => entry.figure === figure && entry.metric === metric)
  expect(found, `${figure} / ${metric}`).toHaveLength(1)
  return found[0] as FigureLine
}

describe('npm run bench at a tiny size', () => {
  it('prints lines for every figure, each a finite measurement with its baseline, ratio and load', () => {
    expect(new Set(lines.map((entry) => entry.figure))).toEqual(new Set(FIGURES.map((figure) => figure.name)))
    for (const entry of lines) {
      expect(Number.isFinite(entry.value) && entry.value > 0, `${entry.figure} ${entry.metric}`).toBe(true)
      expect(entry.baseline, `${entry.figure} ${entry.metric}`).not.toBeNull()
      // The ratio comes from the unrounded times; value and baseline are printed to 3 decimals, so
      // a baseline of a few microseconds moves value / baseline by more than any fixed tolerance.
      const [low, high] = [(entry.value - 0.0005) / ((entry.baseline as number) + 0.0005), (entry.value + 0.0005) / ((entry.baseline as number) - 0.0005)]
      expect(entry.ratio, `${entry.figure} ${entry.metric}`).toBeGreaterThanOrEqual(low - 0.0005)
      expect(entry.ratio, `${entry.figure} ${entry.metric}`).toBeLessThanOrEqual((entry.baseline as number) > 0.0005 ? high + 0.0005 : Infinity)
      expect(entry.load).toHaveLength(3)
      expect(entry.engine, `${entry.figure} ${entry.metric}`).toBe('sqlite')
      // One JSON line each: nothing a JSON.stringify would drop or choke on.
      expect(JSON.parse(JSON.stringify(entry))).toEqual(entry)
    }
  })

  it('times every filter and sort of the ledger and every search, with the issue targets on p95', () => {
    const pages = of('ledger-page')
    // p50 and p95 for 10 filters, 12 sorts, 2 filter-and-sort pairs and a deep page.
    expect(pages).toHaveLength(2 * 25)
    for (const entry of pages.filter((e) => e.metric.startsWith('p95'))) expect(entry.target).toBe('<= 10 and ratio <= 1.5')
    expect(of('search').map((entry) => entry.metric)).toContain('p95 txid (64 hex)')
    for (const entry of of('search').filter((e) => e.metric.startsWith('p95'))) expect(entry.target).toBe('<= 5')
    expect(only('ledger-page', 'p95 no filter, newest first, page 50').payments).toBe(PAYMENTS)
  })

  it('stores the ingest rows both ways and judges the store step against ratio >= 0.8', () => {
    const ingest = only('ingest', 'rows/s (store step: chain pages + Pi records, linked)')
    expect(ingest.payments).toBe(500)
    expect(ingest.target).toBe('ratio >= 0.8')
    expect(ingest.pass).toBe(ingest.ratio !== null && ingest.ratio >= 0.8)
  })

  it('finds the dashboard totals equal to a bare GROUP BY over the payments, in three time zones', () => {
    const dashboard = of('dashboard')
    expect(dashboard.map((entry) => entry.metric)).toEqual([
      'p95 summary of a year, UTC',
      'p95 summary of a year, Europe/Berlin',
      'p95 summary of a year, Asia/Kolkata'
    ])
    for (const entry of dashboard) expect(entry.note).toContain('(equal to the bare count)')
  })

  it('exports every payment to CSV and reports the peak RSS against 200 MB', () => {
    const rss = only('csv-export', 'peak RSS')
    expect(rss.unit).toBe('MB')
    expect(rss.target).toBe('<= 200')
    expect(rss.note).toContain('runExport payments report')
    expect(only('csv-export', 'rows/s').unit).toBe('rows/s')
    // The bare side does equal work: the very same file, byte for byte.
    expect(only('csv-export', 'rows/s').note).toContain('identical')
  })

  it('counts the requests the sandbox received: at least one per new payment, and the re-sync budget', () => {
    const first = only('sync', 'requests per new payment (first sync)')
    expect(first.value).toBeGreaterThanOrEqual(1)
    expect(first.baseline).toBeGreaterThanOrEqual(1)
    const resync = only('sync', 'requests of a re-sync with nothing new')
    expect(resync.baseline).toBeGreaterThanOrEqual(2)
    expect(resync.target).toBe('ratio <= 1')
    expect(only('sync', 'wall time of the first sync').note).toContain('completed, 0 skipped')
  })

  it('measures the main process ready on the ledger, answered without error', () => {
    const ready = only('startup', 'main process ready (services built, app:info and first ledger page answered), median')
    expect(ready.note).not.toContain('answered with an error')
  })
})

describe('the figure line', () => {
  it('passes a target only when value and ratio both meet it', () => {
    const targets = [
      { kind: 'max', limit: 10, of: 'value' },
      { kind: 'max', limit: 1.5, of: 'ratio' }
    ] as const
    const common = { figure: 'f', metric: 'm', unit: 'ms', payments: 1, targets }
    expect(line({ ...common, value: 4, baseline: 3 })).toMatchObject({ ratio: 1.333, pass: true, target: '<= 10 and ratio <= 1.5' })
    expect(line({ ...common, value: 4, baseline: 2 })).toMatchObject({ ratio: 2, pass: false })
    expect(line({ ...common, value: 12, baseline: 11 })).toMatchObject({ pass: false })
    expect(line({ ...common, value: 4, baseline: null })).toMatchObject({ ratio: null, pass: false })
    expect(line({ figure: 'f', metric: 'm', unit: 'x', payments: 1, value: 1, baseline: 1 })).toMatchObject({ target: null, pass: null })
  })

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentile(samples, 50)).toBe(50)
    expect(percentile(samples, 95)).toBe(95)
    expect(percentile([7], 95)).toBe(7)
  })
})
