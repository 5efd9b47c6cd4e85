// Totals an accountant can trust (issue #14, item 4): every total is split by direction, and only
// what moved on chain counts; the rest is shown beside it by name. The dashboard, the ledger's
// footer and the payments export's manifest all answer with this one shape, computed by one SQL
// term (src/main/ledger/books.ts), so the three can never disagree.
import type { DisplayStatus } from '../payments/status'

/**
 * What a payment is for the books, first match wins:
 * - on_chain: our own check found its transaction on chain (chain_check verified): the Pi moved;
 * - failed_check: our check of its transaction failed: no Pi arrived as claimed;
 * - cancelled: cancelled at Pi with no verified transaction;
 * - pending: nothing verified yet (waiting for the buyer, for Pi, or for the next sync's check).
 */
export const BOOK_CLASSES = ['on_chain', 'failed_check', 'pending', 'cancelled'] as const
export type BookClass = (typeof BOOK_CLASSES)[number]

export const BOOK_CLASS_LABELS: Readonly<Record<BookClass, string>> = {
  on_chain: 'Moved on chain',
  failed_check: 'Failed chain check',
  pending: 'Pending',
  cancelled: 'Cancelled'
}

/** received: user to app (sales); paidOut: app to user (refunds and payouts). */
export const BOOK_DIRECTIONS = ['received', 'paidOut'] as const
export type BookDirection = (typeof BOOK_DIRECTIONS)[number]

export interface BookTallyView {
  readonly count: number
  /** Exact 7-decimal Pi, always >= 0 (the direction says which way it went). */
  readonly amount: string
}

export type BookTotalsView = Readonly<Record<BookDirection, Readonly<Record<BookClass, BookTallyView>>>>

/** One refund or payout the ledger knows, whoever paid it (the Refunds page's full list). */
export interface LedgerRefundView {
  readonly identifier: string
  readonly createdAt: string
  readonly status: DisplayStatus
  readonly amount: string
  readonly userUid: string
  readonly memo: string
  /** The sale it refunds; null for a payout (or a refund nothing links to its sale). */
  readonly refundOf: string | null
  /** The payment's transaction, as every screen tells it; null when none is known. */
  readonly txid: string | null
  readonly book: BookClass
  /** This desk's payout journal entry when this desk paid it; null when paid before this desk or by another tool. */
  readonly payoutId: number | null
}

export interface LedgerRefundsView {
  /** Newest first, at most a few hundred. */
  readonly refunds: readonly LedgerRefundView[]
  /** How many the ledger holds in all. */
  readonly total: number
}
