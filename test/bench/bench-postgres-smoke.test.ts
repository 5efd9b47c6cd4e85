// Keeps `npm run bench -- --engine postgres` from rotting, where a PostgreSQL server is at hand:
// with MERCHANT_DESK_BENCH_POSTGRES_URL set (as for the command itself), the database figures run at
// 1,000 payments in a fresh schema of that server, which is dropped afterwards. Without it the file
// is skipped. Like bench-smoke.test.ts it judges counts and shapes, never timings.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bareClient } from '../../bench/dataset/ledger-postgres'
import type { FigureLine } from '../../bench/harness/measure'
import { runBench } from '../../bench/harness/runner'

const SERVER = process.env.MERCHANT_DESK_BENCH_POSTGRES_URL
const PAYMENTS = 1_000
const schema = `bench_smoke_${process.pid}_${Date.now().toString(36)}`
let workDir: string
let lines: FigureLine[] = []
const log: string[] = []

describe.skipIf(SERVER === undefined || SERVER === '')('npm run bench -- --engine postgres at a tiny size', () => {
  const url = (() => {
    const parsed = new URL(SERVER ?? 'postgres://unused@localhost/unused')
    parsed.searchParams.set('schema', schema)
    return parsed.toString()
  })()

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'md-bench-pg-smoke-'))
    lines = await runBench({
      engine: 'postgres',
      postgresUrl: url,
      only: ['ingest', 'ledger-page', 'search', 'dashboard', 'csv-export'],
      payments: PAYMENTS,
      syncPayments: 200,
      ingestPayments: 500,
      iterations: 2,
      buildPreview: false,
      workDir,
      ledgerPath: join(workDir, 'ledger.sqlite'),
      log: (message) => log.push(message),
      print: () => undefined
    })
  }, 300_000)

  afterAll(async () => {
    if (workDir) rmSync(workDir, { recursive: true, force: true })
    const client = await bareClient(url)
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    } finally {
      await client.end()
    }
  })

  it('runs the database figures on PostgreSQL and says so on every line', () => {
    expect(new Set(lines.map((entry) => entry.figure))).toEqual(new Set(['ledger-page', 'search', 'dashboard', 'csv-export']))
    for (const entry of lines) {
      expect(entry.engine, `${entry.figure} ${entry.metric}`).toBe('postgres')
      expect(entry.payments).toBe(PAYMENTS)
      expect(Number.isFinite(entry.value) && entry.value > 0, `${entry.figure} ${entry.metric}`).toBe(true)
      expect(entry.baseline, `${entry.figure} ${entry.metric}`).not.toBeNull()
    }
    expect(lines.filter((entry) => entry.figure === 'ledger-page')).toHaveLength(2 * 25)
  })

  it('skips the SQLite-only figures with a reason', () => {
    expect(log.some((message) => message.startsWith('ingest: skipped on postgres: '))).toBe(true)
  })

  it('counts the same payments as a bare GROUP BY, and exports the same bytes as the bare statement', () => {
    for (const entry of lines.filter((e) => e.figure === 'dashboard')) expect(entry.note).toContain('(equal to the bare count)')
    const rows = lines.find((entry) => entry.figure === 'csv-export' && entry.metric === 'rows/s')
    expect(rows?.note).toContain('identical')
  })
})
