// The queue's kinds, actions and advice, and the words for them: plain data with no runtime
// imports, so the renderer can use them without loading zod (whose schemas probe for eval when
// built, which the strict Content-Security-Policy reports).

/** What a payment in the queue is waiting for. */
export const QUEUE_KINDS = [
  /** U2A: the buyer's transaction is on chain (or linked by Pi), the payment is not completed. */
  'paid_not_completed',
  /** U2A: approved, but the buyer has sent no transaction. */
  'approved_not_paid',
  /** U2A: the buyer started it; the shop has not approved it. */
  'awaiting_approval',
  /** A2U: a refund or payout Pi still lists as open. */
  'payout_unfinished',
  /** Our check of its transaction on chain failed: never completed. */
  'verification_failed'
] as const
export type QueueKind = (typeof QUEUE_KINDS)[number]

/** What staff can ask for, one row or many. */
export const QUEUE_ACTIONS = ['approve', 'complete', 'cancel'] as const
export type QueueAction = (typeof QUEUE_ACTIONS)[number]

/** The advice a row carries: an action, or what to do instead of one. */
export type QueueAdvice = QueueAction | 'wait' | 'resume_payout' | 'do_not_deliver'

/** The words the page and the CLI use for each kind and each advice. */
export const QUEUE_KIND_LABELS: Readonly<Record<QueueKind, string>> = {
  paid_not_completed: 'Paid, not completed',
  approved_not_paid: 'Approved, not paid',
  awaiting_approval: 'Waiting for approval',
  payout_unfinished: 'Payout not finished',
  verification_failed: 'Verification failed'
}

export const QUEUE_ADVICE_LABELS: Readonly<Record<QueueAdvice, string>> = {
  approve: 'Approve',
  complete: 'Complete',
  cancel: 'Cancel',
  wait: 'Wait',
  resume_payout: 'Resume the payout',
  do_not_deliver: 'Do not deliver'
}
