// The merchant's preferences (network, business time zone). Stored in the settings table;
// secrets are NOT here (they live in the encrypted secret store).
import { z } from 'zod'
import type { AppSettings } from '../../shared/contract'
import { NETWORK_IDS, type NetworkId } from '../../shared/network'
import type { EventBus } from '../ipc'
import { UserFacingError } from '../../shared/errors'
import { isTimeZone, notATimeZone } from '../../shared/time-zones'

export interface SettingsStore {
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T
  put(key: string, value: unknown): void
}

const KEYS = { network: 'network', businessTimeZone: 'business_time_zone' } as const

/** A fresh install points at the sandbox: everything works, with no keys. */
export const DEFAULT_SETTINGS: AppSettings = {
  network: 'sandbox',
  businessTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly events: Pick<EventBus, 'emit'>
  ) {}

  current(): AppSettings {
    return {
      network: this.store.get<NetworkId>(KEYS.network, z.enum(NETWORK_IDS), DEFAULT_SETTINGS.network),
      businessTimeZone: this.store.get(KEYS.businessTimeZone, z.string().min(1), DEFAULT_SETTINGS.businessTimeZone)
    }
  }

  update(change: Partial<AppSettings>): AppSettings {
    const zone = change.businessTimeZone?.trim()
    if (zone !== undefined && !isTimeZone(zone)) throw new UserFacingError('invalid_time_zone', notATimeZone(zone))
    if (zone !== undefined) change = { ...change, businessTimeZone: zone }
    const before = this.current()
    if (change.network !== undefined) this.store.put(KEYS.network, change.network)
    if (change.businessTimeZone !== undefined) this.store.put(KEYS.businessTimeZone, change.businessTimeZone)
    const after = this.current()
    if (after.network !== before.network) this.events.emit('settings:changed', { network: after.network })
    return after
  }
}
