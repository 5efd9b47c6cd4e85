// Issue #12, harden: someone who can write the database must not weaken the key derivation of
// secrets saved later, and someone guessing the passphrase is slowed down, across restarts, and
// seen in the audit log (never with what they typed).
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db'
import { SecretStore } from '../../../src/main/secrets'
import { isUserFacingError } from '../../../src/shared/errors'
import { openSecretsWorld, PASSPHRASE, TEST_SCRYPT, type SecretsWorld } from './fixture'

let world: SecretsWorld | null = null
afterEach(() => {
  world?.close()
  world = null
})

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isUserFacingError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

describe('the stored key-derivation cost', () => {
  it('is refused below the cost the app writes, before any key is derived', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    world.secrets.lock()
    // An attacker with write access to the database lowers scrypt's N.
    world.store.sqlite.prepare(`UPDATE secret_vault SET kdf_json = json_set(kdf_json, '$.N', ?) WHERE id = 1`).run(TEST_SCRYPT.N / 64)
    const refused = await rejection(world.secrets.unlock(PASSPHRASE))
    expect(refused.code).toBe('vault_cost_too_low')
    expect(refused.message).toMatch(/weaker than Merchant Desk writes/)
    expect((await world.secrets.status()).locked).toBe(true)
  })
})

describe('passphrase attempts', () => {
  it('are slowed down after repeated failures, across a restart, and audited without the value', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z')
    world = openSecretsWorld()
    const first = new SecretStore({ store: world.store, scryptCost: TEST_SCRYPT, actor: 'maria', now: () => new Date(clock) })
    await first.unlock(PASSPHRASE, { create: true })
    first.lock()

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await rejection(first.unlock(`wrong guess number ${attempt}`))).code).toBe('wrong_passphrase')
      clock += 1_000
    }
    const throttled = await rejection(first.unlock('wrong guess number 4'))
    expect(throttled.code).toBe('unlock_rate_limited')
    expect(throttled.message).toMatch(/Wait \d+ s/)
    // Even the right passphrase waits: the delay does not tell right from wrong.
    expect((await rejection(first.unlock(PASSPHRASE))).code).toBe('unlock_rate_limited')

    // A restart (a new process on the same file) does not reset it.
    const reopened = openDatabase(world.dbPath)
    const restarted = new SecretStore({ store: reopened, scryptCost: TEST_SCRYPT, actor: 'maria', now: () => new Date(clock) })
    try {
      expect((await rejection(restarted.unlock(PASSPHRASE))).code).toBe('unlock_rate_limited')
      clock += 60_000
      await restarted.unlock(PASSPHRASE)
      expect((await restarted.status()).locked).toBe(false)

      const audit = reopened.sqlite.prepare("SELECT action, after_json FROM audit_log WHERE action LIKE 'secrets.unlock%' ORDER BY seq").all() as { action: string; after_json: string | null }[]
      expect(audit.map((entry) => entry.action)).toEqual([
        'secrets.unlock_failed',
        'secrets.unlock_failed',
        'secrets.unlock_failed',
        'secrets.unlock_refused',
        'secrets.unlock_refused',
        'secrets.unlock_refused',
        'secrets.unlock'
      ])
      const everything = JSON.stringify(reopened.sqlite.prepare('SELECT * FROM audit_log').all(), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
      expect(everything).not.toContain('wrong guess')
      expect(everything).not.toContain(PASSPHRASE)

      // A success starts the count again.
      restarted.lock()
      expect((await rejection(restarted.unlock('one more wrong guess'))).code).toBe('wrong_passphrase')
    } finally {
      reopened.close()
    }
  })
})

describe('parallel passphrase attempts (review hole 4)', () => {
  function failuresRecorded(): number {
    const json = world!.store.sqlite.prepare("SELECT value_json FROM settings WHERE key = 'secrets.unlock_failures'").pluck().get()
    return typeof json === 'string' ? (JSON.parse(json) as { failures: number }).failures : 0
  }

  it('each guess tried is counted, no more than the free attempts are tried, and the delay then applies', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    world.secrets.lock()

    // Six wrong passphrases at once, as six IPC calls would send them.
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, index) => rejection(world!.secrets.unlock(`parallel guess ${index}`))))
    const tried = outcomes.filter((outcome) => outcome.code === 'wrong_passphrase').length
    expect(tried).toBe(3)
    expect(outcomes.filter((outcome) => outcome.code === 'unlock_rate_limited')).toHaveLength(3)
    expect(failuresRecorded()).toBe(tried)
    const failedAudits = world.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'secrets.unlock_failed'").pluck().get()
    expect(failedAudits).toBe(3n)
    // The delay holds for the right passphrase too.
    expect((await rejection(world.secrets.unlock(PASSPHRASE))).code).toBe('unlock_rate_limited')
    expect((await world.secrets.status()).locked).toBe(true)
  })

  it('two stores on one file (two windows, a CLI beside the app) share one count', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    world.secrets.lock()
    const other = openDatabase(world.dbPath)
    try {
      const second = new SecretStore({ store: other, scryptCost: TEST_SCRYPT, actor: 'maria' })
      const stores = [world.secrets, second, world.secrets, second, world.secrets, second]
      const outcomes = await Promise.all(stores.map((store, index) => rejection(store.unlock(`guess from two stores ${index}`))))
      const tried = outcomes.filter((outcome) => outcome.code === 'wrong_passphrase').length
      expect(tried).toBe(3)
      expect(failuresRecorded()).toBe(3)
    } finally {
      other.close()
    }
  })

  it('a right passphrase after a wrong one in parallel unlocks and clears the count', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    world.secrets.lock()
    const [wrong, right] = await Promise.allSettled([world.secrets.unlock('a wrong guess here'), world.secrets.unlock(PASSPHRASE)])
    expect(wrong.status).toBe('rejected')
    expect(right.status).toBe('fulfilled')
    expect((await world.secrets.status()).locked).toBe(false)
    expect(failuresRecorded()).toBe(0)
  })
})
