// A desk with the gateway on, as a shop reaches it: the composition root over a real ledger (the
// test's engine) and the test's sandbox network (Pi Platform, Horizon, and its rate source), the
// gateway listening on a free loopback port, and a shop's side that speaks JSON-RPC over HTTP.
// Buyers pay with real signed transactions through the sandbox's ledger.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMainServices, type MainServices } from '../../../src/main/app'
import type { BackgroundLoop } from '../../../src/main/gateway'
import type { GatewayStartInput } from '../../../src/shared/contract/gateway'
import { signerFromSeed } from '../../../src/main/secrets/wallet-signer'
import type { RunningSandbox } from '../../../src/sandbox'
import { Buyer } from '../../../src/sandbox/buyer'
import { tempDatabasePath } from '../../support'

/** The shop's token in these tests (long enough for the gateway). */
export const SHOP_TOKEN = 'shop-token-7f3a9c1e5b2d4f60'

export interface RpcAnswer {
  readonly status: number
  readonly headers: Headers
  readonly body: {
    readonly jsonrpc?: string
    readonly id?: unknown
    readonly result?: Record<string, unknown>
    readonly error?: { readonly code: number; readonly message: string; readonly data?: { readonly code: string } }
  }
}

export interface GatewayDesk {
  readonly services: MainServices
  /** http://127.0.0.1:PORT/ once started. */
  readonly url: string
  /** The shop's backend: one JSON-RPC request (its token unless told otherwise). */
  rpc(method: string, params: unknown, options?: { readonly token?: string | null; readonly id?: number | string }): Promise<RpcAnswer>
  /** A raw POST / with this body. */
  post(body: string, headers?: Record<string, string>): Promise<RpcAnswer>
  /** A buyer of the sandbox app pays `amount` stroops with this memo: a real signed transaction. Answers its hash. */
  pay(address: string, amount: bigint, memo: string): string
  close(): Promise<void>
}

export interface GatewayDeskOptions {
  readonly token?: string | null
  readonly start?: GatewayStartInput | false
  /** The desktop's live mode (then the gateway does not follow the chain itself). */
  readonly followLive?: boolean
  /** What runs beside the gateway (postback delivery). */
  readonly postbacks?: BackgroundLoop
}

let buyers = 0

export async function openGatewayDesk(sandbox: RunningSandbox, options: GatewayDeskOptions = {}): Promise<GatewayDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'md-gateway-'))
  const token = options.token === undefined ? SHOP_TOKEN : options.token
  const services = await createMainServices({
    databasePath: tempDatabasePath(dir, 'shop.sqlite'),
    deskDatabasePath: join(dir, 'desk.sqlite'),
    network: 'sandbox',
    now: () => sandbox.chain.now(),
    remote: { platformUrl: sandbox.platformUrl, horizonUrl: sandbox.horizonUrl },
    sandboxServers: 'endpoints',
    secretBackend: () => async () => ({ apiKey: sandbox.apiKey, walletPublicKey: sandbox.appWallet.publicKey, signer: signerFromSeed(sandbox.appWallet.seed) }),
    actor: 'amira',
    version: '0.0.0-test',
    openExternal: async () => false,
    gatewayToken: () => token,
    gatewayAllow: () => undefined,
    ...(options.followLive ? { followLive: true } : {}),
    ...(options.postbacks ? { gatewayPostbacks: options.postbacks } : {})
  })
  let url = ''
  try {
    await services.bindLedgerWallet({ address: sandbox.appWallet.publicKey, source: 'PI_WALLET_SEED' })
    if (options.start !== false) url = (await services.gateway.start({ port: 0, ...(options.start ?? {}) })).url ?? ''
  } catch (error) {
    await services.close()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const post = async (body: string, headers: Record<string, string> = {}): Promise<RpcAnswer> => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as RpcAnswer['body']) }
  }
  return {
    services,
    url,
    post,
    rpc: (method, params, rpcOptions = {}) => {
      const given = rpcOptions.token === undefined ? SHOP_TOKEN : rpcOptions.token
      return post(JSON.stringify({ jsonrpc: '2.0', id: rpcOptions.id ?? 1, method, params }), given === null ? {} : { Authorization: `Bearer ${given}` })
    },
    pay(address, amount, memo) {
      buyers += 1
      const buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `gateway_buyer${buyers}` })
      const outcome = buyer.sendTransfer({ to: address, amount, memo })
      if (outcome.kind !== 'applied') throw new Error(`the payment was not applied: ${JSON.stringify(outcome.resultCodes)}`)
      return outcome.transaction.hash
    },
    async close() {
      await services.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Polls until `check` answers a value (the gateway settles on its own, a little later). */
export async function eventually<T>(check: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== null) return value
    if (Date.now() > until) throw new Error('gave up waiting')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
