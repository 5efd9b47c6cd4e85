// The merchant's preferences (network, business time zone). Stored in the settings table;
// secrets are NOT here (they live in the encrypted secret store).
import { z } from 'zod'
import type { AppSettings } from '../../shared/contract'
import { NETWORK_IDS, type NetworkId } from '../../shared/network'
import type { EventBus } from '../ipc'
import { UserFacingError } from '../../shared/errors'
import { isTimeZone, notATimeZone } from '../../shared/time-zones'

export interface SettingsStore {
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T>
  put(key: string, value: unknown): Promise<void>
}

const KEYS = { network: 'network', businessTimeZone: 'business_time_zone' } as const

/** A fresh install points at the sandbox: everything works, with no keys. */
export const DEFAULT_SETTINGS: AppSettings = {
  network: 'sandbox',
  businessTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/**
 * The settings as last read from the store, kept in memory so that `current()` answers at once:
 * many callers (the network of every workspace and handler) read it synchronously, while the
 * store is async. On one desk this process is the only writer of these two keys (through `update`,
 * which reads them back after writing); on a team's ledger another desk may write them, and the
 * desk calls `reload` when the database says settings changed. Create the service with `load`.
 */
export class SettingsService {
  private constructor(
    private readonly store: SettingsStore,
    private readonly events: Pick<EventBus, 'emit'>,
    private settings: AppSettings
  ) {}

  static async load(store: SettingsStore, events: Pick<EventBus, 'emit'>): Promise<SettingsService> {
    return new SettingsService(store, events, await readSettings(store))
  }

  current(): AppSettings {
    return this.settings
  }

  /** The update under way: one at a time, as when writes were synchronous. */
  private updating: Promise<unknown> = Promise.resolve()

  /** Each update sees the one before it done, and answers with the settings as stored after it. */
  update(change: Partial<AppSettings>): Promise<AppSettings> {
    const run = this.updating.catch(() => undefined).then(() => this.updateNow(change))
    this.updating = run
    return run
  }

  /** Reads the settings again (another desk changed them); says so when the network moved. */
  reload(): Promise<AppSettings> {
    const run = this.updating.catch(() => undefined).then(async () => {
      const before = this.settings
      const after = await readSettings(this.store)
      this.settings = after
      if (after.network !== before.network) this.events.emit('settings:changed', { network: after.network })
      return after
    })
    this.updating = run
    return run
  }

  private async updateNow(change: Partial<AppSettings>): Promise<AppSettings> {
    const zone = change.businessTimeZone?.trim()
    if (zone !== undefined && !isTimeZone(zone)) throw new UserFacingError('invalid_time_zone', notATimeZone(zone))
    if (zone !== undefined) change = { ...change, businessTimeZone: zone }
    const before = await readSettings(this.store)
    this.settings = before
    if (change.network !== undefined) await this.store.put(KEYS.network, change.network)
    if (change.businessTimeZone !== undefined) await this.store.put(KEYS.businessTimeZone, change.businessTimeZone)
    const after = await readSettings(this.store)
    this.settings = after
    if (after.network !== before.network) this.events.emit('settings:changed', { network: after.network })
    return after
  }
}

async function readSettings(store: SettingsStore): Promise<AppSettings> {
  return {
    network: await store.get<NetworkId>(KEYS.network, z.enum(NETWORK_IDS), DEFAULT_SETTINGS.network),
    businessTimeZone: await store.get(KEYS.businessTimeZone, z.string().min(1), DEFAULT_SETTINGS.businessTimeZone)
  }
}
