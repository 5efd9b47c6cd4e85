// Pi's Horizon, simulated on loopback over the shared simulated chain. Real clients
// (stellar-sdk's Horizon.Server, axios) talk to it unchanged; faults can be injected per route.
import type { SimChain } from '../chain/sim-chain'
import { FaultPlan } from '../http/faults'
import { RequestLog } from '../http/request-log'
import { Router } from '../http/router'
import { startHttpServer, type RunningServer } from '../http/server'
import { horizonPages } from './problems'
import { registerAccountRoutes } from './routes/account-routes'
import type { HorizonDeps } from './routes/deps'
import { registerNetworkRoutes } from './routes/network-routes'
import { registerTransactionRoutes } from './routes/transaction-routes'

export interface HorizonOptions {
  readonly chain: SimChain
  /** Default 0: any free port. */
  readonly port?: number
  /** Default 127.0.0.1. */
  readonly host?: string
  /** Share a plan to script faults from outside; one is created otherwise (see `faults` on the result). */
  readonly faults?: FaultPlan
  readonly requests?: RequestLog
}

export interface RunningHorizon extends RunningServer {
  readonly chain: SimChain
}

export async function startHorizon(options: HorizonOptions): Promise<RunningHorizon> {
  const { chain } = options
  // stellar-sdk's fetchTimebounds() reads Horizon's clock from the Date header: it must be the ledger clock.
  const headers = (): Readonly<Record<string, string>> => ({ Date: chain.now().toUTCString(), 'Access-Control-Allow-Origin': '*' })
  const deps: HorizonDeps = { chain, headers }
  const router = new Router()
  registerNetworkRoutes(router, deps)
  registerAccountRoutes(router, deps)
  registerTransactionRoutes(router, deps)
  const server = await startHttpServer({
    router,
    pages: horizonPages,
    headers,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    faults: options.faults ?? new FaultPlan(),
    requests: options.requests ?? new RequestLog()
  })
  return { ...server, chain }
}
