import type { AppInfo } from '../../../shared/contract'
import { NETWORKS } from '../../../shared/network'
import type { Workspace } from '../../app/workspace'
import type { SettingsService } from '../../settings/settings-service'
import type { Handlers } from '../router'

export interface AppHandlerDeps {
  readonly version: string
  readonly settings: SettingsService
  readonly openExternal: (url: string) => Promise<boolean>
  readonly workspace: () => Promise<Workspace>
}

export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app:info' | 'shell:openExternal'> {
  return {
    'app:info': async (): Promise<AppInfo> => {
      const { network } = deps.settings.current()
      const { connection } = await deps.workspace()
      return {
        version: deps.version,
        network,
        networkLabel: NETWORKS[network].label,
        sandbox: network === 'sandbox',
        // Whether the secrets are set, never the secrets: only the wallet's public key is shown.
        credentials: {
          apiKeyConfigured: connection.apiKey !== null,
          walletConfigured: connection.appWallet !== null,
          walletPublicKey: connection.appWallet
        }
      }
    },
    'shell:openExternal': async ({ url }) => ({ opened: await deps.openExternal(url) })
  }
}
