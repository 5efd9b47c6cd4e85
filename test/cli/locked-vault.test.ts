// #13 item 6: keys saved in Settings behind a passphrase are opened on the command line with
// MERCHANT_DESK_PASSPHRASE; the sentence says so when it is missing or wrong, before anything
// is asked of Pi (the URLs below lead nowhere: a command that got that far would fail otherwise).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Keypair } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'
import { SecretStore } from '../../src/main/secrets'

const run = promisify(execFile)
let dir: string
let db: string

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args], { env: { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '', ...env }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-cli-vault-'))
  db = join(dir, 'shop.sqlite')
  const store = openDatabase(db)
  const secrets = new SecretStore({ store, os: null, actor: 'test' })
  await secrets.unlock('correct horse battery', { create: true })
  await secrets.save('testnet', { apiKey: 'k'.repeat(64), walletSeed: Keypair.random().secret() })
  store.close()
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a passphrase vault on the command line', () => {
  it('names MERCHANT_DESK_PASSPHRASE when it is missing, and says when it is wrong', async () => {
    const args = ['payments', 'track', 'A'.repeat(28), '--network', 'testnet', '--platform-url', 'http://127.0.0.1:9', '--horizon-url', 'http://127.0.0.1:9', '--db', db]
    const [missing, wrong] = await Promise.all([cli(args, {}), cli(args, { MERCHANT_DESK_PASSPHRASE: 'wrong horse' })])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(
      'merchant-desk: The Pi app keys saved in Settings are locked with a passphrase: set MERCHANT_DESK_PASSPHRASE to it ' +
        '(or give the key and seed as PI_API_KEY and PI_WALLET_SEED).\n'
    )
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/^merchant-desk: MERCHANT_DESK_PASSPHRASE is not the passphrase of the keys saved in Settings\./)
  }, 120_000)
})

describe('passphrase guesses from several CLI processes at once (review hole 4)', () => {
  it('each guess tried is counted in the shared file, and no more than the free attempts are tried', async () => {
    const guessed = join(dir, 'guessed.sqlite')
    const setup = openDatabase(guessed)
    const secrets = new SecretStore({ store: setup, os: null, actor: 'test' })
    await secrets.unlock('correct horse battery', { create: true })
    await secrets.save('testnet', { apiKey: 'k'.repeat(64), walletSeed: Keypair.random().secret() })
    setup.close()

    const args = ['payments', 'track', 'A'.repeat(28), '--network', 'testnet', '--platform-url', 'http://127.0.0.1:9', '--horizon-url', 'http://127.0.0.1:9', '--db', guessed]
    const runs = await Promise.all([1, 2, 3, 4, 5].map((n) => cli(args, { MERCHANT_DESK_PASSPHRASE: `wrong horse ${n}` })))
    const tried = runs.filter((result) => /is not the passphrase/.test(result.stderr)).length
    const waited = runs.filter((result) => /Wait \d+ s before trying again/.test(result.stderr)).length
    expect(runs.every((result) => result.code === 1)).toBe(true)
    expect(tried).toBe(3)
    expect(waited).toBe(2)

    const after = openDatabase(guessed)
    try {
      const json = after.sqlite.prepare("SELECT value_json FROM settings WHERE key = 'secrets.unlock_failures'").pluck().get() as string
      expect((JSON.parse(json) as { failures: number }).failures).toBe(tried)
    } finally {
      after.close()
    }
  }, 180_000)
})
