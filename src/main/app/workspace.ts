// The services bound to one network connection: the Pi and Horizon clients and the sync engine.
// A settings change (another network, another key) builds a new workspace; nothing in here
// outlives its connection, so what a sync proved about one server never applies to another.
import { createHorizonClient, type HorizonClient } from '../horizon'
import { createPiPlatformClient, type PiPlatformClient } from '../pi'
import { createSyncEngine, createTolerantPageReader, type SyncEngine, type SyncProgress } from '../sync'
import type { MerchantDb } from '../db'
import type { PayoutSigner } from '../payouts'
import { requireApiKey, requireAppWallet, type Connection } from './connection'

export interface Workspace {
  readonly connection: Connection
  readonly horizon: HorizonClient
  /** Needs the API key: building it throws a clear error when the key is missing. */
  pi(): PiPlatformClient
  /** Needs the API key and the app wallet's address. */
  sync(): SyncEngine
  /** Signs payouts with the app wallet's key; null when no seed is set for this network. */
  signer(): PayoutSigner | null
}

export interface WorkspaceOptions {
  readonly onSyncProgress?: (progress: SyncProgress) => void
  readonly now?: () => Date
  /** Where the wallet seed comes from (decrypted only inside sign()). */
  readonly signer?: () => PayoutSigner | null
}

export function openWorkspace(store: MerchantDb, connection: Connection, options: WorkspaceOptions = {}): Workspace {
  const horizon = createHorizonClient({ url: connection.horizonUrl, expectedPassphrase: connection.passphrase })
  let pi: PiPlatformClient | null = null
  let sync: SyncEngine | null = null
  const piClient = () => (pi ??= createPiPlatformClient({ baseUrl: connection.platformUrl, apiKey: requireApiKey(connection) }))
  return {
    connection,
    horizon,
    pi: piClient,
    signer: () => options.signer?.() ?? null,
    sync: () =>
      (sync ??= createSyncEngine({
        store,
        networkId: connection.networkId,
        pi: piClient(),
        horizon,
        appWallet: requireAppWallet(connection),
        // One malformed record is skipped and reported, instead of stopping every sync at that page.
        pageReader: createTolerantPageReader({ url: connection.horizonUrl, account: requireAppWallet(connection) }),
        ...(options.now ? { now: options.now } : {}),
        ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {})
      }))
  }
}
