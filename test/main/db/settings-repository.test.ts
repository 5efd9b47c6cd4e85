import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import { getSetting, putSetting, SettingsRepository } from '../../../src/main/db/settings-repository'
import type { SettingsStore } from '../../../src/main/settings'
import { NETWORK_IDS } from '../../../src/shared/network'

let clock = new Date(Date.UTC(2025, 0, 1))
let store: MerchantDb
beforeEach(() => {
  clock = new Date(Date.UTC(2025, 0, 1))
  store = openDatabase(':memory:', { now: () => clock })
})
afterEach(() => store.close())

const network = z.enum(NETWORK_IDS)
const storedRows = () => store.sqlite.prepare('SELECT key, value_json, updated_at FROM settings ORDER BY key').all()

describe('settings repository', () => {
  it('returns the fallback for a setting never stored', async () => {
    expect(await getSetting(store, 'network', network, 'sandbox')).toBe('sandbox')
    expect(storedRows()).toEqual([])
  })

  it('returns what was stored, parsed by the schema', async () => {
    await putSetting(store, 'network', 'mainnet')
    await putSetting(store, 'export', { columns: ['date', 'amount'], withFees: true })
    expect(await getSetting(store, 'network', network, 'sandbox')).toBe('mainnet')
    expect(
      await getSetting(store, 'export', z.object({ columns: z.array(z.string()), withFees: z.boolean() }), {
        columns: [],
        withFees: false
      })
    ).toEqual({ columns: ['date', 'amount'], withFees: true })
  })

  it('replaces a value and stamps it with the injected clock', async () => {
    await putSetting(store, 'business_time_zone', 'UTC')
    clock = new Date(Date.UTC(2025, 6, 1))
    await putSetting(store, 'business_time_zone', 'Europe/Berlin')
    expect(storedRows()).toEqual([
      { key: 'business_time_zone', value_json: '"Europe/Berlin"', updated_at: BigInt(Date.UTC(2025, 6, 1)) }
    ])
  })

  it('falls back when the stored value no longer fits the schema', async () => {
    store.sqlite
      .prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('network', '\"devnet\"', 1)")
      .run()
    expect(await getSetting(store, 'network', network, 'sandbox')).toBe('sandbox')
  })

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a bigint', 10n]
  ])('refuses %s, which has no JSON form, and stores nothing', async (_case, value) => {
    await expect(putSetting(store, 'odd', value)).rejects.toThrow(TypeError)
    expect(storedRows()).toEqual([])
  })

  it('serves SettingsService through get and put on one database', async () => {
    const repository: SettingsStore = new SettingsRepository(store)
    await repository.put('network', 'testnet')
    expect(await repository.get('network', network, 'sandbox')).toBe('testnet')
    expect(await getSetting(store, 'network', network, 'sandbox')).toBe('testnet')
  })
})
