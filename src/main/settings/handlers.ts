// The merchant's preferences and saved ledger filters over the contract.
import type { Handlers } from '../../shared/contract'
import { savedFilterHandlers } from './saved-filters'
import type { SettingsService, SettingsStore } from './settings-service'

export function settingsHandlers(
  settings: SettingsService,
  store: SettingsStore
): Pick<Handlers, 'settings:get' | 'settings:update' | 'filters:list' | 'filters:save' | 'filters:delete'> {
  return {
    'settings:get': () => settings.current(),
    'settings:update': (change) => settings.update(change),
    ...savedFilterHandlers(store)
  }
}
