// #13 items 2 and 4 as a newcomer meets them: `--network sandbox` with no URLs keeps one simulated
// history across commands on one database (the sync's rows survive a refund made by the next
// command, and the refund is in the next sync), and the ledger remembers its app wallet, refusing
// another one (by --wallet or by PI_WALLET_SEED) with a sentence naming both addresses.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Keypair } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'

const run = promisify(execFile)
let dir: string
let db: string
let env: NodeJS.ProcessEnv

async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args], { env: { ...env, ...extraEnv }, timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

function query<T>(sql: string, ...params: unknown[]): T {
  const store = openDatabase(db, { readonly: true })
  try {
    return store.sqlite.prepare(sql).get(...params) as T
  } finally {
    store.close()
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-builtin-'))
  db = join(dir, 'shop.sqlite')
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '' }
})
afterAll(async () => {
  const stopped = await cli(['sandbox', '--stop', '--db', db])
  expect(stopped.stdout).toMatch(/^Stopped the background sandbox \(process \d+\)\.\n$/)
  rmSync(dir, { recursive: true, force: true })
})

describe('the built-in sandbox on the command line', () => {
  it('keeps one history across commands: sync, refund, sync, and every row is still there', async () => {
    const first = await cli(['sync', '--network', 'sandbox', '--db', db])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/^Started the built-in sandbox in the background \(process \d+; stop it with `merchant-desk sandbox --stop`\)\.\n/)
    const synced = query<{ n: bigint }>("SELECT count(*) AS n FROM payments WHERE network_id = 'sandbox'").n
    expect(synced).toBeGreaterThan(100n)

    const sale = query<{ identifier: string }>(
      `SELECT identifier FROM payments p WHERE network_id = 'sandbox' AND direction = 'user_to_app' AND status = 'completed'
         AND chain_check = 'verified' AND amount_stroops >= 20000000
         AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = p.identifier)
         AND NOT EXISTS (SELECT 1 FROM payments o WHERE o.user_uid = p.user_uid AND o.direction = 'app_to_user' AND o.status NOT IN ('completed', 'cancelled'))
       ORDER BY created_at DESC LIMIT 1`
    ).identifier
    const refund = await cli(['refund', sale, '--amount', '1', '--reason', 'damaged', '--yes', '--network', 'sandbox', '--db', db])
    expect(refund.code, refund.stderr).toBe(0)
    // Attached to the same sandbox: nothing started, nothing cleared.
    expect(refund.stderr).not.toMatch(/Started the built-in sandbox/)
    expect(query<{ n: bigint }>("SELECT count(*) AS n FROM payments WHERE network_id = 'sandbox'").n).toBeGreaterThanOrEqual(synced)
    const payout = query<{ state: string; txid: string }>('SELECT state, txid FROM payouts WHERE refund_of = ?', sale)
    expect(payout.state).toBe('completed')

    const again = await cli(['sync', '--network', 'sandbox', '--db', db])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/^Sync complete: 1 new chain records, /)
    expect(query<{ n: bigint }>("SELECT count(*) AS n FROM payments WHERE network_id = 'sandbox'").n).toBeGreaterThan(synced)
    expect(query<{ n: bigint }>("SELECT count(*) AS n FROM chain_transactions WHERE hash = ?", payout.txid).n).toBe(1n)
  }, 300_000)

  it('remembers the app wallet, and refuses another by --wallet or by PI_WALLET_SEED, naming both', async () => {
    const ledgerWallet = query<{ value_json: string }>("SELECT value_json FROM settings WHERE key = 'ledger.appWallet.sandbox'")
    const known = JSON.parse(ledgerWallet.value_json) as string
    expect(known).toMatch(/^G[A-Z2-7]{55}$/)
    const stranger = Keypair.random()
    const [byFlag, bySeed] = await Promise.all([
      cli(['payments', 'list', '--wallet', stranger.publicKey(), '--network', 'sandbox', '--db', db]),
      cli(['sync', '--network', 'sandbox', '--db', db], { PI_WALLET_SEED: stranger.secret() })
    ])
    for (const [result, source] of [[byFlag, '--wallet'], [bySeed, 'PI_WALLET_SEED']] as const) {
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(
        `merchant-desk: This ledger belongs to the app wallet ${known} on Sandbox, but ${source} gives ${stranger.publicKey()}. ` +
          'Nothing was changed: use the database of that wallet (--db FILE), or give this ledger its own wallet.\n'
      )
      expect(result.stderr).not.toContain(stranger.secret())
    }
  }, 120_000)
})
