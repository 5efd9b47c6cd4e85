// What the app says about itself (version, network, whether its secrets are set) and the one
// door to the system browser, over the contract.
import type { AppInfo, Handlers } from '../../shared/contract'
import { NETWORKS } from '../../shared/network'
import type { NetworkConnection } from '../network'
import type { SettingsService } from '../settings'

export interface AppHandlerDeps {
  readonly version: string
  readonly settings: SettingsService
  readonly openExternal: (url: string) => Promise<boolean>
  /** The network in use; needs no key. */
  readonly network: () => Promise<Pick<NetworkConnection, 'hasApiKey' | 'appWallet'>>
}

export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app:info' | 'shell:openExternal'> {
  return {
    'app:info': async (): Promise<AppInfo> => {
      const { network } = deps.settings.current()
      const connection = await deps.network()
      return {
        version: deps.version,
        network,
        networkLabel: NETWORKS[network].label,
        sandbox: network === 'sandbox',
        // Whether the secrets are set, never the secrets: only the wallet's public key is shown.
        credentials: {
          apiKeyConfigured: connection.hasApiKey,
          walletConfigured: connection.appWallet !== null,
          walletPublicKey: connection.appWallet
        }
      }
    },
    'shell:openExternal': async ({ url }) => ({ opened: await deps.openExternal(url) })
  }
}
