// What a run did, for the CLI, the status view and the tests: counts per step, every record that
// was skipped and why, and how many requests each server received from the engine.
import type { NetworkId } from '../../shared/network'

export type SkippedKind =
  /** A Horizon record that could not be read: the cursor moved past it. */
  | 'chain_record'
  /** A Pi answer that could not be read, or a payment that cannot be stored here: tried again next run. */
  | 'pi_payment'
  /** A transaction Horizon answered unreadably: its payment stays unchecked until next run. */
  | 'transaction'

export interface SkippedItem {
  readonly kind: SkippedKind
  /** A paging token, a payment identifier or a txid; null when the record had none readable. */
  readonly ref: string | null
  readonly problem: string
}

export interface SyncReport {
  readonly networkId: NetworkId
  /** 'failed' only on the partial report a SyncError carries. */
  readonly outcome: 'completed' | 'cancelled' | 'failed'
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly chain: {
    readonly pages: number
    readonly transactionsAdded: number
    readonly operationsAdded: number
    /** Records of other operation types or assets: not Pi payments, not kept. */
    readonly passedOver: number
    readonly cursor: string | null
  }
  readonly pi: {
    readonly incompleteServerPayments: number
    readonly repolled: number
    readonly lookedUp: number
    readonly paymentsAdded: number
    readonly paymentsUpdated: number
    readonly operationsLinked: number
    readonly directTransfers: number
  }
  readonly verification: { readonly checked: number; readonly verified: number; readonly failed: number }
  /** At most MAX_SKIPPED_LISTED entries; `skippedCount` has them all. */
  readonly skipped: readonly SkippedItem[]
  readonly skippedCount: number
  /** Calls the engine made (retries inside the clients are not counted here). */
  readonly requests: { readonly horizon: number; readonly pi: number }
}

export const MAX_SKIPPED_LISTED = 200

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] }

/** Collects a run's counts; steps add to it as they go, so a failed run still says what it did. */
export class ReportBuilder {
  readonly chain: Mutable<SyncReport['chain']> = { pages: 0, transactionsAdded: 0, operationsAdded: 0, passedOver: 0, cursor: null }
  readonly pi: Mutable<SyncReport['pi']> = {
    incompleteServerPayments: 0,
    repolled: 0,
    lookedUp: 0,
    paymentsAdded: 0,
    paymentsUpdated: 0,
    operationsLinked: 0,
    directTransfers: 0
  }
  readonly verification: Mutable<SyncReport['verification']> = { checked: 0, verified: 0, failed: 0 }
  readonly requests = { horizon: 0, pi: 0 }
  private readonly skippedItems: SkippedItem[] = []
  private skippedTotal = 0

  constructor(
    private readonly networkId: NetworkId,
    private readonly startedAt: Date
  ) {}

  skip(item: SkippedItem): void {
    this.skippedTotal += 1
    if (this.skippedItems.length < MAX_SKIPPED_LISTED) this.skippedItems.push(item)
  }

  finish(outcome: SyncReport['outcome'], finishedAt: Date): SyncReport {
    return {
      networkId: this.networkId,
      outcome,
      startedAt: this.startedAt,
      finishedAt,
      chain: { ...this.chain },
      pi: { ...this.pi },
      verification: { ...this.verification },
      skipped: [...this.skippedItems],
      skippedCount: this.skippedTotal,
      requests: { ...this.requests }
    }
  }
}
