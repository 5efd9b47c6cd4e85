// One sandbox network per test file and a fresh ledger per test: the real Pi Platform and Horizon
// simulators on loopback, the real clients, a real SQLite ledger and the real payout journal.
// Asserts read the simulated ledger itself (payments with the payout's memo) and the calls the
// simulator received, never the journal's own opinion alone.
import { PayoutService, type PayoutFailpoint, type PayoutSigner, type PayoutTimings } from '../../../src/main/payouts'
import { EventBus } from '../../../src/main/ipc'
import type { MerchantDb } from '../../../src/main/db'
import type { DeskSession } from '../../../src/main/people'
import { trackPayments } from '../../../src/main/tracking'
import type { RunningSandbox } from '../../../src/sandbox'
import type { Buyer } from '../../../src/sandbox/buyer'
import type { AppEventName, AppEvents } from '../../../src/shared/contract'
import { openSandboxWorld, sandboxPerFile, startTestSandbox, type SandboxFile, type SandboxWorld } from '../../support'

export { seedSigner } from '../../support'

export const PI = 10_000_000n
/** The network every test of the folder runs on. */
const PAYOUT_SANDBOX = { seed: 23 }
let sales = 0
let keys = 0

export function startPayoutSandbox(): Promise<RunningSandbox> {
  return startTestSandbox(PAYOUT_SANDBOX)
}

/** One sandbox for a test file and a fresh ledger per test, as payoutSandboxPerFile hands them out. */
export type PayoutFileLifecycle = SandboxFile<PayoutWorld, PayoutWorldOptions>

/** The sandbox world's hooks (see sandboxPerFile), each test's world a payout desk. */
export function payoutSandboxPerFile(): PayoutFileLifecycle {
  return sandboxPerFile({ sandbox: PAYOUT_SANDBOX, open: openPayoutWorld })
}

/** A fresh request key, as the form makes when it opens. */
export function requestKey(): string {
  keys += 1
  return `test-request-${Date.now()}-${keys}`.padEnd(16, '0')
}

export interface PayoutWorldOptions {
  /** Default: a fresh file in a throwaway folder; crash and CLI tests share theirs with a child process. */
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
  /** Who is working at this desk (issue 18): its refunds follow their role and policy. Default: the owner, no checks. */
  readonly session?: (store: MerchantDb) => DeskSession
  /** How wrong this desk's own clock is (ms, + = fast); the sandbox keeps the real time. */
  readonly localClockSkewMs?: number
}

export interface PayoutWorld extends SandboxWorld {
  readonly service: PayoutService
  readonly events: { readonly name: AppEventName; readonly payload: AppEvents[AppEventName] }[]
  /** A sale paid on chain, completed at Pi and in the ledger; its id. */
  completedSale(amount?: number, buyer?: Buyer): Promise<string>
  /**
   * The shop's ledger knows the app wallet, as after a sync of a shop that has sold: a payout is
   * refused on a ledger that shows no payment of the app yet (it could not check the seed).
   */
  knowsAppWallet(): Promise<void>
  /** Successful payments on the simulated chain whose memo is this Pi payment id. */
  paymentsOnChain(piPaymentId: string): { hash: string; amount: bigint; to: string }[]
  /** What the chain shows refunded for a sale: app-wallet payments of every A2U payment Pi links to it. */
  refundedOnChain(sale: string): bigint
  walletBalance(): bigint
}

export function openPayoutWorld(sandbox: RunningSandbox, options: PayoutWorldOptions = {}): PayoutWorld {
  const skew = options.localClockSkewMs ?? 0
  const base = openSandboxWorld(sandbox, {
    ...options,
    ...(skew === 0 ? {} : { now: () => new Date(Date.now() + skew) })
  })
  const { store, pi, horizon } = base
  const seeded = base.signer
  const onSign = options.onSign
  const signer: PayoutSigner | null =
    seeded === null || onSign === undefined
      ? seeded
      : {
          publicKey: seeded.publicKey,
          sign: async (transaction) => {
            onSign()
            await seeded.sign(transaction)
          }
        }
  const bus = new EventBus()
  const events: PayoutWorld['events'] = []
  bus.onAny((name, payload) => events.push({ name, payload }))
  const session = options.session?.(store)
  const service = new PayoutService({
    store,
    actor: () => session?.actorName() ?? options.actor ?? 'maria',
    ...(session ? { session } : {}),
    connect: async () => ({
      networkId: 'sandbox',
      passphrase: sandbox.networkPassphrase,
      pi,
      horizon,
      appWallet: world.appWallet,
      explorerTxUrl: null,
      signer: () => signer
    }),
    events: bus,
    sleep: async () => undefined,
    timings: { retryDelayMs: 0, ...options.timings },
    ...(options.failpoint ? { failpoint: options.failpoint } : {})
  })
  const world: PayoutWorld = {
    ...base,
    appWallet: options.appWallet ?? base.appWallet,
    signer,
    service,
    events,
    async completedSale(amount = 10, buyer = world.buyer()) {
      sales += 1
      const id = buyer.startPayment({ amount, memo: 'Tea set', metadata: { orderId: `SO-${sales}` } }).identifier
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
    refundedOnChain(sale) {
      const refunds = [...sandbox.platform.state.payments()].filter(
        (payment) => payment.app === sandbox.app && payment.direction === 'app_to_user' && payment.metadata.refund_of === sale
      )
      return refunds.reduce((sum, refund) => sum + world.paymentsOnChain(refund.identifier).reduce((inner, paid) => inner + paid.amount, 0n), 0n)
    },
    walletBalance() {
      return sandbox.chain.account(sandbox.appWallet.publicKey)?.balance ?? 0n
    }
  }
  return world
}
