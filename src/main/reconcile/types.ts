// What a reconciliation needs from the outside world and what it finds. Money is bigint stroops
// here; the contract's views (views.ts) turn it into 7-decimal text.
import type { DiscrepancySubject, DiscrepancyType, EvidenceRowView, TaskProgress } from '../../shared/contract'
import type { NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'
import type { ExportPeriod } from '../exports'
import type { HorizonClient } from '../horizon'
import type { PiPlatformClient } from '../pi'

/** Pi is only read: a reconciliation never changes a payment. */
export type ReconcilePi = Pick<PiPlatformClient, 'getPayment'>

export type ReconcileHorizon = Pick<
  HorizonClient,
  'expectedPassphrase' | 'account' | 'paymentsPage' | 'transaction' | 'transactionOperations'
>

export interface ReconcileThresholds {
  /** A payment still open at Pi this long after its creation is reported. */
  readonly incompleteAfterMs: number
  /**
   * How many payments that are final at Pi (completed or cancelled) are re-read, at random, per
   * run. Every payment that is NOT final is always re-read: those are the ones that still change.
   */
  readonly finalSample: number
}

export const DEFAULT_THRESHOLDS: ReconcileThresholds = {
  incompleteAfterMs: 24 * 3_600_000,
  finalSample: 200
}

export type EvidenceRow = EvidenceRowView

export interface Discrepancy {
  readonly type: DiscrepancyType
  readonly subjectKind: DiscrepancySubject
  /** A payment identifier, a transaction hash or the wallet's address. */
  readonly subject: string
  /** The ledger payment to open, when there is one. */
  readonly paymentId: string | null
  readonly txid: string | null
  /** The amount concerned (>= 0), or null. */
  readonly amount: bigint | null
  /** What was expected and what was found. */
  readonly evidence: readonly EvidenceRow[]
  /** What to do. */
  readonly sentence: string
}

export interface WalletCheck {
  readonly wallet: string
  readonly opening: bigint
  readonly openingSource: 'history' | 'balance'
  readonly received: bigint
  readonly paid: bigint
  readonly fees: bigint
  readonly expectedClosing: bigint
  readonly afterPeriod: bigint
  readonly horizonBalance: bigint
  readonly closingOnChain: bigint
  readonly difference: bigint
  /** null: the history does not reach the wallet's creation, so nothing independent was compared. */
  readonly balanced: boolean | null
  readonly historyBehind: boolean
}

export interface ReconciliationResult {
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly period: ExportPeriod
  readonly thresholds: ReconcileThresholds
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly paymentsChecked: number
  readonly piRecordsRead: number
  readonly transactionsChecked: number
  /** In DISCREPANCY_TYPES order, then in the order they were found (time order within a type). */
  readonly discrepancies: readonly Discrepancy[]
  readonly walletCheck: WalletCheck
}

export const RECONCILE_PHASES = [
  'syncing',
  'checking_payments',
  'checking_transfers',
  'checking_refunds',
  'checking_wallet',
  'saving',
  'done'
] as const
export type ReconcilePhase = (typeof RECONCILE_PHASES)[number]

/** One progress event; the handlers forward it as `task:progress` with `task: 'reconcile'`. */
export type ReconcileProgress = Omit<TaskProgress, 'task' | 'phase'> & { readonly phase: ReconcilePhase }

export interface ReconcileOptions {
  readonly store: MerchantDb
  readonly pi: ReconcilePi
  /** Created with this network's passphrase. */
  readonly horizon: ReconcileHorizon
  readonly networkId: NetworkId
  readonly appWallet: string
  /** Calendar days (YYYY-MM-DD) in `timeZone`, both included. */
  readonly from: string
  readonly to: string
  readonly timeZone: string
  readonly thresholds?: Partial<ReconcileThresholds>
  readonly now?: () => Date
  readonly onProgress?: (progress: ReconcileProgress) => void
  readonly signal?: AbortSignal
  /** Pi and Horizon requests in flight at once (default 8). */
  readonly concurrency?: number
}
