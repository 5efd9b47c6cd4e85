// startSandbox: the whole sandbox network on loopback. One simulated Pi Testnet ledger served by
// both the Horizon simulator (port + 1) and the Pi Platform API simulator (port), a second ledger
// for the other Pi network (for "key of the other network" and "paid on the other network"), an
// app with its API key and app wallet, a few live buyers, and optionally a seeded history.
// Everything is derived from `seed`: same seed, same keys, same history.
import type { Keypair } from '@stellar/stellar-sdk'
import type { PiNetworkName } from '../shared/network'
import { Buyer } from './buyer'
import { SimChain } from './chain'
import { generateDataset, type GeneratedDataset } from './dataset'
import { createPrng, type Prng } from './dataset/prng'
import { keypairFromPrng } from './dataset/population'
import { startHorizon, type RunningHorizon } from './horizon'
import { newApiKey, PlatformState, servePlatform, type RunningPlatform, type SandboxApp } from './platform'
import { RateBoard } from './rates'

export interface SandboxOptions {
  /** Platform API port; Horizon listens on port + 1. Default 0: two free ports. */
  readonly port?: number
  readonly host?: string
  /** Pi payments of generated history (default 0: an empty shop). */
  readonly payments?: number
  /** Seed of every key and of the history (default 1). */
  readonly seed?: number
  /** How often empty ledgers close (default 5000 ms; 0: only on transactions). */
  readonly ledgerIntervalMs?: number
}

export interface SandboxWallet {
  readonly publicKey: string
  /** The app wallet's secret seed (S...): a sandbox key, it moves no real Pi. */
  readonly seed: string
}

export interface RunningSandbox {
  readonly platformUrl: string
  readonly horizonUrl: string
  readonly apiKey: string
  readonly appWallet: SandboxWallet
  readonly networkPassphrase: PiNetworkName
  readonly app: SandboxApp
  readonly chain: SimChain
  readonly platform: RunningPlatform
  readonly horizon: RunningHorizon
  /** Live buyers: alice and bob granted wallet_address, carol did not. */
  readonly buyers: readonly Buyer[]
  /** The generated history, when `payments` > 0. */
  readonly dataset: GeneratedDataset | null
  /** The other Pi network ("Pi Network"): its ledger and an app registered there. */
  readonly otherNetwork: { readonly chain: SimChain; readonly app: SandboxApp; readonly appWallet: SandboxWallet }
  /** The fiat rate source served at platformUrl in CoinGecko's format: set rates, staleness, outages. */
  readonly rates: RateBoard
  close(): Promise<void>
}

const DAY_MS = 86_400_000
/** Generated history covers this many days up to a minute ago. */
export const SANDBOX_HISTORY_DAYS = 90
const APP_WALLET_FUNDING = 10_000n * 10_000_000n

/** One dataset buyer per 50 payments, between 10 and 20,000. */
export function datasetBuyerCount(payments: number): number {
  return Math.min(20_000, Math.max(10, Math.ceil(payments / 50)))
}

function wallet(keypair: Keypair): SandboxWallet {
  return { publicKey: keypair.publicKey(), seed: keypair.secret() }
}

function sandboxApp(prng: Prng, name: string, network: PiNetworkName): { app: SandboxApp; keypair: Keypair } {
  const keypair = keypairFromPrng(prng)
  return { app: { name, apiKey: newApiKey(prng.int), network, walletPublicKey: keypair.publicKey() }, keypair }
}

/**
 * The keys a sandbox started with `seed` uses, without starting it: a client that attaches to a
 * running sandbox (the CLI's background one) knows them from the seed alone.
 */
export function sandboxAppKeys(seed: number): { readonly apiKey: string; readonly appWallet: SandboxWallet } {
  const { main } = sandboxApps(seed)
  return { apiKey: main.app.apiKey, appWallet: wallet(main.keypair) }
}

function sandboxApps(seed: number): { main: ReturnType<typeof sandboxApp>; other: ReturnType<typeof sandboxApp>; prng: Prng } {
  // The dataset draws from the seed's default stream; the sandbox's own keys from another one.
  const prng = createPrng(seed, 'sandbox-keys')
  const main = sandboxApp(prng, 'Sandbox Shop', 'Pi Testnet')
  const other = sandboxApp(prng, 'Sandbox Shop (Mainnet)', 'Pi Network')
  return { main, other, prng }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const seed = options.seed ?? 1
  const payments = options.payments ?? 0
  const { main, other, prng } = sandboxApps(seed)
  const now = Date.now()
  const historyTo = new Date(now - 60_000)
  const historyFrom = new Date(historyTo.getTime() - SANDBOX_HISTORY_DAYS * DAY_MS)
  const ledgerIntervalMs = options.ledgerIntervalMs ?? 5_000
  const chain = new SimChain({
    networkPassphrase: main.app.network,
    ledgerIntervalMs,
    genesisTime: payments > 0 ? new Date(historyFrom.getTime() - 2 * 3600_000) : new Date(now)
  })
  const otherChain = new SimChain({ networkPassphrase: other.app.network, ledgerIntervalMs })
  const state = new PlatformState({
    apps: [main.app, other.app],
    // Horizon URLs are known once it listens; until then no payment is serialized.
    networks: [
      { chain, horizonUrl: '' },
      { chain: otherChain, horizonUrl: 'https://api.mainnet.minepi.com' }
    ],
    clock: () => chain.now()
  })

  // The bulk import takes history only before any live ledger: generate first, synchronously.
  const dataset =
    payments > 0
      ? generateDataset({
          seed,
          buyers: datasetBuyerCount(payments),
          payments,
          from: historyFrom,
          to: historyTo,
          app: main.app,
          platform: state
        })
      : null
  if (dataset === null) chain.fund(main.app.walletPublicKey, APP_WALLET_FUNDING)
  otherChain.fund(other.app.walletPublicKey, APP_WALLET_FUNDING)

  const buyers = [
    { username: 'alice', grantWalletAddress: true },
    { username: 'bob', grantWalletAddress: true },
    { username: 'carol', grantWalletAddress: false }
  ].map((buyer) =>
    Buyer.create({ platform: state, app: main.app, keypair: keypairFromPrng(prng), otherNetwork: otherChain, ...buyer })
  )

  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? 0
  const horizon = await startHorizon({ chain, host, port: port === 0 ? 0 : port + 1 })
  state.setHorizonUrl(main.app.network, horizon.url)
  const rates = new RateBoard(() => chain.now())
  let platform: RunningPlatform
  try {
    platform = await servePlatform(state, { host, port, rates })
  } catch (error) {
    await horizon.close()
    throw error
  }

  return {
    platformUrl: platform.url,
    horizonUrl: horizon.url,
    apiKey: main.app.apiKey,
    appWallet: wallet(main.keypair),
    networkPassphrase: main.app.network,
    app: main.app,
    chain,
    platform,
    horizon,
    buyers,
    dataset,
    otherNetwork: { chain: otherChain, app: other.app, appWallet: wallet(other.keypair) },
    rates,
    close: async () => {
      chain.stop()
      otherChain.stop()
      await Promise.all([platform.close(), horizon.close()])
    }
  }
}
