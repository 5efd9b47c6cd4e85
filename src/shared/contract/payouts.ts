// Contract pieces of refunds and payouts (A2U payments the app wallet pays). Money crosses as
// 7-decimal strings; what the merchant types is sent as typed and parsed exactly in main.
// Invariant 4 starts here: every request carries an idempotency key made when the form opened, so
// a second click, a retried IPC call or a reload sends the same key and can never pay twice.
import { z } from 'zod'
import { PAYMENT_IDENTIFIER_PATTERN } from '../payments/types'

export const PAYOUT_KINDS = ['refund', 'payout'] as const
export type PayoutKind = (typeof PAYOUT_KINDS)[number]

/**
 * The journal's states, in the order a payout normally walks them (design.md invariant 4):
 * recorded -> created (Pi payment id stored) -> signed (envelope and hash stored) -> submitted ->
 * confirmed (the chain shows it) -> completed (Pi said so). `blocked` waits for the operator
 * (top up the wallet, fix the seed); `failed` is final and means nothing was paid.
 */
export const PAYOUT_STATES = ['recorded', 'created', 'signed', 'submitted', 'confirmed', 'completed', 'blocked', 'failed'] as const
export type PayoutState = (typeof PAYOUT_STATES)[number]

export const PAYOUT_ACTIONS = ['resume', 'cancel'] as const
export type PayoutAction = (typeof PAYOUT_ACTIONS)[number]

export const REFUND_REASONS = ['customer_request', 'not_delivered', 'damaged', 'duplicate_payment', 'overcharged', 'goodwill', 'other'] as const
export type RefundReason = (typeof REFUND_REASONS)[number]

export const REFUND_REASON_LABELS: Readonly<Record<RefundReason, string>> = {
  customer_request: 'Customer asked for a refund',
  not_delivered: 'Order not delivered',
  damaged: 'Damaged or faulty',
  duplicate_payment: 'Paid twice',
  overcharged: 'Charged too much',
  goodwill: 'Goodwill gesture',
  other: 'Other'
}

/** What the buyer sees in the Pi app next to the payment (never on chain). */
export const MAX_PAYOUT_MEMO = 200
export const MAX_REASON_TEXT = 500

const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9-]{16,64}$/, { message: 'The request key is 16 to 64 letters, digits or dashes' })
const piAmount = z.string().trim().min(1, { message: 'Enter an amount' }).max(40)
const paymentId = z.string().trim().regex(PAYMENT_IDENTIFIER_PATTERN, { message: 'A Pi payment id has 28 letters and digits' })
const uid = z.string().trim().min(1, { message: 'Enter the buyer’s uid' }).max(128)

export const refundInput = z.strictObject({
  idempotencyKey,
  paymentId,
  amount: piAmount,
  /** The amount typed a second time: it must match exactly. */
  confirmAmount: piAmount,
  reason: z.enum(REFUND_REASONS),
  reasonText: z.string().trim().max(MAX_REASON_TEXT).default(''),
  memo: z.string().trim().max(MAX_PAYOUT_MEMO).optional()
})
export type RefundInput = z.input<typeof refundInput>

const directRefundFields = {
  idempotencyKey,
  amount: piAmount,
  confirmAmount: piAmount,
  reason: z.enum(REFUND_REASONS),
  reasonText: z.string().trim().max(MAX_REASON_TEXT).default(''),
  memo: z.string().trim().max(MAX_PAYOUT_MEMO).optional()
}

/**
 * A refund straight to the address that paid (issue 19): of a Pi sale Pi would not refund with an
 * A2U payment, or of a walk-in payment (a direct transfer, by its chain operation id).
 */
export const directRefundInput = z.union([
  z.strictObject({ ...directRefundFields, paymentId }),
  z.strictObject({
    ...directRefundFields,
    operationId: z.string().trim().regex(/^[0-9]{1,20}$/, { message: 'A chain operation id is a number' }),
    invoiceId: z.string().trim().min(1).max(64).optional()
  })
])
export type DirectRefundChannelInput = z.input<typeof directRefundInput>

export const payoutInput = z.strictObject({
  idempotencyKey,
  uid,
  amount: piAmount,
  confirmAmount: piAmount,
  memo: z.string().trim().min(1, { message: 'Enter the memo the buyer will see' }).max(MAX_PAYOUT_MEMO)
})
export type PayoutInput = z.input<typeof payoutInput>

