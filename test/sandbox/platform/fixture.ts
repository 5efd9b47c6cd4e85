// A Pi Platform simulator over a simulated Pi Testnet ledger (with its Horizon), a second app on
// the other network, and the real clients the app uses: axios for the Platform API, stellar-sdk's
// Horizon.Server for the chain.
import axios, { type AxiosInstance } from 'axios'
import { Horizon, Keypair } from '@stellar/stellar-sdk'
import { Buyer, type BuyerOptions } from '../../../src/sandbox/buyer'
import { SimChain } from '../../../src/sandbox/chain'
import { startHorizon, type RunningHorizon } from '../../../src/sandbox/horizon'
import {
  newApiKey,
  startPlatform,
  type PlatformRules,
  type RunningPlatform,
  type SandboxApp
} from '../../../src/sandbox/platform'

export const PI = 10_000_000n

export interface PlatformFixture {
  readonly chain: SimChain
  readonly otherChain: SimChain
  readonly horizon: RunningHorizon
  readonly platform: RunningPlatform
  readonly server: Horizon.Server
  readonly shop: SandboxApp
  readonly shopWallet: Keypair
  readonly mainnetShop: SandboxApp
  /** axios with the shop's server key. */
  readonly api: AxiosInstance
  /** axios with no credentials. */
  readonly anonymous: AxiosInstance
  apiWithKey(key: string): AxiosInstance
  buyer(username: string, options?: Partial<BuyerOptions>): Buyer
  close(): Promise<void>
}

function client(baseURL: string, authorization?: string): AxiosInstance {
  return axios.create({
    baseURL,
    timeout: 5_000,
    validateStatus: () => true,
    ...(authorization === undefined ? {} : { headers: { Authorization: authorization } })
  })
}

export async function startPlatformFixture(rules: Partial<PlatformRules> = {}): Promise<PlatformFixture> {
  const chain = new SimChain({ ledgerIntervalMs: null })
  const otherChain = new SimChain({ networkPassphrase: 'Pi Network', ledgerIntervalMs: null })
  const shopWallet = Keypair.random()
  const mainnetWallet = Keypair.random()
  chain.fund(shopWallet.publicKey(), 1_000n * PI)
  otherChain.fund(mainnetWallet.publicKey(), 1_000n * PI)
  const shop: SandboxApp = { name: 'Shop', apiKey: newApiKey(), network: 'Pi Testnet', walletPublicKey: shopWallet.publicKey() }
  const mainnetShop: SandboxApp = {
    name: 'Mainnet shop',
    apiKey: newApiKey(),
    network: 'Pi Network',
    walletPublicKey: mainnetWallet.publicKey()
  }
  const horizon = await startHorizon({ chain })
  const platform = await startPlatform({
    chain,
    horizonUrl: horizon.url,
    otherNetworks: [{ chain: otherChain, horizonUrl: 'https://api.mainnet.minepi.com' }],
    apps: [shop, mainnetShop],
    rules
  })
  return {
    chain,
    otherChain,
    horizon,
    platform,
    server: new Horizon.Server(horizon.url, { allowHttp: true }),
    shop,
    shopWallet,
    mainnetShop,
    api: client(platform.url, `Key ${shop.apiKey}`),
    anonymous: client(platform.url),
    apiWithKey: (key) => client(platform.url, `Key ${key}`),
    buyer: (username, options = {}) =>
      Buyer.create({ platform: platform.state, app: shop, username, otherNetwork: otherChain, ...options }),
    close: async () => {
      chain.stop()
      otherChain.stop()
      await Promise.all([platform.close(), horizon.close()])
    }
  }
}

/** The body of a Pi payment creation. */
export function a2uBody(uid: string, overrides: Record<string, unknown> = {}): { payment: Record<string, unknown> } {
  return { payment: { amount: 1.5, memo: 'Refund for order 1', metadata: { order: 1 }, uid, ...overrides } }
}
