// The merchant's words for the ledger's codes, and the tone each one is shown in. Status and flag
// words come from src/shared/payments so the ledger, the CLI and exports say the same thing.
import type { ChainCheckOutcome, LedgerSortColumn, TrackResultView } from '../../../shared/contract'
import type { DisplayStatus, ExceptionFlag, PaymentDirection } from '../../../shared/payments'
import type { BadgeTone } from '../ui'

export { DISPLAY_STATUS_LABELS, EXCEPTION_FLAG_EXPLANATIONS } from '../../../shared/payments/labels'

// Spelled again here because the modules that export them (shared/contract/ledger.ts,
// shared/payments/types.ts) import zod, and zod probes for eval() when it loads, which the
// renderer's Content-Security-Policy reports as a violation. The `satisfies` keeps them in step.
export const PAYMENT_DIRECTION_CHOICES = ['user_to_app', 'app_to_user'] as const satisfies readonly PaymentDirection[]
export const CHAIN_CHECK_CHOICES = ['unchecked', 'verified', 'failed'] as const satisfies readonly ChainCheckOutcome[]
/** PAYMENT_IDENTIFIER_PATTERN of shared/payments/types.ts: 28 base62 characters. */
export const PAYMENT_ID_SHAPE = /^[A-Za-z0-9]{28}$/

export const DIRECTION_LABELS: Readonly<Record<PaymentDirection, string>> = {
  user_to_app: 'Received',
  app_to_user: 'Paid out'
}

export const CHAIN_CHECK_LABELS: Readonly<Record<ChainCheckOutcome, string>> = {
  unchecked: 'Unchecked',
  verified: 'On chain',
  failed: 'Failed'
}

export const CHAIN_CHECK_TONES: Readonly<Record<ChainCheckOutcome, BadgeTone>> = {
  unchecked: 'neutral',
  verified: 'success',
  failed: 'danger'
}

/** Settled is green, on its way is blue, not started is grey, stopped is red. */
export const STATUS_TONES: Readonly<Record<DisplayStatus, BadgeTone>> = {
  created: 'neutral',
  approved: 'neutral',
  submitted: 'info',
  verified: 'info',
  completed: 'success',
  cancelled: 'danger',
  user_cancelled: 'danger'
}

/** Refund flags are news, not trouble; every other flag needs a look. */
export function flagTone(flag: ExceptionFlag): BadgeTone {
  return flag === 'refunded' || flag === 'partially_refunded' ? 'info' : 'warning'
}

/** Short badge text for a flag; the full explanation goes in its title and in the detail panel. */
export const FLAG_SHORT_LABELS: Readonly<Record<ExceptionFlag, string>> = {
  inconsistent_flags: 'Contradicts',
  cancelled_with_transaction: 'Owed refund',
  completed_unverified: 'Unverified',
  tx_not_on_chain: 'Tx missing',
  transaction_failed: 'Tx failed',
  network_mismatch: 'Wrong network',
  memo_mismatch: 'Wrong memo',
  destination_mismatch: 'Wrong wallet',
  source_mismatch: 'Wrong sender',
  amount_mismatch: 'Wrong amount',
  paid_on_chain_unlinked: 'Unlinked',
  over_refunded: 'Over-refunded',
  incomplete: 'Incomplete',
  approval_expired: 'Not approved',
  refunded: 'Refunded',
  partially_refunded: 'Part refunded'
}

export const CHAIN_FAILURE_LABELS: Readonly<Record<string, string>> = {
  not_found: 'The transaction was not found on chain.',
  transaction_failed: 'The transaction failed on chain.',
  network_mismatch: 'It is on another network.',
  memo_mismatch: "Its memo is not this payment's id.",
  destination_mismatch: 'It did not pay the expected wallet.',
  source_mismatch: 'It was not sent from the expected wallet.',
  amount_mismatch: 'Its amount differs from the payment.'
}

export const SORT_LABELS: Readonly<Record<LedgerSortColumn, string>> = {
  created_at: 'Created',
  amount: 'Amount',
  status: 'Status',
  direction: 'Direction',
  user_uid: 'User',
  identifier: 'Payment id'
}

type TrackOutcome = TrackResultView['results'][number]['outcome']

export const TRACK_OUTCOME_LABELS: Readonly<Record<TrackOutcome, string>> = {
  tracked: 'Added',
  updated: 'Updated',
  not_found: 'Not found at Pi',
  invalid: 'Not a payment id',
  failed: 'Failed'
}

export const TRACK_OUTCOME_TONES: Readonly<Record<TrackOutcome, BadgeTone>> = {
  tracked: 'success',
  updated: 'info',
  not_found: 'warning',
  invalid: 'warning',
  failed: 'danger'
}
