// The sync engine wired to the sandbox network exactly as the app wires it: the real Pi and
// Horizon clients over loopback HTTP, a database of its own, the tolerant page reader.
import type { MerchantDb } from '../../../src/main/db'
import { createHorizonClient, type HorizonClient } from '../../../src/main/horizon'
import { createPiPlatformClient, type PiPlatformClient } from '../../../src/main/pi'
import { createSyncEngine, createTolerantPageReader, type SyncEngine, type SyncEngineOptions } from '../../../src/main/sync'
import { trackPayments, type TrackResult } from '../../../src/main/tracking'
import type { RunningSandbox } from '../../../src/sandbox'
import { openScratchLedger } from '../../support'

/** Short timeouts and backoff: faults are injected on purpose, tests must not wait 20 s for each. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 1_500 }
export const FIXED_NOW = new Date(Date.UTC(2030, 0, 1))

export interface Wired {
  readonly store: MerchantDb
  readonly pi: PiPlatformClient
  readonly horizon: HorizonClient
  engine(extra?: Partial<SyncEngineOptions>): SyncEngine
  track(ids: readonly string[]): Promise<TrackResult[]>
}

export function wire(
  sandbox: RunningSandbox,
  options: { apiKey?: string; horizonUrl?: string; store?: MerchantDb; timeoutMs?: number } = {}
): Wired {
  const store = options.store ?? openScratchLedger({ now: () => FIXED_NOW }).store
  const timeoutMs = options.timeoutMs ?? 1_500
  const pi = createPiPlatformClient({ baseUrl: sandbox.platformUrl, apiKey: options.apiKey ?? sandbox.apiKey, timeoutMs, retry: FAST_RETRY })
  const url = options.horizonUrl ?? sandbox.horizonUrl
  const horizon = createHorizonClient({ url, expectedPassphrase: 'Pi Testnet', timeoutMs, retry: FAST_RETRY })
  const appWallet = sandbox.appWallet.publicKey
  return {
    store,
    pi,
    horizon,
    engine: (extra = {}) =>
      createSyncEngine({
        store,
        networkId: 'sandbox',
        pi,
        horizon,
        appWallet,
        pageReader: createTolerantPageReader({ url, account: appWallet, timeoutMs, retry: FAST_RETRY }),
        ...extra
      }),
    track: (ids) => trackPayments({ store, pi, horizon, networkId: 'sandbox', appWallet, ids })
  }
}

/** Every request both simulated servers received so far. */
export function requestCount(sandbox: RunningSandbox): number {
  return sandbox.platform.requests.count() + sandbox.horizon.requests.count()
}
