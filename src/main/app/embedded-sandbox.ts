// A fresh install runs on the sandbox network: the simulated Pi servers start inside the main
// process, on loopback, with a generated shop history, so every screen works with no keys.
// The sandbox's key and seed are its own (they move no real Pi); they stay in main like any secret.
import { startSandbox, type RunningSandbox } from '../../sandbox'
import { NETWORKS } from '../../shared/network'
import { clearNetworkLedger, type MerchantDb } from '../db'
import type { ConnectionSettings } from '../network'

export interface EmbeddedSandboxOptions {
  /** Payments of generated history; a few hundred make every screen worth exploring. */
  readonly payments?: number
  readonly seed?: number
  readonly ledgerIntervalMs?: number
}

export interface EmbeddedSandbox {
  readonly connection: ConnectionSettings
  readonly sandbox: RunningSandbox
  close(): Promise<void>
}

export async function startEmbeddedSandbox(store: MerchantDb, options: EmbeddedSandboxOptions = {}): Promise<EmbeddedSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    payments: options.payments ?? 500,
    seed: options.seed ?? 1,
    ...(options.ledgerIntervalMs !== undefined ? { ledgerIntervalMs: options.ledgerIntervalMs } : {})
  })
  // Every start is a new simulated chain: forget what an earlier sandbox run synced.
  await clearNetworkLedger(store, 'sandbox')
  return {
    sandbox,
    connection: {
      networkId: 'sandbox',
      passphrase: sandbox.networkPassphrase,
      platformUrl: sandbox.platformUrl,
      horizonUrl: sandbox.horizonUrl,
      apiKey: sandbox.apiKey,
      appWallet: sandbox.appWallet.publicKey,
      explorerTxUrl: NETWORKS.sandbox.explorerTxUrl
    },
    close: () => sandbox.close()
  }
}
