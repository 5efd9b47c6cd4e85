// A fresh simulated ledger and Platform state for one generated dataset, over a fixed period so
// that two runs with the same seed are comparable byte for byte.
import { SimChain } from '../../../src/sandbox/chain'
import { generateDataset, type GeneratedDataset } from '../../../src/sandbox/dataset'
import { PlatformState, type SandboxApp } from '../../../src/sandbox/platform'

export const FROM = new Date('2025-01-01T00:00:00Z')
export const TO = new Date('2025-03-31T00:00:00Z')

export const SHOP: SandboxApp = {
  name: 'Dataset shop',
  apiKey: 'k'.repeat(64),
  network: 'Pi Testnet',
  walletPublicKey: 'GBGO6THJBDNHVTJYXEQAORWO3QKIDJWMZJLBV4WGJZPMKRXF52TVLDUA'
}

export interface LoadedDataset extends GeneratedDataset {
  readonly chain: SimChain
  readonly state: PlatformState
}

export function loadDataset(seed: number, payments: number, buyers: number): LoadedDataset {
  const chain = new SimChain({ ledgerIntervalMs: null, genesisTime: new Date(FROM.getTime() - 86_400_000) })
  const state = new PlatformState({
    apps: [SHOP],
    networks: [{ chain, horizonUrl: 'http://horizon.test' }],
    clock: () => chain.now()
  })
  const dataset = generateDataset({ seed, buyers, payments, from: FROM, to: TO, app: SHOP, platform: state })
  return { ...dataset, chain, state }
}
