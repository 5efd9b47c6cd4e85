import type { SettingsService } from '../../settings/settings-service'
import type { Handlers } from '../router'

export function settingsHandlers(settings: SettingsService): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': () => settings.current(),
    'settings:update': (change) => settings.update(change)
  }
}
