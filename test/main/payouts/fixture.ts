// One sandbox network per test file and a fresh ledger per test: the real Pi Platform and Horizon
// simulators on loopback, the real clients, a real SQLite ledger and the real payout journal.
// Asserts read the simulated ledger itself (payments with the payout's memo) and the calls the
// simulator received, never the journal's own opinion alone.
import { Keypair, type Transaction } from '@stellar/stellar-sdk'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { createHorizonClient, type HorizonClient } from '../../../src/main/horizon'
import { createPiPlatformClient, type PiPlatformClient } from '../../../src/main/pi'
import { PayoutService, type PayoutFailpoint, type PayoutSigner, type PayoutTimings } from '../../../src/main/payouts'
import { EventBus } from '../../../src/main/ipc'
import { trackPayments } from '../../../src/main/tracking'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { Buyer } from '../../../src/sandbox/buyer'
import type { AppEventName, AppEvents } from '../../../src/shared/contract'

export const PI = 10_000_000n
let names = 0
let keys = 0

export function startPayoutSandbox(): Promise<RunningSandbox> {
  return startSandbox({ ledgerIntervalMs: 0, seed: 23 })
}

export function seedSigner(seed: string): PayoutSigner {
  const publicKey = Keypair.fromSecret(seed).publicKey()
  return { publicKey, sign: (transaction: Transaction) => transaction.sign(Keypair.fromSecret(seed)) }
}

/** One sandbox for a test file and a fresh ledger per test, as payoutSandboxPerFile hands them out. */
export interface PayoutFileLifecycle {
  /** The file's sandbox (started before its first test). */
  sandbox(): RunningSandbox
  /** A ledger for this test, closed after it. */
  openWorld(options?: PayoutWorldOptions): PayoutWorld
}

/**
 * Registers a test file's hooks: the sandbox starts before all tests and closes after them; after
 * each test the simulators' faults are cleared (a fault left behind would hit the next test) and
 * that test's ledger is closed.
 */
