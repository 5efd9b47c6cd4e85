// The services bound to one network: its connection and the sync engine over it. A settings
// change (another network, another key) opens a new workspace; nothing in here outlives its
// connection, so what a sync proved about one server never applies to another.
import { createSyncEngine, createTolerantPageReader, type SyncEngine, type SyncProgress } from '../sync'
import type { MerchantDb } from '../db'
import type { InvoiceHooks } from '../invoices'
import { openConnection, requireAppWallet, type AppWalletSigner, type ConnectionSettings, type NetworkConnection } from '../network'

export interface Workspace {
  readonly connection: NetworkConnection
  /** Needs the API key and the app wallet's address: building it throws a clear error without them. */
  sync(): SyncEngine
}

export interface WorkspaceOptions {
  readonly onSyncProgress?: (progress: SyncProgress) => void
  readonly now?: () => Date
  /** Where the wallet seed comes from (decrypted only inside sign()). */
  readonly signer?: () => AppWalletSigner | null
  /** What follows invoices' events as the sync settles them (postbacks). */
  readonly invoiceHooks?: InvoiceHooks
}

export function openWorkspace(store: MerchantDb, settings: ConnectionSettings, options: WorkspaceOptions = {}): Workspace {
  const connection = openConnection(settings, options.signer ? { signer: options.signer } : {})
  let sync: SyncEngine | null = null
  return {
    connection,
    sync: () =>
      (sync ??= createSyncEngine({
        store,
        networkId: connection.networkId,
        pi: connection.pi,
        horizon: connection.horizon,
        appWallet: requireAppWallet(connection),
        // One malformed record is skipped and reported, instead of stopping every sync at that page.
        pageReader: createTolerantPageReader({ url: connection.horizonUrl, account: requireAppWallet(connection) }),
        ...(options.now ? { now: options.now } : {}),
        ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {}),
        ...(options.invoiceHooks ? { invoiceHooks: options.invoiceHooks } : {})
      }))
  }
}
