// Everything one run's steps share: the stores, the clients (wrapped to count requests), the
// run's report, progress, cancellation, and the answers and proofs gathered along the way.
import type { MerchantDb } from '../db'
import type { NetworkId, PiNetworkName } from '../../shared/network'
import type { ChainPage, PaymentsPageReader } from './chain-pager'
import type { ChainFacts, ChainStore, PaymentStore } from '../payments'
import type { KeyProof, LookupMemo } from './pi-lookup'
import type { SyncHorizon, SyncPhase, SyncPi } from './ports'
import type { ReportBuilder } from './report'

/** Where a test can make a store step fail from the inside, just before its transaction commits. */
export type StoreStepName = 'chain_page' | 'incomplete' | 'repoll' | 'lookup' | 'verify' | 'invoices'

export interface SyncTestHooks {
  /** Called inside each write transaction before it commits; throwing rolls that transaction back. */
  readonly beforeCommit?: (step: StoreStepName) => void
}

export interface SyncContext {
  /** The whole ledger; each store step opens its own transaction on it. */
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly passphrase: PiNetworkName
  readonly appWallet: string
  /** sync_cursors stream of the app wallet's payments. */
  readonly stream: string
  readonly pi: SyncPi
  readonly horizon: SyncHorizon
  readonly readPage: PaymentsPageReader
  readonly concurrency: number
  readonly now: () => Date
  readonly payments: PaymentStore
  readonly chain: ChainStore
  readonly facts: ChainFacts
  readonly lookups: LookupMemo
  readonly keyProof: KeyProof
  readonly report: ReportBuilder
  readonly signal: AbortSignal | undefined
  readonly hooks: SyncTestHooks
  progress(phase: SyncPhase, done: number, total: number | null): void
  /** Settles the network's invoices from what is stored (a catch-up: idempotent, one transaction). */
  settleInvoices(): Promise<void>
  /** The first page, when the key probe had to read it; the chain step starts from it. */
  peeked: { readonly cursor: string | null; readonly page: ChainPage } | null
}

export function aborted(context: Pick<SyncContext, 'signal'>): boolean {
  return context.signal?.aborted === true
}

/** The Pi client, counting calls into the report. */
export function countingPi(pi: SyncPi, report: ReportBuilder): SyncPi {
  return {
    getPayment: (identifier) => {
      report.requests.pi += 1
      return pi.getPayment(identifier)
    },
    incompleteServerPayments: () => {
      report.requests.pi += 1
      return pi.incompleteServerPayments()
    }
  }
}

/** The Horizon client, counting calls into the report (the live stream is one long request). */
export function countingHorizon(horizon: SyncHorizon, report: ReportBuilder): SyncHorizon {
  return {
    expectedPassphrase: horizon.expectedPassphrase,
    checkNetwork: () => {
      report.requests.horizon += 1
      return horizon.checkNetwork()
    },
    paymentsPage: (args) => {
      report.requests.horizon += 1
      return horizon.paymentsPage(args)
    },
    transaction: (hash) => {
      report.requests.horizon += 1
      return horizon.transaction(hash)
    },
    transactionOperations: (hash) => {
      report.requests.horizon += 1
      return horizon.transactionOperations(hash)
    },
    streamPayments: (options) => horizon.streamPayments(options)
  }
}

export function countingPages(readPage: PaymentsPageReader, report: ReportBuilder): PaymentsPageReader {
  return (cursor) => {
    report.requests.horizon += 1
    return readPage(cursor)
  }
}
