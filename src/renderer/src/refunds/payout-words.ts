// The merchant's words and tones for refunds and payouts, and the one amount comparison the forms
// rely on. The state labels themselves come from main (PayoutView.stateLabel), so the CLI, the
// page and the drawer never disagree about what a state is called.
import type { PayoutKind, PayoutState, PayoutView } from '../../../shared/contract'
import { parseUserAmount, type Stroops } from '../../../shared/money'
import type { BadgeTone } from '../ui'

export const PAYOUT_KIND_LABELS: Readonly<Record<PayoutKind, string>> = {
  refund: 'Refund',
  payout: 'Payout'
}

/** Settled is green, on its way is blue, waiting for the merchant is amber, stopped is red. */
export const PAYOUT_STATE_TONES: Readonly<Record<PayoutState, BadgeTone>> = {
  recorded: 'neutral',
  created: 'info',
  signed: 'info',
  submitted: 'info',
  confirmed: 'info',
  completed: 'success',
  blocked: 'warning',
  failed: 'danger'
}

/** "Refund of <sale>" or "Payout to <uid>": what the row is about. */
export function payoutSubject(payout: Pick<PayoutView, 'kind' | 'refundOf' | 'uid'>): string {
  return payout.kind === 'refund' && payout.refundOf !== null ? `Refund of ${payout.refundOf}` : `Payout to ${payout.uid}`
}

export function isFinished(payout: Pick<PayoutView, 'state'>): boolean {
  return payout.state === 'completed' || payout.state === 'failed'
}

/** The exact amount a person typed, or null when it is not one (main says why, in the quote). */
export function typedStroops(text: string): Stroops | null {
  if (text.trim() === '') return null
  try {
    return parseUserAmount(text)
  } catch {
    return null
  }
}

/**
 * The retyped amount confirms the first only when both are the same positive amount to the stroop
 * ("4.5" and "4.5000000" agree; "4.5" and "4.05" never do). Main checks it again.
 */
export function amountsMatch(amount: string, retyped: string): boolean {
  const first = typedStroops(amount)
  const second = typedStroops(retyped)
  return first !== null && second !== null && first > 0n && first === second
}

/** True for an amount string with anything above zero in it ("0.0000000" is nothing left). */
export function isPositiveAmount(amount: string | null): boolean {
  if (amount === null) return false
  const stroops = typedStroops(amount)
  return stroops !== null && stroops > 0n
}
