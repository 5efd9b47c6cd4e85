// The sync engine: rebuilds the ledger from the chain and Pi (design.md, "Where data comes from").
// A run is a fixed sequence of small steps, each in its own file:
//   1. network-check  Horizon's passphrase, the Pi key (nothing written before both pass)
//   2. chain-step     the app wallet's payments from the saved cursor, a page per transaction
//   3. pi-steps       Pi's open A2U payments; re-poll of non-final payments; one lookup per new id
//   4. verify-step    our chain check of every payment with a transaction still unchecked
// Cancellation is honoured between pages and batches; every write is one transaction, so a
// cancel, a failure or a crash anywhere leaves a consistent database the next run continues from.
//
// Requests (the benchmark's budget): one Pi lookup per new payment id, one Horizon page per 200
// records, one re-poll per non-final payment, plus per run: Pi's open A2U list and the empty last
// page, and Horizon's `GET /` on an engine's first run (the engine is bound to one Horizon URL).
import type { MerchantDb } from '../db'
import { isUserFacingError } from '../../shared/errors'
import { ACCOUNT_ADDRESS_PATTERN } from '../../shared/payments'
import { NETWORKS, type NetworkId } from '../../shared/network'
import type { SyncStatusView } from '../../shared/contract/ledger'
import { ChainFacts, ChainStore, PaymentStore, paymentsStream } from '../payments'
import { strictPageReader, type PaymentsPageReader } from './chain-pager'
import { readChain, type StepOutcome } from './chain-step'
import { aborted, countingHorizon, countingPages, countingPi, type SyncContext, type SyncTestHooks } from './context'
import { alreadyFollowing, alreadyRunning, failureOfStep, isSyncError, SyncError } from './errors'
import { followPayments, type FollowOptions } from './live'
import { checkNetworkAndKey, type NetworkCheckMemo } from './network-check'
import { KeyProof, LookupMemo } from './pi-lookup'
import { repollPayments, resolveOperations, storeIncomplete } from './pi-steps'
import type { ProgressListener, SyncHorizon, SyncPhase, SyncPi } from './ports'
import { ReportBuilder, type SyncReport } from './report'
import { takeSyncLease, type SyncLease } from './sync-lease'
import { sweepUnchecked } from './verify-step'
import { settleInvoices, type InvoiceHooks } from '../invoices'

export interface SyncEngineOptions {
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly pi: SyncPi
  /** Must have been created with this network's passphrase. */
  readonly horizon: SyncHorizon
  /** The app wallet's public key (G...). */
  readonly appWallet: string
  /** Pi lookups and Horizon fetches in flight at once. */
  readonly concurrency?: number
  readonly now?: () => Date
  readonly onProgress?: ProgressListener
  /**
   * How pages of the wallet's history are read. Default: HorizonClient.paymentsPage, which fails
   * a page holding a malformed record; pass createTolerantPageReader(...) to skip and report it.
   */
  readonly pageReader?: PaymentsPageReader
  readonly testHooks?: SyncTestHooks
  /** What follows an invoice's events (postbacks), called inside the settling transaction. */
  readonly invoiceHooks?: InvoiceHooks
}

export interface SyncStatus {
  /** A run() is under way. */
  readonly running: boolean
  /** Live mode (follow) is on. */
  readonly following: boolean
  /** The step under way, while running. */
  readonly phase: SyncPhase | null
  readonly lastFinishedAt: Date | null
  readonly lastError: { readonly code: string; readonly message: string } | null
  readonly lastReport: SyncReport | null
}

export interface SyncEngine {
  /**
   * One full sync. Resolves with the report (outcome 'cancelled' when the signal aborted it);
   * rejects with a SyncError (carrying the partial report) when a step fails.
   */
  run(options?: { readonly signal?: AbortSignal }): Promise<SyncReport>
  /**
   * Live mode until the signal aborts: Horizon's payments stream, stored through the same steps.
   * New payments only: re-polls of unfinished ones happen in run(), which may run meanwhile.
   */
  follow(options: FollowOptions): Promise<void>
  status(): SyncStatus
}

