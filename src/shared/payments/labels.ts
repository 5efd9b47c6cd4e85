// The words the merchant sees for each status and flag, shared by the UI, the CLI and exports so a
// payment reads the same everywhere.
import type { DisplayStatus, ExceptionFlag } from './status'

export const DISPLAY_STATUS_LABELS: Readonly<Record<DisplayStatus, string>> = {
  created: 'Created',
  approved: 'Approved',
  submitted: 'Submitted',
  verified: 'Verified',
  completed: 'Completed',
  cancelled: 'Cancelled',
  user_cancelled: 'Cancelled by buyer'
}

export const EXCEPTION_FLAG_EXPLANATIONS: Readonly<Record<ExceptionFlag, string>> = {
  inconsistent_flags: "Pi's record contradicts itself; check it before acting.",
  cancelled_with_transaction: 'Cancelled, yet its Pi moved on chain: the buyer may be owed a refund.',
  completed_unverified: 'Completed, but Pi never verified its transaction.',
  tx_not_on_chain: 'The linked transaction is not on the chain.',
  transaction_failed: 'The transaction failed on chain: no Pi moved.',
  network_mismatch: 'The transaction is on a different network than the payment.',
  memo_mismatch: "The transaction's memo is not this payment's identifier.",
  destination_mismatch: 'The transaction did not pay the expected wallet.',
  source_mismatch: 'The transaction was not sent from the expected wallet.',
  amount_mismatch: "The amount on chain differs from the payment's amount.",
  paid_on_chain_unlinked: 'Paid on chain, but Pi has not linked the transaction yet: do not cancel or pay again.',
  over_refunded: 'Refunds exceed the amount paid.',
  incomplete: 'Submitted on chain but not completed: it blocks the buyer until completed.',
  approval_expired: 'Not approved within 60 seconds: the buyer could not pay.',
  refunded: 'Fully refunded.',
  partially_refunded: 'Partly refunded.'
}
