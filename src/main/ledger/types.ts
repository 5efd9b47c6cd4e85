// The ledger's domain types: what a page query asks for and what it returns. Money is bigint
// stroops and times are Dates here; the contract layer turns them into 7-decimal strings and
// ISO text for the renderer.
import type { Stroops } from '../../shared/money'
import type {
  ChainCheck,
  ChainFailureReason,
  DisplayStatus,
  ExceptionFlag,
  Payment,
  PaymentDirection
} from '../../shared/payments'
import type { NetworkId } from '../../shared/network'
import type { LedgerSortColumn } from '../../shared/contract/ledger'
import type { PaymentSource } from '../db'

export type { LedgerSortColumn }
export type ChainCheckOutcome = ChainCheck['outcome']
export type SortOrder = 'asc' | 'desc'

export interface LedgerSort {
  readonly column: LedgerSortColumn
  readonly order: SortOrder
}

/** The timestamps a period can apply to. Only created_at is indexed; first_seen_at filters a walk. */
export type LedgerDateField = 'created_at' | 'first_seen_at'

export interface PaymentFilter {
  /** Any of these display statuses; empty or absent means every status. */
  readonly statuses?: readonly DisplayStatus[]
  readonly direction?: PaymentDirection
  /** Half-open: from <= time < to; either end may be open. */
  readonly period?: { readonly field: LedgerDateField; readonly from?: Date; readonly to?: Date }
  /** Inclusive bounds in stroops. */
  readonly amount?: { readonly min?: Stroops; readonly max?: Stroops }
  readonly chainCheck?: ChainCheckOutcome
  /** true: only payments with at least one refund; false: only payments without. */
  readonly hasRefunds?: boolean
  /** Exactly this Pi user. */
  readonly userUid?: string
  /** Words or the start of an id, txid, user, memo, wallet address or metadata value. */
  readonly search?: string
}

export interface LedgerQuery {
  /** Every query is scoped to one network: the one the app is pointed at. */
  readonly networkId: NetworkId
  readonly filter?: PaymentFilter
  /** Default: newest first. */
  readonly sort?: LedgerSort
  /** `nextCursor` of the previous page; absent or null for the first page. */
  readonly cursor?: string | null
  /** Rows per page: default 100, at most 500. */
  readonly limit?: number
}

/** One payment as the ledger lists it. */
export interface LedgerRow {
  readonly identifier: string
  readonly networkId: NetworkId
  readonly direction: PaymentDirection
  /** derivePaymentStatus: the same status every screen shows. */
  readonly status: DisplayStatus
  readonly flags: readonly ExceptionFlag[]
  readonly amount: Stroops
  readonly userUid: string
  readonly memo: string
  /** The payment's transaction (payment-chain.ts): Pi's txid, else the one the chain or the journal shows. */
  readonly txid: string | null
  readonly chainCheck: ChainCheckOutcome
  readonly createdAt: Date
  readonly firstSeenAt: Date
  /** For a refund: the payment it gives money back for. */
  readonly refundOf: string | null
  /** Completed refunds of this payment, 0n when none. */
  readonly refunded: Stroops
}

export interface LedgerPage {
  readonly rows: readonly LedgerRow[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
}

export interface PaymentCount {
  readonly count: number
  /** false when counting stopped at the cap: there are at least `count` payments. */
  readonly exact: boolean
}

export interface ChainTransactionFacts {
  readonly hash: string
  readonly ledger: bigint
  readonly createdAt: Date
  readonly sourceAccount: string
  readonly feeCharged: Stroops
  readonly successful: boolean
  readonly memo: string | null
}

export interface ChainOperationFacts {
  readonly id: string
  readonly transactionHash: string
  readonly type: 'payment' | 'create_account'
  readonly from: string
  readonly to: string
  readonly amount: Stroops
  readonly createdAt: Date
  readonly successful: boolean
}

export interface RefundTotals {
  /** Completed refunds: money that went back to the buyer. */
  readonly completed: Stroops
  /** Refunds under way (neither completed nor cancelled). */
  readonly inProgress: Stroops
  readonly count: number
}

export type TimelineEvent =
  | {
      readonly kind: 'created'
      readonly at: Date
      /** Who started the payment: the buyer (a sale), this desk's payout journal, or the app by another tool. */
      readonly by: 'buyer' | 'this_desk' | 'app'
    }
  | { readonly kind: 'first_seen'; readonly at: Date; readonly source: PaymentSource }
  | {
      readonly kind: 'on_chain'
      readonly at: Date
      readonly txid: string
      readonly ledger: bigint
      readonly fee: Stroops
      readonly successful: boolean
    }
  | { readonly kind: 'chain_verified'; readonly at: Date }
  | { readonly kind: 'chain_check_failed'; readonly at: Date; readonly reasons: readonly ChainFailureReason[] }
  | {
      readonly kind: 'refund'
      readonly at: Date
      readonly refundIdentifier: string
      readonly amount: Stroops
      readonly status: DisplayStatus
    }
  | {
      readonly kind: 'refund_on_chain'
      readonly at: Date
      readonly refundIdentifier: string
      readonly txid: string
      readonly ledger: bigint
      readonly fee: Stroops
    }
  | {
      readonly kind: 'staff_action'
      readonly at: Date
      readonly actor: string
      readonly action: string
      readonly before: unknown
      readonly after: unknown
    }

export interface PaymentDetail {
  readonly row: LedgerRow
  /** Pi's record as last polled. */
  readonly payment: Payment
  readonly source: PaymentSource
  readonly lastPolledAt: Date
  readonly chainCheck: ChainCheck
  readonly chainCheckedAt: Date | null
  readonly chain: {
    /** The payment's transaction: Pi's txid, else the one whose operation the sync linked to it. */
    readonly transaction: ChainTransactionFacts | null
    /** Operations of that transaction and every operation linked to this payment. */
    readonly operations: readonly ChainOperationFacts[]
    /** The payment's transaction, ledger and fee as every screen and export tells them (payment-chain.ts). */
    readonly txid: string | null
    readonly ledger: bigint | null
    readonly fee: Stroops | null
  }
  readonly refunds: readonly LedgerRow[]
  readonly refundTotals: RefundTotals
  /** What can still be refunded: a completed user-to-app payment only, else null. */
  readonly refundableRemainder: Stroops | null
  /** Oldest first; only events whose time is known. */
  readonly timeline: readonly TimelineEvent[]
}
