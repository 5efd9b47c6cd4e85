// The reconciliation in the merchant's words: what each step of a run is doing, and how loud each
// discrepancy type is (danger: money went or may go the wrong way; warning: records disagree).
import type { DiscrepancyType } from '../../../shared/contract'
import type { BadgeTone } from '../ui'

export const PHASE_LABELS: Readonly<Record<string, string>> = {
  syncing: 'Syncing the ledger with the chain and Pi…',
  checking_payments: 'Checking each payment against Pi and the chain…',
  checking_transfers: 'Checking every transfer into the app wallet…',
  checking_refunds: 'Checking refunds against their sales…',
  checking_wallet: "Checking the app wallet's balance…",
  saving: 'Saving the report…',
  done: 'Done'
}

export const TYPE_TONES: Readonly<Record<DiscrepancyType, BadgeTone>> = {
  direct_transfer: 'warning',
  completed_without_transaction: 'danger',
  amount_mismatch: 'danger',
  destination_mismatch: 'danger',
  memo_mismatch: 'warning',
  network_mismatch: 'danger',
  transaction_unverified: 'warning',
  cancelled_with_transaction: 'danger',
  incomplete_too_long: 'warning',
  over_refunded: 'danger',
  paid_more_than_once: 'danger',
  stale_ledger_row: 'info',
  wallet_balance_mismatch: 'danger'
}

export const SUBJECT_LABELS = { payment: 'Payment', transaction: 'Transaction', wallet: 'App wallet' } as const
