// Which servers, which key and which wallet the services talk to, for the network the merchant
// chose: what a NetworkConnection is opened from. The service container (src/main/app) resolves
// it for every front door alike. Secrets are only ever read there and handed to the clients;
// nothing of these settings is sent to the renderer.
import { UserFacingError } from '../../shared/errors'
import { NETWORKS, type NetworkId, type PiNetworkName } from '../../shared/network'

export interface ConnectionSettings {
  readonly networkId: NetworkId
  readonly passphrase: PiNetworkName
  readonly platformUrl: string
  readonly horizonUrl: string
  /** The Pi server API key; null until the merchant configures one (never for the sandbox). */
  readonly apiKey: string | null
  /** The app wallet's public address (G...): enough to sync, reconcile and export. */
  readonly appWallet: string | null
  readonly explorerTxUrl: string | null
}

export interface ConnectionOverrides {
  readonly platformUrl?: string
  readonly horizonUrl?: string
  readonly apiKey?: string
  readonly appWallet?: string
}

/** Testnet / mainnet: the real endpoints unless overridden (e.g. a `merchant-desk sandbox` run elsewhere). */
export function remoteSettings(networkId: Exclude<NetworkId, 'sandbox'>, overrides: ConnectionOverrides): ConnectionSettings {
  const profile = NETWORKS[networkId]
  return {
    networkId,
    passphrase: profile.passphrase,
    platformUrl: overrides.platformUrl ?? profile.platformUrl!,
    horizonUrl: overrides.horizonUrl ?? profile.horizonUrl!,
    apiKey: overrides.apiKey ?? null,
    appWallet: overrides.appWallet ?? null,
    explorerTxUrl: profile.explorerTxUrl
  }
}

export function requireApiKey(connection: Pick<ConnectionSettings, 'networkId' | 'apiKey' | 'platformUrl'>): string {
  if (connection.apiKey) return connection.apiKey
  if (connection.networkId === 'sandbox') {
    // Settings has nothing to enter for the sandbox: the key is the one `merchant-desk sandbox` printed.
    throw new UserFacingError(
      'api_key_missing',
      `No API key for the sandbox at ${connection.platformUrl}: set PI_API_KEY to the "apiKey" that \`merchant-desk sandbox\` printed.`
    )
  }
  throw new UserFacingError(
    'api_key_missing',
    `No Pi API key is set for ${NETWORKS[connection.networkId].label}. Add the app's server API key in Settings ` +
      '(or set PI_API_KEY for the command line).'
  )
}

export function requireAppWallet(connection: { readonly networkId: NetworkId; readonly appWallet: string | null }): string {
  if (connection.appWallet) return connection.appWallet
  throw new UserFacingError(
    'app_wallet_missing',
    `The app wallet's address is not known for ${NETWORKS[connection.networkId].label}. Add it in Settings ` +
      '(or pass --wallet G... on the command line).'
  )
}
