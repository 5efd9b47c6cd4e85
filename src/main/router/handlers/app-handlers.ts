import type { AppInfo } from '../../../shared/contract'
import { NETWORKS } from '../../../shared/network'
import type { SettingsService } from '../../settings/settings-service'
import type { Handlers } from '../router'

export interface AppHandlerDeps {
  readonly version: string
  readonly settings: SettingsService
  readonly openExternal: (url: string) => Promise<boolean>
}

export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app:info' | 'shell:openExternal'> {
  return {
    'app:info': (): AppInfo => {
      const { network } = deps.settings.current()
      return {
        version: deps.version,
        network,
        networkLabel: NETWORKS[network].label,
        sandbox: network === 'sandbox',
        credentials: { apiKeyConfigured: network === 'sandbox', walletConfigured: network === 'sandbox', walletPublicKey: null }
      }
    },
    'shell:openExternal': async ({ url }) => ({ opened: await deps.openExternal(url) })
  }
}
