// `merchant-desk reconcile` as a user runs it: a real process on the desktop app's database, over
// the embedded sandbox with its generated shop history (lying buyers, direct transfers, refunds,
// payments left open): it syncs, reconciles with a progress line on stderr, saves the report,
// prints it grouped by type (or as JSON), and exits 3 when it found discrepancies, 0 when the
// period reconciles, 1 on bad input.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'
import { DISCREPANCY_LABELS, DISCREPANCY_TYPES, type ReconcileReportView } from '../../src/shared/contract/reconcile'

const run = promisify(execFile)
let dir: string
let env: NodeJS.ProcessEnv

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args], { env, timeout: 90_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
const FROM = day(-120)
const TO = day(1)

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-reconcile-'))
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: dir, PI_API_KEY: '', PI_WALLET_SEED: '' }
})
afterAll(async () => {
  // The built-in sandbox these commands started runs in the background: stop it with the test.
  await cli('sandbox', '--stop')
  rmSync(dir, { recursive: true, force: true })
})

describe('merchant-desk reconcile', () => {
  it('syncs, reconciles the period, saves the report, prints it by type and exits 3', async () => {
    const result = await cli('reconcile', '--from', FROM, '--to', TO, '--tz', 'UTC')
    expect(result.code, result.stderr).toBe(3)
    const [started, ...phases] = result.stderr.trim().split('\n')
    // The first command on this database starts the built-in sandbox in the background, and says so.
    expect(started).toMatch(/^Started the built-in sandbox in the background/)
    expect(phases.slice(0, 2)).toEqual(['Checking network...', 'Reading chain...'])
    expect(phases.slice(-4)).toEqual(['Checking payments...', 'Checking transfers...', 'Checking refunds...', 'Checking wallet...'])

    const lines = result.stdout.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^Reconciliation #1: ${FROM} to ${TO} \\(UTC\\), sandbox, app wallet G[A-Z2-7]{55}$`))
    expect(lines[1]).toMatch(/^Checked \d+ payments \(\d+ read again from Pi\) and \d+ transactions\.$/)
    // The generated history is complete from the wallet's creation: it balances to the stroop.
    expect(result.stdout).toContain('Wallet check: balanced\n')
    expect(result.stdout).toMatch(/\n {2}Difference +0\.0000000\n/)

    const store = openDatabase(join(dir, 'merchant-desk.sqlite'), { readonly: true })
    try {
      const saved = store.sqlite.prepare('SELECT id, period_from, period_to, time_zone, item_count, difference_stroops FROM reconciliation_runs').all()
      expect(saved).toEqual([{ id: 1n, period_from: FROM, period_to: TO, time_zone: 'UTC', item_count: expect.any(BigInt), difference_stroops: 0n }])
      const byType = store.sqlite.prepare('SELECT type, count(*) AS n FROM reconciliation_items WHERE run_id = 1 GROUP BY type').all() as { type: keyof typeof DISCREPANCY_LABELS; n: bigint }[]
      // The dataset's lying buyers, stray transfers and payments left open are all there.
      expect(byType.map((group) => group.type)).toEqual(expect.arrayContaining(['direct_transfer', 'amount_mismatch', 'transaction_unverified', 'incomplete_too_long']))
      const total = byType.reduce((sum, group) => sum + Number(group.n), 0)
      expect(result.stdout).toContain(`\n${total} discrepancies, saved as reconciliation #1:\n`)
      for (const group of byType) expect(result.stdout).toContain(`\n${DISCREPANCY_LABELS[group.type]} (${group.n})\n`)
      expect(result.stdout.match(/\n {6}What to do: /g)).toHaveLength(total)
    } finally {
      store.close()
    }
  })

  it('prints the whole report as JSON', async () => {
    const result = await cli('reconcile', '--from', FROM, '--to', TO, '--tz', 'UTC', '--incomplete-hours', '2000', '--json')
    expect(result.code, result.stderr).toBe(3)
    const report = JSON.parse(result.stdout) as ReconcileReportView
    expect(report.run).toMatchObject({ from: FROM, to: TO, timeZone: 'UTC', incompleteAfterHours: 2000, network: 'sandbox' })
    expect(report.run.walletCheck).toMatchObject({ balanced: true, difference: '0.0000000', historyBehind: false })
    expect(report.groups.reduce((sum, group) => sum + group.items.length, 0)).toBe(report.run.itemCount)
    for (const group of report.groups) {
      expect(DISCREPANCY_TYPES).toContain(group.type)
      for (const item of group.items) {
        expect(item.sentence.length).toBeGreaterThan(20)
        expect(item.evidence.length).toBeGreaterThan(0)
      }
    }
    // 2000 hours (83 days) lets the younger open payments through.
    expect(report.run.counts.incomplete_too_long).toBeLessThan(report.run.paymentsChecked)
  })

  it('exits 0 for a period that reconciles, here one before the shop opened', async () => {
    const result = await cli('reconcile', '--from', '2020-01-01', '--to', '2020-01-31', '--tz', 'UTC')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Checked 0 payments (0 read again from Pi) and 0 transactions.')
    expect(result.stdout).toContain('Wallet check: balanced\n')
    expect(result.stdout).toContain('No discrepancies: the ledger, Pi and the chain agree for this period.\n')
  })

  it('refuses bad input with one clear line on stderr, before connecting anywhere', async () => {
    const [reversed, hours, zone] = await Promise.all([
      cli('reconcile', '--from', '2025-03-09', '--to', '2025-03-01'),
      cli('reconcile', '--incomplete-hours', 'soon'),
      cli('reconcile', '--tz', 'Mars/Olympus')
    ])
    for (const [result, message] of [
      [reversed, /ends before it starts: 2025-03-01 is before 2025-03-09/],
      [hours, /--incomplete-hours takes a whole number/],
      [zone, /"Mars\/Olympus" is not a time zone name/]
    ] as const) {
      expect(result.code).toBe(1)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(message)
    }
  })
})