export const DEFAULT_SYNC_CONCURRENCY = 8

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, networkId, appWallet } = options
  const passphrase = NETWORKS[networkId].passphrase
  if (!ACCOUNT_ADDRESS_PATTERN.test(appWallet)) {
    throw new SyncError('invalid_app_wallet', 'The app wallet address in Settings is not a Pi account address (G..., 56 characters).', null)
  }
  if (options.horizon.expectedPassphrase !== passphrase) {
    throw new Error(`The Horizon client expects '${options.horizon.expectedPassphrase}' but ${networkId} is '${passphrase}'.`)
  }
  const concurrency = options.concurrency ?? DEFAULT_SYNC_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer')
  const now = options.now ?? store.now
  const payments = new PaymentStore(store, networkId)
  const chain = new ChainStore(store, networkId)
  const stream = paymentsStream(appWallet)
  const readPage = options.pageReader ?? strictPageReader(options.horizon, appWallet)

  // Bound to one Horizon URL and one key for the engine's life (a settings change makes a new
  // engine), so what a run proved about them holds for the next run of the same engine.
  const memo: NetworkCheckMemo = { horizonChecked: false }
  let keyProven = false
  // A run and the live mode may overlap (every write is idempotent and the cursor only moves
  // forward); two runs, or two live modes, may not.
  let running = false
  let following = false
  let phase: SyncPhase | null = null
  let lastFinishedAt: Date | null = null
  let lastError: SyncStatus['lastError'] = null
  let lastReport: SyncReport | null = null

  const contextFor = (report: ReportBuilder, signal: AbortSignal | undefined, lease: SyncLease | null = null): SyncContext => {
    const pi = countingPi(options.pi, report)
    const horizon = countingHorizon(options.horizon, report)
    return {
      store,
      networkId,
      passphrase,
      appWallet,
      stream,
      pi,
      horizon,
      readPage: countingPages(readPage, report),
      concurrency,
      now,
      payments,
      chain,
      facts: new ChainFacts(store, networkId, horizon),
      lookups: new LookupMemo(pi),
      keyProof: new KeyProof({ passphrase, appWallet }, keyProven),
      report,
      signal,
      hooks: options.testHooks ?? {},
      peeked: null,
      // Invoices settle after every stored page and at the end of a run (design.md "Where data
      // comes from"): a crash between a page and its settlement is repaired by the next call.
      async settleInvoices() {
        await settleInvoices(store, networkId, now().getTime(), options.invoiceHooks ?? {}, {
          beforeCommit: () => options.testHooks?.beforeCommit?.('invoices')
        })
      },
      progress(step, done, total) {
        phase = step
        lease?.renew()
        try {
          options.onProgress?.({ phase: step, done, total })
        } catch {
          // A listener's failure is not the sync's.
        }
      }
    }
  }

  const steps = async (context: SyncContext): Promise<StepOutcome> => {
    if (context.signal?.aborted === true) return 'cancelled'
    const incomplete = await step(context, 'checking_network', () => checkNetworkAndKey(context, memo))
    // Read through a function: the signal may have aborted while the step awaited.
    if (aborted(context)) return 'cancelled'
    if ((await step(context, 'reading_chain', () => readChain(context))) === 'cancelled') return 'cancelled'
    const fresh = await step(context, 'incomplete_payments', () => storeIncomplete(context, incomplete))
    if ((await step(context, 'repolling', () => repollPayments(context, fresh))) === 'cancelled') return 'cancelled'
    if ((await step(context, 'looking_up', () => resolveOperations(context))) === 'cancelled') return 'cancelled'
    await context.payments.linkRefundsToSales()
    if ((await step(context, 'verifying', () => sweepUnchecked(context))) === 'cancelled') return 'cancelled'
    await step(context, 'reading_chain', () => context.settleInvoices())
    return 'completed'
  }

  const recordFailure = (error: unknown): void => {
    // What failed may have been the Horizon URL or the key: prove both again next time.
    memo.horizonChecked = false
    keyProven = false
    lastError = isUserFacingError(error)
      ? { code: error.code, message: error.message }
      : { code: 'internal_error', message: 'The sync stopped on an unexpected error; the ledger is consistent. Try again.' }
  }

  return {
    async run(runOptions = {}) {
      if (running) throw alreadyRunning()
      running = true
      let lease: SyncLease
      try {
        lease = await takeSyncLease(store, networkId, runOptions.signal === undefined ? {} : { signal: runOptions.signal })
      } catch (error) {
        running = false
        throw error
      }
      const report = new ReportBuilder(networkId, now())
      const context = contextFor(report, runOptions.signal, lease)
      try {
        const outcome = await steps(context)
        keyProven = context.keyProof.proven
        const finished = report.finish(outcome, now())
        if (outcome === 'completed') context.progress('done', 1, 1)
        lastReport = finished
        lastFinishedAt = finished.finishedAt
        lastError = null
        return finished
      } catch (error) {
        recordFailure(error)
        lastReport = report.finish('failed', now())
        if (isSyncError(error)) error.report = lastReport
        throw error
      } finally {
        running = false
        phase = null
        await lease.release().catch(() => undefined)
      }
    },

    async follow(followOptions) {
      if (following) throw alreadyFollowing()
      following = true
      const report = new ReportBuilder(networkId, now())
      const context = contextFor(report, followOptions.signal)
      try {
        await step(context, 'checking_network', () => checkNetworkAndKey(context, memo))
        keyProven = context.keyProof.proven
        await followPayments(context, followOptions)
      } catch (error) {
        recordFailure(error)
        throw error
      } finally {
        following = false
      }
    },

    status() {
      return { running, following, phase: running ? phase : null, lastFinishedAt, lastError, lastReport }
    }
  }
}

async function step<T>(context: SyncContext, name: SyncPhase, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw failureOfStep(error, name)
  }
}

/** The contract's view of an engine's status (`sync:status`, and the answer of `sync:start` / `sync:cancel`). */
export async function syncStatusView(status: SyncStatus, store: MerchantDb, networkId: NetworkId): Promise<SyncStatusView> {
  const counted = await store.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('network_id', '=', networkId)
    .executeTakeFirst()
  const known = counted?.count
  return {
    running: status.running,
    lastFinishedAt: status.lastFinishedAt?.toISOString() ?? null,
    lastError: status.lastError?.message ?? null,
    paymentsKnown: Number(known ?? 0n)
  }
}
