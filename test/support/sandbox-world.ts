// The one sandbox world the domain fixtures extend: the real Pi Platform and Horizon simulators on
// loopback, the real clients pointed at them (no retry waits), a real ledger in a throwaway folder,
// the app wallet, buyers and a signer holding a seed. A domain fixture adds its own service on top.
import { Keypair, type Transaction } from '@stellar/stellar-sdk'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { MerchantDb } from '../../src/main/db'
import { createHorizonClient, type HorizonClient } from '../../src/main/horizon'
import { createPiPlatformClient, type PiPlatformClient } from '../../src/main/pi'
import type { PayoutSigner } from '../../src/main/payouts'
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { openTempLedger } from './temp-ledger'

export interface SandboxWorldOptions {
  /** The ledger to open (default: a fresh file in a throwaway folder, removed on close). */
  readonly databasePath?: string
  /** The desk's own clock (default: the real time, which the sandbox keeps too). */
  readonly now?: () => Date
  readonly piTimeoutMs?: number
  /** The Horizon the desk is pointed at (default: the sandbox's own). */
  readonly horizonUrl?: string
  readonly horizonSubmitTimeoutMs?: number
  /** The seed the signer holds (default: the app wallet's); null: no signer. */
  readonly signerSeed?: string | null
}

export interface BuyerChoices {
  readonly grantWalletAddress?: boolean
  readonly funding?: bigint
}

export interface SandboxWorld {
  readonly sandbox: RunningSandbox
  readonly store: MerchantDb
  readonly databasePath: string
  readonly pi: PiPlatformClient
  readonly horizon: HorizonClient
  /** The sandbox app's wallet. */
  readonly appWallet: string
  readonly signer: PayoutSigner | null
  /** A new Pioneer of the sandbox app, funded on its chain. */
  buyer(options?: BuyerChoices): Buyer
  now(): Date
  close(): void
}

let buyers = 0

export function seedSigner(seed: string): PayoutSigner {
  const publicKey = Keypair.fromSecret(seed).publicKey()
  return { publicKey, sign: (transaction: Transaction) => transaction.sign(Keypair.fromSecret(seed)) }
}

/** A sandbox as the tests run it: ledgers close when asked, never on a timer. */
export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ ledgerIntervalMs: 0, ...options })
}

export function openSandboxWorld(sandbox: RunningSandbox, options: SandboxWorldOptions = {}): SandboxWorld {
  const now = options.now ?? (() => new Date())
  const ledger = openTempLedger({
    ...(options.databasePath === undefined ? {} : { databasePath: options.databasePath }),
    ...(options.now === undefined ? {} : { now: options.now })
  })
  const pi = createPiPlatformClient({
    baseUrl: sandbox.platformUrl,
    apiKey: sandbox.apiKey,
    timeoutMs: options.piTimeoutMs ?? 5_000,
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    sleep: async () => undefined
  })
  const horizon = createHorizonClient({
    url: options.horizonUrl ?? sandbox.horizonUrl,
    expectedPassphrase: sandbox.networkPassphrase,
    submitTimeoutMs: options.horizonSubmitTimeoutMs ?? 5_000,
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    sleep: async () => undefined
  })
  const signerSeed = options.signerSeed === undefined ? sandbox.appWallet.seed : options.signerSeed
  return {
    sandbox,
    store: ledger.store,
    databasePath: ledger.databasePath,
    pi,
    horizon,
    appWallet: sandbox.appWallet.publicKey,
    signer: signerSeed === null ? null : seedSigner(signerSeed),
    buyer(choices = {}) {
      buyers += 1
      return Buyer.create({
        platform: sandbox.platform.state,
        app: sandbox.app,
        username: `buyer${buyers}`,
        otherNetwork: sandbox.otherNetwork.chain,
        ...choices
      })
    },
    now,
    close: () => ledger.close()
  }
}

/** One sandbox for a test file and a fresh world per test, as sandboxPerFile hands them out. */
export interface SandboxFile<World, Options> {
  /** The file's sandbox (started before its first test). */
  sandbox(): RunningSandbox
  /** A world for this test, closed after it. */
  openWorld(options?: Options): World
}

export interface SandboxFileOptions<World, Options> {
  /** How the file's sandbox starts (seed, payments...). */
  readonly sandbox?: SandboxOptions
  /** The domain's world over the sandbox (default: the bare SandboxWorld). */
  readonly open?: (sandbox: RunningSandbox, options?: Options) => World
}

/**
 * Registers a test file's hooks: the sandbox starts before all tests and closes after them; after
 * each test the simulators' faults are cleared (a fault left behind would hit the next test) and
 * that test's world is closed.
 */
export function sandboxPerFile<World extends { close(): void } = SandboxWorld, Options = SandboxWorldOptions>(
  options: SandboxFileOptions<World, Options> = {}
): SandboxFile<World, Options> {
  const open = options.open ?? (openSandboxWorld as unknown as (sandbox: RunningSandbox, options?: Options) => World)
  let started: RunningSandbox | null = null
  let world: World | null = null
  const sandbox = (): RunningSandbox => {
    if (started === null) throw new Error('The sandbox starts in beforeAll: use it inside a test.')
    return started
  }
  beforeAll(async () => {
    started = await startTestSandbox(options.sandbox)
  })
  afterAll(async () => started?.close())
  afterEach(() => {
    started?.platform.faults.clear()
    started?.horizon.faults.clear()
    world?.close()
    world = null
  })
  return {
    sandbox,
    openWorld: (choices) => {
      world = open(sandbox(), choices)
      return world
    }
  }
}
