// A simulated chain behind the Horizon simulator, and stellar-sdk's real client pointed at it.
import { Horizon, Keypair } from '@stellar/stellar-sdk'
import { SimChain, type SimChainOptions } from '../../../src/sandbox/chain/sim-chain'
import { startHorizon, type RunningHorizon } from '../../../src/sandbox/horizon/start-horizon'
import { PI } from '../chain/envelopes'

export interface Sandbox {
  readonly chain: SimChain
  readonly horizon: RunningHorizon
  readonly server: Horizon.Server
  readonly alice: Keypair
  readonly bob: Keypair
  close(): Promise<void>
}

export async function startSandbox(options: SimChainOptions = {}): Promise<Sandbox> {
  const chain = new SimChain({ ledgerIntervalMs: null, ...options })
  const horizon = await startHorizon({ chain })
  const server = new Horizon.Server(horizon.url, { allowHttp: true })
  const alice = Keypair.random()
  const bob = Keypair.random()
  chain.fund(alice.publicKey(), 1000n * PI)
  chain.fund(bob.publicKey(), 10n * PI)
  return {
    chain,
    horizon,
    server,
    alice,
    bob,
    close: async () => {
      chain.stop()
      await horizon.close()
    }
  }
}

export function sequenceOf(chain: SimChain, keypair: Keypair): bigint {
  const account = chain.account(keypair.publicKey())
  if (account === undefined) throw new Error(`${keypair.publicKey()} does not exist`)
  return account.sequence
}

/** The problem body of a failed stellar-sdk / axios call. */
export function problemOf(error: unknown): { status?: number; data?: Record<string, unknown> } {
  const response = (error as { response?: { status?: number; data?: Record<string, unknown> } }).response
  return { status: response?.status, data: response?.data }
}
