// Contract pieces of the incomplete-payment queue and the audit log. Results are plain JSON (they
// cross IPC and the preview bridge alike): money as Horizon-style 7-decimal strings, times as
// ISO-8601 UTC strings, never bigint or Date.
import { z } from 'zod'
import type { ChainFailureReason, DisplayStatus } from '../payments/status'
import { PAYMENT_IDENTIFIER_PATTERN, TXID_PATTERN, type PaymentDirection } from '../payments/types'
import { QUEUE_ACTIONS, type QueueAction, type QueueAdvice, type QueueKind } from './queue-words'

export * from './queue-words'

/** At most this many rows per bulk action. */
export const MAX_QUEUE_BATCH = 500

const paymentId = z
  .string()
  .trim()
  .regex(PAYMENT_IDENTIFIER_PATTERN, { message: 'A Pi payment id has 28 letters and digits' })

export const queueListInput = z
  .strictObject({
    /** Ask Pi again for every payment in the queue (and its open payouts) before listing. */
    refresh: z.boolean().optional()
  })
  .optional()

export const queueActInput = z
  .strictObject({
    action: z.enum(QUEUE_ACTIONS),
    ids: z.array(paymentId).min(1).max(MAX_QUEUE_BATCH),
    /** A transaction id typed by hand: complete with it (checked on chain like any other). */
    txid: z.string().trim().regex(TXID_PATTERN, { message: 'A transaction id is 64 hexadecimal characters' }).optional()
  })
  .refine((input) => input.txid === undefined || (input.action === 'complete' && input.ids.length === 1), {
    message: 'A transaction id can only be given to complete one payment'
  })
export type QueueActInput = z.input<typeof queueActInput>

/** The longest note a review carries. */
export const MAX_REVIEW_NOTE = 2000

/**
 * Mark a payment the app can do nothing more about (its transaction failed our chain check) as
 * reviewed, with a note: it leaves the "needs action" count and stays in the queue. `reviewed:
 * false` reopens it. Both are audited with the note.
 */
export const queueReviewInput = z.strictObject({
  id: paymentId,
  reviewed: z.boolean(),
  note: z
    .string()
    .trim()
    .min(1, { message: 'Write what you did or found, for whoever looks at it next' })
    .max(MAX_REVIEW_NOTE, { message: `A note has at most ${MAX_REVIEW_NOTE} characters` })
})
export type QueueReviewInput = z.input<typeof queueReviewInput>

/** Who marked a payment reviewed, when, and their note. */
export interface PaymentReviewView {
  readonly at: string
  readonly by: string
  readonly note: string
}

export interface QueueReviewView {
  readonly identifier: string
  /** The review as it stands now; null once reopened. */
  readonly review: PaymentReviewView | null
  readonly auditSeq: number
}

export const auditListInput = z
  .strictObject({
    /** Entries older than this one (the `nextCursor` of the previous page). */
    cursor: z.string().regex(/^\d{1,19}$/).nullish(),
    limit: z.number().int().min(1).max(500).default(50),
    /** Only the entries about this payment. */
    subject: z.string().trim().min(1).max(64).optional()
  })
  .default({ limit: 50 })

/** What the chain shows about a payment's transaction, next to what the payment claims. */
export interface ChainEvidenceView {
  /** The transaction that was checked; null when none was found at all. */
  readonly txid: string | null
  /** Where that transaction id came from. */
  readonly txidSource: 'pi' | 'typed' | 'chain' | null
  readonly verified: boolean
  readonly reasons: readonly ChainFailureReason[]
  /** One sentence per reason, with what was expected and what was found. */
  readonly explanations: readonly string[]
  readonly expected: {
    readonly amount: string
    readonly from: string
    readonly to: string
    readonly memo: string
    readonly network: string
  }
  /**
   * What is known of the transaction itself: read from the chain, known to be absent from this
   * network's chain, or not stored locally (a listing reads only the stored history; acting reads
   * the chain).
   */
  readonly chainFacts: 'read' | 'not_on_chain' | 'not_stored'
  /** Set when chainFacts is 'read'. */
  readonly found: {
    readonly successful: boolean
    readonly memoType: string
    readonly memo: string | null
    readonly payments: readonly { readonly from: string; readonly to: string; readonly amount: string; readonly native: boolean }[]
  } | null
  readonly checkedAt: string | null
}