export function payoutSandboxPerFile(): PayoutFileLifecycle {
  let started: RunningSandbox | null = null
  let world: PayoutWorld | null = null
  const sandbox = (): RunningSandbox => {
    if (started === null) throw new Error('The payout sandbox starts in beforeAll: use it inside a test.')
    return started
  }
  beforeAll(async () => {
    started = await startPayoutSandbox()
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
    openWorld: (options) => {
      world = openPayoutWorld(sandbox(), options)
      return world
    }
  }
}

/** A fresh request key, as the form makes when it opens. */
export function requestKey(): string {
  keys += 1
  return `test-request-${Date.now()}-${keys}`.padEnd(16, '0')
}

export interface PayoutWorldOptions {
  readonly databasePath?: string
  readonly signerSeed?: string | null
  /** The wallet set for payouts (default: the sandbox app's); a CLI derives it from PI_WALLET_SEED. */
  readonly appWallet?: string
  /** The Horizon the desk is pointed at (default: the sandbox's own). */
  readonly horizonUrl?: string
  /** Told of every signature the signer makes. */
  readonly onSign?: () => void
  readonly failpoint?: (name: PayoutFailpoint) => void
  readonly timings?: Partial<PayoutTimings>
  readonly piTimeoutMs?: number
  readonly horizonSubmitTimeoutMs?: number
  readonly actor?: string
  /** How wrong this desk's own clock is (ms, + = fast); the sandbox keeps the real time. */
  readonly localClockSkewMs?: number
}

export interface PayoutWorld {
  readonly sandbox: RunningSandbox
  readonly store: MerchantDb
  readonly pi: PiPlatformClient
  readonly horizon: HorizonClient
  readonly service: PayoutService
  readonly events: { readonly name: AppEventName; readonly payload: AppEvents[AppEventName] }[]
  buyer(options?: { readonly grantWalletAddress?: boolean; readonly funding?: bigint }): Buyer
  /** A sale paid on chain, completed at Pi and in the ledger; its id. */
  completedSale(amount?: number, buyer?: Buyer): Promise<string>
  /**
   * The shop's ledger knows the app wallet, as after a sync of a shop that has sold: a payout is
   * refused on a ledger that shows no payment of the app yet (it could not check the seed).
   */
  knowsAppWallet(): Promise<void>
  /** Successful payments on the simulated chain whose memo is this Pi payment id. */
  paymentsOnChain(piPaymentId: string): { hash: string; amount: bigint; to: string }[]
  walletBalance(): bigint
  close(): void
}

export function openPayoutWorld(sandbox: RunningSandbox, options: PayoutWorldOptions = {}): PayoutWorld {
  const skew = options.localClockSkewMs ?? 0
  const store = openDatabase(options.databasePath ?? ':memory:', skew === 0 ? {} : { now: () => new Date(Date.now() + skew) })
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
  const seeded = signerSeed === null ? null : seedSigner(signerSeed)
  const onSign = options.onSign
  const signer: PayoutSigner | null =
    seeded === null || onSign === undefined
      ? seeded
      : {
          publicKey: seeded.publicKey,
          sign: (transaction) => {
            onSign()
            seeded.sign(transaction)
          }
        }
  const bus = new EventBus()
  const events: PayoutWorld['events'] = []
  bus.onAny((name, payload) => events.push({ name, payload }))
  const service = new PayoutService({
    store,
    actor: options.actor ?? 'maria',
    connect: async () => ({
      networkId: 'sandbox',
      passphrase: sandbox.networkPassphrase,
      pi,
      horizon,
      appWallet: options.appWallet ?? sandbox.appWallet.publicKey,
      explorerTxUrl: null,
      signer: () => signer
    }),
    events: bus,
    sleep: async () => undefined,
    timings: { retryDelayMs: 0, ...options.timings },
    ...(options.failpoint ? { failpoint: options.failpoint } : {})
  })
  const world: PayoutWorld = {
    sandbox,
    store,
    pi,
    horizon,
    service,
    events,
    buyer(buyerOptions = {}) {
      names += 1
      return Buyer.create({
        platform: sandbox.platform.state,
        app: sandbox.app,
        username: `payee${names}`,
        otherNetwork: sandbox.otherNetwork.chain,
        ...buyerOptions
      })
    },
    async completedSale(amount = 10, buyer = world.buyer()) {
      const id = buyer.startPayment({ amount, memo: 'Tea set', metadata: { orderId: `SO-${names}` } }).identifier
      await pi.approvePayment(id)
      const submission = buyer.submitPayment(id)
      if (submission.txid === null) throw new Error('the buyer submitted nothing')
      await pi.completePayment(id, submission.txid)
      const results = await trackPayments({ store, pi, horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids: [id] })
      if (results.some((result) => result.outcome !== 'tracked' && result.outcome !== 'updated')) {
        throw new Error(`tracking failed: ${JSON.stringify(results)}`)
      }
      return id
    },
    async knowsAppWallet() {
      await world.completedSale(1)
    },
    paymentsOnChain(piPaymentId) {
      // Test ledgers are small: one page holds the wallet's whole history.
      const history = sandbox.chain.accountTransactions(sandbox.appWallet.publicKey, { order: 'asc', limit: 1_000_000 })
      return history.flatMap((transaction) =>
        transaction.successful && transaction.memo.type === 'text' && transaction.memo.value === piPaymentId
          ? transaction.operations.flatMap((operation) =>
              operation.kind === 'payment' ? [{ hash: transaction.hash, amount: operation.amount, to: operation.to }] : []
            )
          : []
      )
    },
    walletBalance() {
      return sandbox.chain.account(sandbox.appWallet.publicKey)?.balance ?? 0n
    },
    close() {
      store.close()
    }
  }
  return world
}
