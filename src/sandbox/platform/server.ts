// startPlatform: the Pi Platform API simulator on loopback, over the simulated ledger(s). Real
// clients (axios, the official SDKs) talk to it unchanged; faults are injected per route through
// the shared fault plan, and every call is kept in the request log for tests to inspect.
import type { PiNetworkName } from '../../shared/network'
import type { SimulatedChain } from '../chain/types'
import { FaultPlan } from '../http/faults'
import { htmlReply, jsonReply, nginxErrorPage } from '../http/reply'
import { RequestLog } from '../http/request-log'
import { Router } from '../http/router'
import { startHttpServer, type RunningServer, type ServicePages } from '../http/server'
import type { RandomIntSource } from './identifiers'
import type { SandboxApp } from './records'
import { registerPlatformRoutes } from './routes'
import { PlatformState, type PlatformNetwork, type PlatformRules } from './state'
import { registerRateRoutes, type RateBoard } from '../rates'

/** Where Pi's real `_link`s point when no simulated Horizon URL is given. */
const PI_HORIZON_URLS: Readonly<Record<PiNetworkName, string>> = {
  'Pi Network': 'https://api.mainnet.minepi.com',
  'Pi Testnet': 'https://api.testnet.minepi.com'
}

export interface PlatformOptions {
  /** The ledger of the apps' network. */
  readonly chain: SimulatedChain
  /** Horizon serving `chain`, for `transaction._link` (default: Pi's real Horizon of that network). */
  readonly horizonUrl?: string
  /** Ledgers of other networks, for apps registered there. */
  readonly otherNetworks?: readonly PlatformNetwork[]
  readonly apps: readonly SandboxApp[]
  /** Default 0: any free port. */
  readonly port?: number
  /** Default 127.0.0.1. */
  readonly host?: string
  readonly faults?: FaultPlan
  readonly requests?: RequestLog
  /** Pi's clock (created_at, the approval window, token expiry). Default: the ledger clock. */
  readonly clock?: () => Date
  readonly rules?: Partial<PlatformRules>
  readonly random?: RandomIntSource
}

export interface RunningPlatform extends RunningServer {
  readonly state: PlatformState
}

/** Pi's own wording for what its router and proxies answer. */
const platformPages: ServicePages = {
  notFound: (ctx) => jsonReply(404, { error: 'not_found', error_message: `No route for ${ctx.method} ${ctx.path}.` }),
  methodNotAllowed: (ctx, allowed) =>
    jsonReply(405, { error: 'method_not_allowed', error_message: `${ctx.method} is not allowed here.` }, undefined, {
      Allow: allowed.join(', ')
    }),
  internalError: () => jsonReply(500, { error: 'unknown_error', error_message: 'Something went wrong.' }),
  payloadTooLarge: () => jsonReply(413, { error: 'invalid_arguments', error_message: 'The request body is too large.' }),
  rateLimited: (_ctx, retryAfter) =>
    jsonReply(429, { error: 'too_many_requests', error_message: `Too many requests: retry after ${retryAfter} s.` }),
  gatewayTimeout: () => htmlReply(504, nginxErrorPage(504), { Server: 'nginx' })
}

function networkName(chain: SimulatedChain): PiNetworkName {
  const passphrase = chain.networkPassphrase
  if (passphrase !== 'Pi Network' && passphrase !== 'Pi Testnet') {
    throw new Error(`The sandbox Platform serves Pi networks only, not "${passphrase}".`)
  }
  return passphrase
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const main: PlatformNetwork = {
    chain: options.chain,
    horizonUrl: options.horizonUrl ?? PI_HORIZON_URLS[networkName(options.chain)]
  }
  const state = new PlatformState({
    apps: options.apps,
    networks: [main, ...(options.otherNetworks ?? [])],
    clock: options.clock ?? (() => options.chain.now()),
    ...(options.rules === undefined ? {} : { rules: options.rules }),
    ...(options.random === undefined ? {} : { random: options.random })
  })
  return servePlatform(state, options)
}

/** Serves an existing state (the sandbox loads its dataset into the state before serving it). */
export async function servePlatform(
  state: PlatformState,
  options: Pick<PlatformOptions, 'port' | 'host' | 'faults' | 'requests'> & { readonly rates?: RateBoard } = {}
): Promise<RunningPlatform> {
  const router = new Router()
  registerPlatformRoutes(router, state)
  // The fiat rate source (CoinGecko's format) rides on the same server: one URL for the sandbox.
  if (options.rates !== undefined) registerRateRoutes(router, options.rates)
  const server = await startHttpServer({
    router,
    pages: platformPages,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    faults: options.faults ?? new FaultPlan(),
    requests: options.requests ?? new RequestLog()
  })
  return { ...server, state }
}