export const payoutQuoteInput = z.union([
  z.strictObject({ kind: z.literal('refund'), paymentId, amount: piAmount.optional() }),
  z.strictObject({ kind: z.literal('payout'), uid, amount: piAmount.optional() })
])
export type PayoutQuoteInput = z.input<typeof payoutQuoteInput>

export const payoutIdInput = z.strictObject({ id: z.number().int().positive() })

/** Resume one payout, or (no id) every unfinished one. */
export const payoutResumeInput = z.strictObject({ id: z.number().int().positive().optional() }).optional()

export const payoutListInput = z
  .strictObject({
    /** Only the refunds of this payment. */
    refundOf: paymentId.optional()
  })
  .optional()

export interface PayoutProblemView {
  readonly code: string
  /** For people: what happened and what to do. */
  readonly message: string
}

export interface PayoutView {
  readonly id: number
  readonly kind: PayoutKind
  readonly state: PayoutState
  /** The state in the merchant's words: "Paying on chain", "Refunded", ... */
  readonly stateLabel: string
  /** How far along the seven journal steps it is (1..7), for a progress bar. */
  readonly step: number
  readonly steps: number
  /** The sale this refunds; null for a plain payout (and for a walk-in payment's refund). */
  readonly refundOf: string | null
  /**
   * 'pi': an A2U payment through Pi; 'direct': a chain payment straight back to the address that
   * paid (a walk-in payment, or a sale Pi would not refund), with a memo of its own.
   */
  readonly route: 'pi' | 'direct'
  /** A direct refund's memo on chain; null on the Pi route (its memo is the Pi payment id). */
  readonly chainMemo: string | null
  /** The walk-in payment (its chain operation id) a direct refund gives back; null otherwise. */
  readonly refundOfTransfer: string | null
  readonly uid: string
  readonly amount: string
  readonly memo: string
  readonly reason: RefundReason | null
  readonly reasonText: string
  readonly piPaymentId: string | null
  readonly toAddress: string | null
  readonly txid: string | null
  /** Block explorer link; null on the sandbox. */
  readonly txUrl: string | null
  readonly ledger: number | null
  /** What the app wallet paid the network, once on chain. */
  readonly feeCharged: string | null
  readonly problem: PayoutProblemView | null
  readonly actions: readonly PayoutAction[]
  readonly requestedBy: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly finishedAt: string | null
}

/**
 * A refund of a sale that Pi would not make (it refused the A2U payment, so nothing was created at
 * Pi nor paid): the refund form offers to pay it straight back to the paying address instead.
 */
export function directRefundOffered(view: Pick<PayoutView, 'kind' | 'route' | 'state' | 'refundOf' | 'piPaymentId' | 'problem'>): boolean {
  return (
    view.kind === 'refund' &&
    view.route === 'pi' &&
    view.state === 'failed' &&
    view.refundOf !== null &&
    view.piPaymentId === null &&
    view.problem !== null &&
    view.problem.code !== 'cancelled'
  )
}

export interface PayoutListView {
  readonly items: readonly PayoutView[]
  /** The app wallet payouts come from; null when no wallet is configured for this network. */
  readonly walletPublicKey: string | null
  /** Payouts not yet completed or failed. */
  readonly unfinished: number
  /**
   * Why the start of the app could not finish the unfinished payouts (e.g. Horizon serves another
   * network): the merchant's to fix, then resume. null when nothing stopped it.
   */
  readonly recoveryProblem: PayoutProblemView | null
}

export interface PayoutQuoteView {
  readonly kind: PayoutKind
  readonly uid: string | null
  readonly refundOf: string | null
  /** Refunds only: what is left to refund of the sale. */
  readonly refundableRemainder: string | null
  readonly amount: string | null
  /** The network fee the app wallet pays for this payout (at least 0.01 Pi). */
  readonly fee: string
  readonly walletPublicKey: string | null
  readonly walletBalance: string | null
  /** What the wallet must keep: (2 + subentries) x base reserve. */
  readonly minimumBalance: string | null
  /** Balance after this payout and its fee, or null when not known. */
  readonly balanceAfter: string | null
  /** Why this payout cannot go ahead now; empty when it can. */
  readonly problems: readonly PayoutProblemView[]
}

export interface PayoutResumeView {
  readonly items: readonly PayoutView[]
}
