import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'

// The CLI as a user runs it: a real process, real exit codes, stdout and stderr.
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-'))
  // The desktop app's data folder: the CLI must use the same database by default.
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: dir, PI_API_KEY: '', PI_WALLET_SEED: '' }
  const sync = await cli('sync')
  expect(sync.stderr).toContain('Reading chain')
  expect(sync.stdout).toMatch(/^Sync complete: \d+ new chain records, \d+ new and 0 updated payments/)
  expect(sync.code).toBe(0)
}, 120_000)

afterAll(async () => {
  // The built-in sandbox these commands started runs in the background: stop it with the test.
  await cli('sandbox', '--stop')
  rmSync(dir, { recursive: true, force: true })
})

describe('merchant-desk', () => {
  it('syncs into the desktop app’s database, and lists what it stored', async () => {
    const store = openDatabase(join(dir, 'merchant-desk.sqlite'))
    const stored = Number(store.sqlite.prepare("SELECT count(*) FROM payments WHERE network_id = 'sandbox'").pluck().get())
    store.close()
    const listed = await cli('payments', 'list', '--all', '--json')
    expect(listed.code).toBe(0)
    const rows = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows.length).toBe(stored)
    // PaymentDTO field names, amounts as 7-decimal strings.
    for (const row of rows) {
      expect(row.amount).toMatch(/^\d+\.\d{7}$/)
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['identifier', 'user_uid', 'from_address', 'to_address', 'status', 'transaction']))
    }
  })

  it('filters like the ledger: only failed chain checks, each with its reason', async () => {
    const failed = await cli('payments', 'list', '--chain-check', 'failed', '--all', '--json')
    const rows = failed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { identifier: string; merchant_desk: { chain_check: string } })
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.merchant_desk.chain_check === 'failed')).toBe(true)
    const shown = await cli('payments', 'show', rows[0]!.identifier, '--json')
    const detail = JSON.parse(shown.stdout) as { chain: { failureReasons: string[] } }
    expect(detail.chain.failureReasons.length).toBeGreaterThan(0)
    const text = await cli('payments', 'show', rows[0]!.identifier)
    expect(text.stdout).toContain(`in Merchant Desk: #/payments/${rows[0]!.identifier}`)
  })

  it('tracks ids from a CSV file, and says which were not ids', async () => {
    const listed = await cli('payments', 'list', '--limit', '2', '--json')
    const ids = listed.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { identifier: string }).identifier)
    const file = join(dir, 'ids.csv')
    writeFileSync(file, `order,payment_id\n1,${ids[0]}\n2,${ids[1]}\n`)
    const tracked = await cli('payments', 'track', '--file', file, 'nonsense', '--json')
    const results = JSON.parse(tracked.stdout) as { id: string; outcome: string }[]
    expect(results.find((r) => r.id === 'nonsense')?.outcome).toBe('invalid')
    expect(results.filter((r) => ids.includes(r.id)).length).toBe(2)
    expect(tracked.code).toBe(1)
  })

  it('refuses bad input with one clear line on stderr and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['payments', 'list', '--status', 'paid'], /--status takes created, approved/],
      [['payments', 'list', '--from', '21/11/2026'], /--from: "21\/11\/2026" is not a day written YYYY-MM-DD/],
      [['payments', 'list', '--from', '2026-02-30'], /--from: "2026-02-30" is not a day of the calendar: February 2026 has 28 days\./],
      [['payments', 'list', '--min', '1.00000001'], /at most 7 decimals/],
      [['payments', 'show', 'A'.repeat(28)], /is not in the ledger/],
      [['sync', '--network', 'mainnet'], /No Pi API key is set for Mainnet/],
      [['sync', '--network', 'sandbox', '--platform-url', 'http://127.0.0.1:9'], /give both --platform-url and --horizon-url/],
      // Settings has nothing to enter for a sandbox: the sentence says where its key comes from.
      [['payments', 'track', 'A'.repeat(28), '--network', 'sandbox', '--platform-url', 'http://127.0.0.1:9', '--horizon-url', 'http://127.0.0.1:9', '--db', join(dir, 'k.sqlite')], /set PI_API_KEY to the "apiKey" that `merchant-desk sandbox` printed/]
    ]
    // Independent processes: run them side by side.
    const results = await Promise.all(cases.map(([args]) => cli(...args)))
    results.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(' ')).not.toBe(0)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(cases[i]![1])
    })
  }, 90_000)

  it('never takes a secret as an argument, and never echoes a bad seed', async () => {
    const bad = await run('node', ['bin/merchant-desk.js', 'sync', '--network', 'testnet'], {
      env: { ...env, PI_API_KEY: 'k', PI_WALLET_SEED: 'SBADSEEDVALUE' }
    }).catch((e: { stderr: string; code: number }) => e)
    expect('code' in bad && bad.code).toBe(1)
    expect(bad.stderr).toMatch(/PI_WALLET_SEED is not a valid wallet secret seed/)
    expect(bad.stderr).not.toContain('SBADSEEDVALUE')
    const help = await cli('sync', '--help')
    expect(help.stdout).not.toMatch(/--api-key|--seed/)
  })
})
