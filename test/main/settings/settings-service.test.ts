// SettingsService keeps the settings in memory so that `current()` answers synchronously while the
// store is async: loaded from the database at start, read back after every update.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, putSetting, SettingsRepository, type MerchantDb } from '../../../src/main/db'
import { EventBus } from '../../../src/main/ipc'
import { DEFAULT_SETTINGS, SettingsService } from '../../../src/main/settings/settings-service'

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:', { now: () => new Date(Date.UTC(2025, 0, 1)) })
})
afterEach(() => store.close())

describe('SettingsService', () => {
  it('starts from what the database holds, and from the defaults for what it does not', async () => {
    await putSetting(store, 'network', 'testnet')
    const settings = await SettingsService.load(new SettingsRepository(store), new EventBus())
    expect(settings.current()).toEqual({ network: 'testnet', businessTimeZone: DEFAULT_SETTINGS.businessTimeZone })
  })

  it('answers with the update at once after it, stores it, and tells listeners of a new network once', async () => {
    const events = new EventBus()
    const changes: unknown[] = []
    events.on('settings:changed', (change) => changes.push(change))
    const settings = await SettingsService.load(new SettingsRepository(store), events)
    const [first, second] = await Promise.all([
      settings.update({ network: 'mainnet' }),
      settings.update({ network: 'mainnet', businessTimeZone: 'Europe/Berlin' })
    ])
    expect(first).toEqual({ network: 'mainnet', businessTimeZone: DEFAULT_SETTINGS.businessTimeZone })
    expect(second).toEqual({ network: 'mainnet', businessTimeZone: 'Europe/Berlin' })
    expect(settings.current()).toEqual(second)
    expect(changes).toEqual([{ network: 'mainnet' }])
    const reloaded = await SettingsService.load(new SettingsRepository(store), new EventBus())
    expect(reloaded.current()).toEqual(second)
  })
})
