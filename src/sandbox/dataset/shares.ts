// How a generated merchant history is made up, as shares of its Pi payments. The mix follows what a
// busy shop sees: most payments complete, a few percent are abandoned or cancelled, a few are stuck
// incomplete (the queue Merchant Desk clears), a few come from lying buyers, and some completed
// sales were refunded through A2U payments. Direct transfers to the app wallet that are not Pi
// payments come on top.
import { LIE_KINDS, type LieKind } from '../buyer/lies'

export const PAYMENT_CATEGORIES = [
  /** U2A: approved, submitted, verified, completed. */
  'completed',
  /** A2U refund of an earlier completed sale: created, paid on chain, completed. */
  'refund',
  /**
   * A2U refund whose transaction is on chain but that was never completed: Pi shows
   * `transaction: null` (pi-platform.md §3). REFUNDS_IN_FLIGHT of them, taken from the refunds.
   */
  'refund_in_flight',
  /** U2A approved, never submitted, cancelled by the developer. */
  'cancelled',
  /** U2A never approved: Pi cancelled it when the approval window closed. */
  'expired',
  /** U2A cancelled by the buyer before paying. */
  'user_cancelled',
  /** U2A submitted and verified on chain, never completed by the developer. */
  'incomplete_with_tx',
  /** U2A approved, never submitted, never cancelled. */
  'incomplete_without_tx',
  /** U2A whose reported transaction does not settle it (see LIE_KINDS). */
  'lying'
] as const

export type PaymentCategory = (typeof PAYMENT_CATEGORIES)[number]

/** Shares of the `payments` count; completed + refund = 85 %. They sum to 1. */
export const CATEGORY_SHARES: Readonly<Record<PaymentCategory, number>> = {
  completed: 0.83,
  refund: 0.02,
  refund_in_flight: 0,
  cancelled: 0.025,
  expired: 0.005,
  user_cancelled: 0.03,
  incomplete_with_tx: 0.03,
  incomplete_without_tx: 0.03,
  lying: 0.03
}

/**
 * Pi documents incomplete_server_payments as 0 or 1 entries: one refund is left in flight (when the
 * dataset has refunds at all), the most recent one.
 */
export const REFUNDS_IN_FLIGHT = 1

/** Lies are spread evenly over their kinds. */
export const DATASET_LIE_KINDS: readonly LieKind[] = LIE_KINDS

/** Full refunds among refunds; the rest refund part of the sale. */
export const FULL_REFUND_SHARE = 0.6

/** Direct transfers to the app wallet, as a ratio of the `payments` count (on top of it). */
export const DIRECT_TRANSFER_RATIO = 0.01

/** Direct transfers' memos: a text note that is not a payment id, or none at all. */
export const DIRECT_TRANSFER_MEMOS: readonly (string | null)[] = ['thanks!', null, 'for the coffee', null, 'tip']

/** Buyers who never granted `wallet_address` (A2U payments to them fail with missing_scope). */
export const NO_WALLET_SCOPE_SHARE = 0.05

/** Typical shop prices in stroops (0.1 Pi … 50 Pi), plus a one-stroop oddity. */
export const PRICE_POINTS_STROOPS: readonly bigint[] = [
  1n,
  1_000_000n,
  5_000_000n,
  10_000_000n,
  20_000_000n,
  31_415_926n,
  50_000_000n,
  75_000_000n,
  100_000_000n,
  250_000_000n,
  500_000_000n
]

/** Seconds between a payment's creation and its transaction landing. */
export const SUBMISSION_DELAY_SECONDS = { min: 4, max: 90 } as const

/** What each buyer's wallet holds when the history starts (created by the chain's root). */
export const BUYER_OPENING_STROOPS = 200n * 10_000_000n

/**
 * When a buyer's next transaction would take their wallet under this, they first receive a top-up
 * (Pi bought elsewhere, paid by the root account) of this much plus what they are about to spend.
 */
export const BUYER_TOP_UP_STROOPS = 200n * 10_000_000n

/** The app wallet starts with this plus one fee per payment, so refund fees never run it dry. */
export const APP_WALLET_OPENING_STROOPS = 1_000n * 10_000_000n

/** Fee per single-operation transaction (Pi's base fee). */
export const DATASET_FEE_STROOPS = 100_000n
