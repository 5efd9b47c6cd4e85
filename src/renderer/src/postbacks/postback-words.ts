// How postbacks read on screen: the tone and words of each state, and each attempt in one short
// phrase ("500", "no answer: timed out").
import type { PostbackAttemptView, PostbackState } from '../../../shared/contract'
import type { BadgeTone } from '../ui'

export const POSTBACK_STATE_LABELS: Readonly<Record<PostbackState, string>> = {
  pending: 'Waiting to be delivered',
  delivered: 'Delivered',
  gave_up: 'Gave up after three days'
}

export const POSTBACK_STATE_TONES: Readonly<Record<PostbackState, BadgeTone>> = {
  pending: 'warning',
  delivered: 'success',
  gave_up: 'danger'
}

/** What one attempt got: the shop's HTTP status, or why there was none. */
export function attemptOutcome(attempt: Pick<PostbackAttemptView, 'httpStatus' | 'error'>): string {
  if (attempt.httpStatus !== null) return attempt.httpStatus >= 200 && attempt.httpStatus < 300 ? `${attempt.httpStatus} OK` : `${attempt.httpStatus}`
  return attempt.error === null ? 'no answer' : `no answer: ${attempt.error}`
}

/** Only a delivered or given-up postback can be sent again; a pending one is still being tried. */
export function canRedeliver(state: PostbackState): boolean {
  return state !== 'pending'
}
