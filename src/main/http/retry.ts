// Retries for idempotent reads only. Neither the Pi Platform API nor Horizon offers idempotency
// keys, so a write that may have reached the server is never repeated here: its caller reconciles
// by reading state. Shared by the Pi client and the Horizon client.

export interface RetryPolicy {
  /** Attempts in total, the first one included. 1 disables retries. */
  readonly maxAttempts: number
  /** Ceiling of the first backoff window; it doubles with each retry. */
  readonly baseDelayMs: number
  /** Largest backoff window. */
  readonly maxDelayMs: number
  /** A server asking for a longer Retry-After is waited for only this long before the next try. */
  readonly maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000
}

export type Sleep = (ms: number) => Promise<void>
/** A number in [0, 1), like Math.random. */
export type Random = () => number

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** What the retry loop needs to know about a failure. */
export interface RetryHint {
  readonly retryable: boolean
  /** From the server's Retry-After header, in ms, when it sent one. */
  readonly retryAfterMs: number | null
}

export interface RetryOptions {
  readonly policy: RetryPolicy
  readonly sleep: Sleep
  readonly random: Random
  /** How a thrown error should be treated; null means "not ours, give up". */
  readonly hintOf: (error: unknown) => RetryHint | null
}

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError('retry.maxAttempts must be a positive integer')
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) throw new RangeError(`retry.${key} must be >= 0`)
  }
  return policy
}

/**
 * "Full jitter" (a random wait anywhere in the window): clients that failed together do not
 * come back together. `retry` counts from 0 for the first retry.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: Random): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return Math.floor(random() * window)
}

/** The wait before the next attempt: the server's Retry-After when given (capped), else backoff. */
export function retryDelayMs(retry: number, hint: RetryHint, policy: RetryPolicy, random: Random): number {
  if (hint.retryAfterMs !== null) return Math.min(hint.retryAfterMs, policy.maxRetryAfterMs)
  return backoffDelayMs(retry, policy, random)
}

/**
 * Retry-After is either delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT").
 * Returns milliseconds from `nowMs` (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
  const text = Array.isArray(value) ? value[0] : value
  if (typeof text !== 'string') return null
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed)
    return Number.isSafeInteger(seconds) ? seconds * 1000 : null
  }
  // Only IMF-fixdate and its obsolete cousins carry letters; a bare number with a dot is neither.
  if (!/[A-Za-z]/.test(trimmed)) return null
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}

export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt()
    } catch (error) {
      const hint = options.hintOf(error)
      if (hint === null || !hint.retryable || tries >= options.policy.maxAttempts) throw error
      await options.sleep(retryDelayMs(tries - 1, hint, options.policy, options.random))
    }
  }
}
