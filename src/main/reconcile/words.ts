// How a discrepancy reads for a person: its evidence rows in plain words and the sentence that
// says what to do. One place, so the page, the CLI and the export all say the same thing.
import { formatPi } from '../../shared/money'
import { derivePaymentStatus, type PaymentDirection, type PiStatusFlags } from '../../shared/payments'
import type { EvidenceRow } from './types'

export function pi(amount: bigint): string {
  return `${formatPi(amount)} Pi`
}

/** Signed, for figures that can go either way ("+1.0000000 Pi", "-0.0100000 Pi"). */
export function signedPi(amount: bigint): string {
  return `${amount > 0n ? '+' : ''}${formatPi(amount)} Pi`
}

export function row(what: string, expected: string | null, found: string | null): EvidenceRow {
  return { what, expected, found }
}

/** Pi's status, as the ledger shows it ("completed", "user cancelled"). */
export function statusWords(status: PiStatusFlags, transaction: { readonly verified: boolean } | null): string {
  const { status: display } = derivePaymentStatus({
    status,
    transaction: transaction === null ? null : { txid: '', verified: transaction.verified },
    direction: 'user_to_app',
    amount: 0n,
    createdAt: new Date(0),
    now: new Date(0),
    chain: { outcome: 'unchecked' }
  })
  return display.replaceAll('_', ' ')
}

/** The five flags as Pi names them, only those set ("developer_approved, transaction_verified"). */
export function flagWords(status: PiStatusFlags): string {
  const set = [
    status.developerApproved ? 'developer_approved' : null,
    status.transactionVerified ? 'transaction_verified' : null,
    status.developerCompleted ? 'developer_completed' : null,
    status.cancelled ? 'cancelled' : null,
    status.userCancelled ? 'user_cancelled' : null
  ].filter((flag): flag is string => flag !== null)
  return set.length === 0 ? 'none set' : set.join(', ')
}

export function hours(ms: number): string {
  const whole = Math.floor(ms / 3_600_000)
  if (whole >= 48) return `${Math.floor(whole / 24)} days`
  return whole === 1 ? '1 hour' : `${whole} hours`
}

/** "sale" for money in, "refund" / "payout" for money out. */
export function paymentNoun(direction: PaymentDirection, isRefund: boolean): string {
  if (direction === 'user_to_app') return 'sale'
  return isRefund ? 'refund' : 'payout'
}
