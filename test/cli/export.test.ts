// `merchant-desk export ...` and `merchant-desk export verify` as a user runs them: a real process
// on the desktop app's database (synced from the embedded sandbox), with the progress line on
// stderr, the file, its manifest, and exit codes a cron job can rely on.
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'
import { listExports } from '../../src/main/exports'

const run = promisify(execFile)
let dir: string
let env: NodeJS.ProcessEnv

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args], { env, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
const FROM = day(-120)
const TO = day(1)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-export-'))
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: dir, PI_API_KEY: '', PI_WALLET_SEED: '' }
  const sync = await cli('sync')
  expect(sync.code).toBe(0)
}, 120_000)
afterAll(async () => {
  // The built-in sandbox these commands started runs in the background: stop it with the test.
  await cli('sandbox', '--stop')
  rmSync(dir, { recursive: true, force: true })
})

describe('merchant-desk export', () => {
  it('writes the payments of a period with a progress line, and verify finds the pair intact', async () => {
    const out = join(dir, 'payments.csv')
    const exported = await cli('export', 'payments', '--from', FROM, '--to', TO, '--tz', 'UTC', '--out', out)
    expect(exported.stderr).toBe('Counting...\nWriting...\n')
    expect(exported.code).toBe(0)
    const store = openDatabase(join(dir, 'merchant-desk.sqlite'), { readonly: true })
    const stored = Number(store.sqlite.prepare(`SELECT count(*) FROM payments WHERE network_id = 'sandbox'`).pluck().get())
    store.close()
    expect(stored).toBeGreaterThan(100)
    expect(exported.stdout).toContain(`Exported ${stored} rows (payments/1, ${FROM} to ${TO}, UTC) to ${out}\n`)
    expect(exported.stdout).toMatch(/Control totals: gross -?\d+\.\d{7}, fee \d+\.\d{7}, net -?\d+\.\d{7}\n/)
    // The books beside the column sums: what moved on chain, by direction, as the manifest's bookTotals say.
    expect(exported.stdout).toMatch(/\nBooks: received on chain \d+\.\d{7} Pi \(\d+\).*; paid out on chain \d+\.\d{7} Pi \(\d+\)/)
    expect(exported.stdout).toContain(`Manifest: ${out}.manifest.json\n`)
    const rows = parse(readFileSync(out), { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(stored)
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { rowCount: number; appVersion: string; network: string }
    expect(manifest).toMatchObject({ rowCount: stored, appVersion: '0.1.0', network: 'sandbox' })

    const verified = await cli('export', 'verify', `${out}.manifest.json`)
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(new RegExp(`^The export is intact: payments\\.csv, ${stored} rows, totals gross .*, SHA-256 [0-9a-f]{64}\\.\\n$`))
  })

  it('records the export in the history the Exports page lists, with its file, rows and who ran it', async () => {
    const out = join(dir, 'history', 'payments-for-history.csv')
    mkdirSync(join(dir, 'history'))
    const exported = await cli('export', 'payments', '--from', FROM, '--to', TO, '--tz', 'UTC', '--out', out)
    expect(exported.code).toBe(0)
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { rowCount: number; file: { sha256: string } }
    const store = openDatabase(join(dir, 'merchant-desk.sqlite'), { readonly: true })
    try {
      const entry = (await listExports(store, 'sandbox')).find((record) => record.fileName === 'payments-for-history.csv')
      expect(entry).toMatchObject({ folder: join(dir, 'history'), requestedBy: userInfo().username, networkId: 'sandbox' })
      expect(entry?.manifest.rowCount).toBe(manifest.rowCount)
      expect(entry?.manifest.rowCount).toBeGreaterThan(100)
      expect(entry?.manifest.file.sha256).toBe(manifest.file.sha256)
    } finally {
      store.close()
    }
  })

  it('fails verify, with one line on stderr and the reasons on stdout, once a row is gone', async () => {
    // A copy of the pair from the first test, as an accountant would receive it.
    mkdirSync(join(dir, 'received'))
    const out = join(dir, 'received', 'payments.csv')
    copyFileSync(join(dir, 'payments.csv'), out)
    copyFileSync(join(dir, 'payments.csv.manifest.json'), `${out}.manifest.json`)
    const lines = readFileSync(out, 'utf8').split('\r\n')
    writeFileSync(out, [...lines.slice(0, 2), ...lines.slice(3)].join('\r\n'))
    const verified = await cli('export', 'verify', `${out}.manifest.json`)
    expect(verified.code).toBe(1)
    expect(verified.stdout).toMatch(/rows were added or removed\./)
    expect(verified.stderr).toMatch(/^merchant-desk: The export does not match its manifest \(\d+ problems\)\.\n$/)
  })

  it('exports the fees of the wallet the ledger was synced from, and the other reports', async () => {
    const results = await Promise.all(
      (['fees', 'refunds', 'audit'] as const).map((report) => cli('export', report, '--from', FROM, '--to', TO, '--tz', 'UTC', '--out', join(dir, `${report}.csv`), '--json'))
    )
    for (const result of results) expect(result.code, result.stderr).toBe(0)
    const [fees, refunds, audit] = results.map((result) => JSON.parse(result.stdout) as { schema: { id: string }; rowCount: number; controlTotals: Record<string, string> })
    expect(fees?.schema.id).toBe('fees/1')
    expect(fees?.rowCount).toBeGreaterThan(0)
    expect(refunds?.schema.id).toBe('refunds/1')
    expect(audit?.controlTotals).toEqual({})
  })

  it('refuses bad input with one clear line on stderr and a non-zero exit', async () => {
    const out = join(dir, 'never.csv')
    // (Each check of the period, the zone and the wallet is covered in test/main/exports; here: that they reach the terminal.)
    const cases: [string[], RegExp][] = [
      [['export', 'payments', '--from', '2025-03-09', '--to', '2025-03-01', '--out', out], /ends before it starts: 2025-03-01 is before 2025-03-09/],
      [['export', 'payments', '--from', '2025-03-01', '--to', '2025-03-01', '--tz', 'UTC', '--out', join(dir, 'missing', 'x.csv')], /does not exist\. Choose another place/],
      [['export', 'verify', join(dir, 'nothing.manifest.json')], /does not match its manifest \(1 problem\)/]
    ]
    const [missingOut, ...results] = await Promise.all([
      cli('export', 'payments', '--from', '2025-03-01', '--to', '2025-03-01'),
      ...cases.map(([args]) => cli(...args))
    ])
    results.forEach((result, index) => {
      expect(result.code, cases[index]![0].join(' ')).not.toBe(0)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(cases[index]![1])
    })
    // commander's own refusal, followed by the command's help.
    expect(missingOut?.code).not.toBe(0)
    expect(missingOut?.stderr.split('\n')[0]).toBe("error: required option '--out <file>' not specified")
    expect(existsSync(out)).toBe(false)
  })
})
