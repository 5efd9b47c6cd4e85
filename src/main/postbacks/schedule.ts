// When a postback is tried again: 30 s after the first failure, doubling, never more than an hour
// apart, for three days from when it was written; a last try at the end of the three days, then
// it is given up (and stays listed, redeliverable).

export const FIRST_RETRY_MS = 30_000
export const LONGEST_WAIT_MS = 60 * 60_000
/** How long a postback is retried (from creation, or from a redelivery). */
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60_000

/** The wait after the `attempt`-th attempt failed (1-based). */
export function retryDelayMs(attempt: number): number {
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError('attempt counts from 1')
  // 2^17 * 30 s is far past an hour: no need to compute larger powers.
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(attempt - 1, 17), LONGEST_WAIT_MS)
}

export type NextStep = { readonly state: 'pending'; readonly at: number } | { readonly state: 'gave_up' }

/** After a failed attempt at `failedAt`: the next try (never past give-up time), or give up. */
export function afterFailure(attempt: number, failedAt: number, giveUpAt: number): NextStep {
  if (failedAt >= giveUpAt) return { state: 'gave_up' }
  return { state: 'pending', at: Math.min(failedAt + retryDelayMs(attempt), giveUpAt) }
}
