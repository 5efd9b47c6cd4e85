// #12 item 1, as the reporter did it: `export payments --db shop.sqlite --out shop.sqlite` must be
// refused before anything is written, and leave the books exactly as they were (the ledger, the
// payout journal, the audit log: every byte of the database and its write-ahead log). An existing
// CSV or manifest is replaced only when the person says so (--force); the app's own files never.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'

const run = promisify(execFile)
let dir: string
let env: NodeJS.ProcessEnv
let db: string

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
const PERIOD = ['--from', day(-120), '--to', day(1), '--tz', 'UTC']

function books(): { payments: number; payouts: number; audit: number } {
  const store = openDatabase(db, { readonly: true })
  try {
    const count = (table: string) => Number(store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get())
    return { payments: count('payments'), payouts: count('payouts'), audit: count('audit_log') }
  } finally {
    store.close()
  }
}

const digest = (path: string) => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null)
const fingerprint = () => [db, `${db}-wal`, `${db}-shm`].map(digest)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-export-dest-'))
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '' }
  db = join(dir, 'shop.sqlite')
  const sync = await cli('sync', '--network', 'sandbox', '--db', db)
  expect(sync.code, sync.stderr).toBe(0)
}, 180_000)
afterAll(async () => {
  // The built-in sandbox these commands started runs in the background: stop it with the test.
  await cli('sandbox', '--stop', '--db', db)
  rmSync(dir, { recursive: true, force: true })
})

describe('an export never overwrites the books', () => {
  it('refuses the live database as --out, even with --force, and leaves every byte of it', async () => {
    const before = books()
    expect(before.payments).toBeGreaterThan(100)
    const bytes = fingerprint()
    const attempts: [string, string[]][] = [
      [db, []],
      [db, ['--force']],
      [`${db}-wal`, ['--force']],
      [`${db}-shm`, []],
      [`${db}-journal`, ['--force']]
    ]
    const results = await Promise.all(attempts.map(([target, force]) => cli('export', 'payments', '--db', db, ...PERIOD, '--out', target, ...force)))
    results.forEach((result, index) => {
      expect(result.code, attempts[index]!.flat().join(' ')).toBe(1)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/^merchant-desk: .* is (the database|one of the database's own files)\b.*Nothing was written/)
    })
    expect(books()).toEqual(before)
    expect(fingerprint()).toEqual(bytes)
    expect(existsSync(`${db}.manifest.json`)).toBe(false)
  }, 120_000)

  it('replaces an existing CSV and its manifest only with --force, and never a manifest or another ledger', async () => {
    const out = join(dir, 'march.csv')
    writeFileSync(out, 'the accountant\'s own notes\n')
    writeFileSync(join(dir, 'other.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(100)]))
    const [kept, otherLedger, manifestName] = await Promise.all([
      cli('export', 'payments', '--db', db, ...PERIOD, '--out', out),
      cli('export', 'payments', '--db', db, ...PERIOD, '--out', join(dir, 'other.sqlite'), '--force'),
      cli('export', 'payments', '--db', db, ...PERIOD, '--out', join(dir, 'x.csv.manifest.json'), '--force')
    ])
    expect(kept.code).toBe(1)
    expect(kept.stderr).toBe(`merchant-desk: ${out} already exists. Nothing was written: choose another name, or say to replace it (--force on the command line).\n`)
    expect(readFileSync(out, 'utf8')).toBe("the accountant's own notes\n")
    expect(existsSync(`${out}.manifest.json`)).toBe(false)
    expect(otherLedger.code).toBe(1)
    expect(otherLedger.stderr).toMatch(/other\.sqlite is a database \(SQLite\); an export never replaces it/)
    expect(manifestName.code).toBe(1)
    expect(manifestName.stderr).toMatch(/is the name of an export's manifest/)

    const forced = await cli('export', 'payments', '--db', db, ...PERIOD, '--out', out, '--force')
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFschema_version,/)
    // A manifest left alone (its CSV gone) still blocks the name until the person says so.
    rmSync(out)
    const orphan = await cli('export', 'payments', '--db', db, ...PERIOD, '--out', out)
    expect(orphan.code).toBe(1)
    expect(orphan.stderr).toContain(`${out}.manifest.json already exists.`)
    expect(existsSync(out)).toBe(false)
  }, 120_000)
})