export interface QueueItemView {
  readonly identifier: string
  readonly kind: QueueKind
  readonly direction: PaymentDirection
  readonly status: DisplayStatus
  readonly createdAt: string
  /** Milliseconds since the payment was created, when the queue was read. */
  readonly ageMs: number
  readonly userUid: string
  readonly amount: string
  readonly memo: string
  /** Pi's linked transaction, or the one found on chain carrying this payment's id. */
  readonly txid: string | null
  readonly txidSource: 'pi' | 'chain' | null
  readonly advice: QueueAdvice
  /** Why, in the merchant's words. */
  readonly reason: string
  /** The actions that make sense for this row now (the advice first when it is one). */
  readonly actions: readonly QueueAction[]
  /** Approved but unpaid: the buyer may still pay until then; cancelling waits for it. */
  readonly waitUntil: string | null
  /** For failed verifications: what the chain shows. */
  readonly evidence: ChainEvidenceView | null
  /** Set when staff marked it reviewed: it stays listed but needs no action. */
  readonly review: PaymentReviewView | null
}

export interface QueueRulesView {
  readonly approvalWindowMs: number
  readonly buyerPaysWithinMs: number
  readonly payoutLandsWithinMs: number
  /** The rules, as sentences for the page and the CLI. */
  readonly sentences: readonly string[]
}

export interface QueueView {
  readonly items: readonly QueueItemView[]
  /** Every payment waiting, including any beyond `items` (the list is capped). */
  readonly total: number
  /** Of `total`, the ones marked reviewed: listed, but needing no action. */
  readonly reviewed: number
  /** total - reviewed: what the merchant still has to act on. */
  readonly needsAction: number
  /** How many of the listed items are of each kind. */
  readonly counts: Readonly<Record<QueueKind, number>>
  readonly rules: QueueRulesView
  readonly readAt: string
  /** Set after a refresh: what asking Pi again changed. */
  readonly refreshed: { readonly asked: number; readonly failed: number; readonly messages: readonly string[] } | null
}

export type QueueOutcome = 'done' | 'refused' | 'failed'

export interface QueueActionResultView {
  readonly identifier: string
  readonly action: QueueAction
  /** done: the asked-for state holds now; refused: nothing changed, and why; failed: could not finish. */
  readonly outcome: QueueOutcome
  /** A stable code: completed, already_completed, refused_by_chain, txid_mismatch, wait, ... */
  readonly code: string
  readonly message: string
  /** The payment's status afterwards, as stored (null when it is not in the ledger). */
  readonly status: DisplayStatus | null
  readonly evidence: ChainEvidenceView | null
  /** The audit entry that records this attempt. */
  readonly auditSeq: number | null
}

export interface QueueActView {
  readonly results: readonly QueueActionResultView[]
}

/** Any JSON value (what the audit log stores before and after an action). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue }

export interface AuditEntryView {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly subject: string | null
  readonly before: JsonValue
  readonly after: JsonValue
  readonly hash: string
  readonly prevHash: string
}

export interface AuditPageView {
  readonly entries: readonly AuditEntryView[]
  readonly nextCursor: string | null
}

export interface AuditVerifyView {
  readonly ok: boolean
  /** Entries read. */
  readonly entries: number
  /** The first entry that does not check out; null when the log is intact. */
  readonly firstBrokenSeq: number | null
  /** What is wrong, in words; null when intact. */
  readonly reason: string | null
  /** The hash of the last entry: write it down to prove later that nothing was rewritten. */
  readonly headHash: string | null
}

