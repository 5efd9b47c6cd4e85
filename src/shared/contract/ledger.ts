// Contract pieces of the ledger, the dashboard, sync and tracked payment ids. Results are plain
// JSON (they cross IPC and the preview bridge alike): money as Horizon-style 7-decimal strings,
// times as ISO-8601 UTC strings, never bigint or Date.
import { z } from 'zod'
import type { BookTotalsView } from './books'
import { DISPLAY_STATUSES, type ChainFailureReason, type DisplayStatus, type ExceptionFlag } from '../payments/status'
import { PAYMENT_DIRECTIONS, PAYMENT_IDENTIFIER_PATTERN, type PaymentDirection } from '../payments/types'

export const CHAIN_CHECK_OUTCOMES = ['unchecked', 'verified', 'failed'] as const
export type ChainCheckOutcome = (typeof CHAIN_CHECK_OUTCOMES)[number]

export const LEDGER_SORT_COLUMNS = ['created_at', 'amount', 'status', 'direction', 'user_uid', 'identifier'] as const
export type LedgerSortColumn = (typeof LEDGER_SORT_COLUMNS)[number]

/** Timestamps a date range can apply to. */
export const LEDGER_DATE_FIELDS = ['created_at', 'first_seen_at'] as const

const piAmountText = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,7})?$/, { message: 'Amounts are written like 12.5 (at most 7 decimals)' })
const isoInstant = z.iso.datetime({ offset: true, message: 'Dates are ISO-8601 instants' })

export const ledgerFilterSchema = z.strictObject({
  statuses: z.array(z.enum(DISPLAY_STATUSES)).max(DISPLAY_STATUSES.length).optional(),
  direction: z.enum(PAYMENT_DIRECTIONS).optional(),
  dateField: z.enum(LEDGER_DATE_FIELDS).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  minAmount: piAmountText.optional(),
  maxAmount: piAmountText.optional(),
  chainCheck: z.enum(CHAIN_CHECK_OUTCOMES).optional(),
  hasRefunds: z.boolean().optional(),
  search: z.string().trim().max(200).optional()
})
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>

/** The books of the payments a filter selects (the ledger's footer). */
export const ledgerTotalsInput = z.strictObject({ filter: ledgerFilterSchema.default({}) })

export const ledgerListInput = z.strictObject({
  filter: ledgerFilterSchema.default({}),
  sort: z
    .strictObject({ column: z.enum(LEDGER_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) })
    .default({ column: 'created_at', direction: 'desc' }),
  cursor: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(500).default(100)
})

export const paymentIdentifierInput = z.strictObject({
  identifier: z.string().regex(PAYMENT_IDENTIFIER_PATTERN, { message: 'A Pi payment id has 28 letters and digits' })
})

export const trackPaymentsInput = z.strictObject({
  /** Pasted text or CSV rows are split by the renderer; main re-checks every id. */
  ids: z.array(z.string().trim().min(1).max(64)).min(1).max(10_000)
})

export const dashboardInput = z.strictObject({
  /** Calendar days in the business time zone, inclusive. */
  from: z.iso.date(),
  to: z.iso.date()
})

export const savedFilterInput = z.strictObject({ name: z.string().trim().min(1).max(80), filter: ledgerFilterSchema })
export const savedFilterNameInput = z.strictObject({ name: z.string().trim().min(1).max(80) })

export interface PaymentRowView {
  readonly identifier: string
  readonly createdAt: string
  readonly direction: PaymentDirection
  readonly status: DisplayStatus
  readonly flags: readonly ExceptionFlag[]
  readonly amount: string
  readonly userUid: string
  readonly memo: string
  readonly txid: string | null
  readonly chainCheck: ChainCheckOutcome
  /** Total refunded so far (7 decimals), null when nothing was. */
  readonly refunded: string | null
}

export interface LedgerPageView {
  readonly rows: readonly PaymentRowView[]
  /** Pass back to get the next page; null on the last page. */
  readonly nextCursor: string | null
}

export interface TimelineEntryView {
  readonly at: string
  readonly kind: string
  readonly label: string
  readonly detail: string | null
}

export interface PaymentDetailView {
  readonly row: PaymentRowView
  /** Pi's record, as Pi sent it, with the amount as a 7-decimal string. */
  readonly dto: Readonly<Record<string, unknown>>
  readonly chain: {
    readonly txid: string | null
    readonly ledger: number | null
    readonly fee: string | null
    readonly successful: boolean | null
    readonly explorerUrl: string | null
    readonly failureReasons: readonly ChainFailureReason[]
  }
  readonly refunds: readonly PaymentRowView[]
  readonly refundableRemainder: string | null
  readonly timeline: readonly TimelineEntryView[]
}

export interface DashboardView {
  readonly timeZone: string
  /** The period's payments for the books: by direction, what moved on chain and the rest by name. */
  readonly books: BookTotalsView
  readonly days: readonly {
    readonly day: string
    readonly receivedCount: number
    readonly received: string
    readonly paidCount: number
    readonly paid: string
  }[]
  /** Per status, both directions counted; the amounts split by direction (never one sum of money in and out). */
  readonly statuses: readonly {
    readonly status: DisplayStatus
    readonly count: number
    readonly amount: string
    readonly received: string
    readonly paidOut: string
  }[]
  readonly refunds: { readonly count: number; readonly total: string }
  readonly fees: { readonly count: number; readonly total: string }
  readonly queue: {
    readonly count: number
    readonly oldestAgeMs: number | null
    readonly buckets: readonly { readonly label: string; readonly count: number }[]
  }
}

export interface SyncStatusView {
  readonly running: boolean
  readonly lastFinishedAt: string | null
  readonly lastError: string | null
  readonly paymentsKnown: number
}

export interface TrackResultView {
  readonly results: readonly {
    readonly id: string
    readonly outcome: 'tracked' | 'updated' | 'not_found' | 'invalid' | 'failed'
    readonly message: string | null
  }[]
}

export interface SavedFilterView {
  readonly name: string
  readonly filter: LedgerFilter
}
