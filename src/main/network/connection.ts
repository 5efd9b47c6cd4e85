// The ONE connection type: a network as every service uses it (sync, tracking, queue, payouts,
// reconciliation, the handlers): its passphrase, the Pi and Horizon clients, the app wallet and
// the signer. Opened from ConnectionSettings by the service container; one per network and
// settings, so nothing a client proved about one server ever applies to another.
import { createHorizonClient, type HorizonClient } from '../horizon'
import { createPiPlatformClient, type PiPlatformClient } from '../pi'
import type { NetworkId, PiNetworkName } from '../../shared/network'
import { requireApiKey, type ConnectionSettings } from './settings'
import type { AppWalletSigner } from './signer'

export interface NetworkConnection {
  readonly networkId: NetworkId
  /** "Pi Network" or "Pi Testnet": what Horizon must serve and envelopes are signed for. */
  readonly passphrase: PiNetworkName
  readonly platformUrl: string
  readonly horizonUrl: string
  readonly explorerTxUrl: string | null
  /** Whether the Pi server API key is set (never the key itself). */
  readonly hasApiKey: boolean
  /** The app wallet's public address (G...); null until the merchant gives it. */
  readonly appWallet: string | null
  readonly horizon: HorizonClient
  /**
   * The Pi Platform client, built on first use. It needs the API key: reading it when none is set
   * throws a clear UserFacingError (the container's `connect()` refuses such a network up front).
   */
  readonly pi: PiPlatformClient
  /** Signs with the app wallet's key; null when no seed is set for this network. */
  signer(): AppWalletSigner | null
}

/** `connection`, refused in words when its Pi client cannot be built (no API key set). */
export function withPiKey(connection: NetworkConnection): NetworkConnection {
  if (!connection.hasApiKey) requireApiKey({ networkId: connection.networkId, platformUrl: connection.platformUrl, apiKey: null })
  return connection
}

export interface OpenConnectionOptions {
  /** Where the wallet seed comes from (decrypted only inside sign()). */
  readonly signer?: () => AppWalletSigner | null
}

export function openConnection(settings: ConnectionSettings, options: OpenConnectionOptions = {}): NetworkConnection {
  const horizon = createHorizonClient({ url: settings.horizonUrl, expectedPassphrase: settings.passphrase })
  let pi: PiPlatformClient | null = null
  return {
    networkId: settings.networkId,
    passphrase: settings.passphrase,
    platformUrl: settings.platformUrl,
    horizonUrl: settings.horizonUrl,
    explorerTxUrl: settings.explorerTxUrl,
    hasApiKey: settings.apiKey !== null,
    appWallet: settings.appWallet,
    horizon,
    get pi() {
      return (pi ??= createPiPlatformClient({ baseUrl: settings.platformUrl, apiKey: requireApiKey(settings) }))
    },
    signer: () => options.signer?.() ?? null
  }
}
