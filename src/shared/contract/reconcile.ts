// Contract pieces of the three-way reconciliation: the local ledger against Pi's records and
// against the chain, for a period. Results are plain JSON: money as 7-decimal strings (signed where
// a figure can be negative), times as ISO-8601 UTC strings. What each discrepancy type means and
// what to do about it is told in the README's "Reconciliation" section, in the same words.
import { z } from 'zod'

/**
 * Every kind of difference a reconciliation reports, in the order the page and the CLI list them.
 * FROZEN in the database (0003 lists them in a CHECK): a new type needs a migration too.
 */
export const DISCREPANCY_TYPES = [
  'direct_transfer',
  'completed_without_transaction',
  'amount_mismatch',
  'destination_mismatch',
  'memo_mismatch',
  'network_mismatch',
  'transaction_unverified',
  'cancelled_with_transaction',
  'incomplete_too_long',
  'over_refunded',
  'paid_more_than_once',
  'stale_ledger_row',
  'wallet_balance_mismatch'
] as const
export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number]

export const DISCREPANCY_LABELS: Readonly<Record<DiscrepancyType, string>> = {
  direct_transfer: 'Transfer with no Pi payment',
  completed_without_transaction: 'Completed, but not on the chain',
  amount_mismatch: 'Amount differs from the chain',
  destination_mismatch: 'Paid to or from the wrong wallet',
  memo_mismatch: 'Transaction memo differs',
  network_mismatch: 'Another Pi network',
  transaction_unverified: 'Transaction not verified by Pi',
  cancelled_with_transaction: 'Cancelled, but a transaction exists',
  incomplete_too_long: 'Incomplete for too long',
  over_refunded: 'Refunds above the sale',
  paid_more_than_once: 'Refund or payout paid more than once',
  stale_ledger_row: 'Ledger out of date with Pi',
  wallet_balance_mismatch: 'Wallet balance does not add up'
}

/** What an item is about: a payment of the ledger, a chain transaction, or the app wallet itself. */
export const DISCREPANCY_SUBJECTS = ['payment', 'transaction', 'wallet'] as const
export type DiscrepancySubject = (typeof DISCREPANCY_SUBJECTS)[number]

const day = z.iso.date({ message: 'Days are written YYYY-MM-DD' })

export const reconcileRunInput = z.strictObject({
  /** Calendar days in `timeZone`, both included. */
  from: day,
  to: day,
  /** IANA zone name; absent: the business time zone from Settings. Main checks that it exists. */
  timeZone: z.string().trim().min(1).max(64).optional(),
  /** A payment still open at Pi this long after it was created is reported (default 24). */
  incompleteAfterHours: z.number().int().min(1).max(24 * 366).optional()
})
export type ReconcileRunInput = z.input<typeof reconcileRunInput>

export const reconcileListInput = z
  .strictObject({ limit: z.number().int().min(1).max(100).optional() })
  .optional()

export const reconcileReportInput = z.strictObject({ runId: z.number().int().positive() })

export const reconcileResolveInput = z.strictObject({
  itemId: z.number().int().positive(),
  /** Why it is settled: what was done, or why nothing needs doing. Kept in the audit log. */
  note: z.string().trim().min(1, { message: 'Say what was done about it' }).max(1000)
})

/**
 * opening + received − paid − fees = closing, for the app wallet over the period. Every figure is
 * exact 7-decimal Pi; see the README for how the opening balance is derived.
 */
export interface WalletCheckView {
  readonly wallet: string
  /** The balance the synced history gives at the period's first instant. */
  readonly openingBalance: string
  /**
   * 'history': summed from the wallet's creation on (the check is independent of Horizon's
   * balance). 'balance': the history does not reach back to the wallet's creation, so the
   * opening was worked back from Horizon's balance and the check cannot fail (balanced: null).
   */
  readonly openingSource: 'history' | 'balance'
  readonly received: string
  readonly paid: string
  readonly fees: string
  /** opening + received − paid − fees. */
  readonly expectedClosing: string
  /** Net movement of the synced history after the period (signed). */
  readonly afterPeriod: string
  /** Horizon's balance of the wallet when the reconciliation ran. */
  readonly horizonBalance: string
  /** Horizon's balance minus what moved after the period: the chain's closing balance. */
  readonly closingOnChain: string
  /** closingOnChain − expectedClosing (signed); "0.0000000" when it adds up. */
  readonly difference: string
  readonly balanced: boolean | null
  /** Horizon shows records the ledger has not synced yet. */
  readonly historyBehind: boolean
}

export interface ReconcileRunView {
  readonly id: number
  readonly network: string
  readonly wallet: string
  readonly from: string
  readonly to: string
  readonly timeZone: string
  /** The period as instants: [periodStart, periodEnd). */
  readonly periodStart: string
  readonly periodEnd: string
  readonly incompleteAfterHours: number
  /** How many Pi-final payments of the period were re-read from Pi at most (a random sample). */
  readonly finalSample: number
  readonly startedAt: string
  readonly finishedAt: string
  readonly requestedBy: string
  readonly paymentsChecked: number
  readonly piRecordsRead: number
  readonly transactionsChecked: number
  /** Items by type; every type is present (0 when none). */
  readonly counts: Readonly<Record<DiscrepancyType, number>>
  readonly itemCount: number
  readonly unresolvedCount: number
  readonly walletCheck: WalletCheckView
}

export interface EvidenceRowView {
  /** What was compared ("Amount", "Status at Pi", ...). */
  readonly what: string
  readonly expected: string | null
  readonly found: string | null
}

export interface ReconcileItemView {
  readonly id: number
  readonly runId: number
  readonly type: DiscrepancyType
  readonly subjectKind: DiscrepancySubject
  /** A payment identifier, a transaction hash or the wallet's address. */
  readonly subject: string
  /** The ledger payment to open, when there is one. */
  readonly paymentId: string | null
  readonly txid: string | null
  /** The amount concerned, 7-decimal Pi; null when none. */
  readonly amount: string | null
  readonly evidence: readonly EvidenceRowView[]
  /** What to do, in one or two sentences. */
  readonly sentence: string
  readonly resolved: { readonly at: string; readonly by: string; readonly note: string } | null
}

export interface ReconcileGroupView {
  readonly type: DiscrepancyType
  readonly label: string
  readonly count: number
  readonly unresolved: number
  /** The first items of the group (see `more`). */
  readonly items: readonly ReconcileItemView[]
  /** Items of this group not listed here (the reconciliation export has them all). */
  readonly more: number
}

export interface ReconcileReportView {
  readonly run: ReconcileRunView
  /** Only the types with items, in DISCREPANCY_TYPES order. */
  readonly groups: readonly ReconcileGroupView[]
}

export interface ReconcileListView {
  readonly runs: readonly ReconcileRunView[]
}
