// One write to the Pi Platform (approve, complete, cancel), retried without double effects. Pi has
// no idempotency keys, so a POST that did not answer (timeout, dropped connection, 5xx) may or may
// not have been applied: the payment is read back first, and the POST is only sent again when Pi's
// record shows it did not take effect. Sending again is then harmless by Pi's own rules: approving
// twice changes nothing, and a second complete or cancel answers already_completed or
// cancelled_payment, which the caller maps to "done".
import { PiApiError } from '../pi'
import type { Payment } from '../../shared/payments'

export type PiWriteOutcome =
  /** Pi answered 200 with the payment. */
  | { readonly kind: 'answered'; readonly payment: Payment }
  /** The POST did not answer, but reading the payment back shows it took effect. */
  | { readonly kind: 'landed'; readonly payment: Payment }
  /** Pi's definite refusal (a 4xx with its error code). */
  | { readonly kind: 'refused'; readonly error: PiApiError }
  /** Still no answer after every attempt; `seen` is Pi's record as last read back, if any. */
  | { readonly kind: 'unknown'; readonly error: PiApiError; readonly seen: Payment | null }

export interface PiWriteOptions {
  readonly write: () => Promise<Payment>
  readonly readBack: () => Promise<Payment>
  /** Whether Pi's record shows the write took effect. */
  readonly tookEffect: (payment: Payment) => boolean
  readonly sleep: (ms: number) => Promise<void>
  readonly attempts?: number
}

export const PI_WRITE_ATTEMPTS = 3
const BASE_DELAY_MS = 500
/** A staff member is waiting: a server asking for a longer pause gets this much, then an answer. */
const MAX_DELAY_MS = 5_000

export async function writeToPi(options: PiWriteOptions): Promise<PiWriteOutcome> {
  const attempts = options.attempts ?? PI_WRITE_ATTEMPTS
  let lastError: PiApiError | null = null
  let seen: Payment | null = null
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return { kind: 'answered', payment: await options.write() }
    } catch (error) {
      if (!(error instanceof PiApiError)) throw error
      if (!error.outcomeUnknown && !error.retryable) return { kind: 'refused', error }
      lastError = error
      if (error.outcomeUnknown) {
        const readBack = await readBackQuietly(options.readBack)
        if (readBack !== null) {
          seen = readBack
          if (options.tookEffect(readBack)) return { kind: 'landed', payment: readBack }
        }
      }
      if (attempt < attempts) await options.sleep(Math.min(error.retryAfterMs ?? BASE_DELAY_MS * attempt, MAX_DELAY_MS))
    }
  }
  return { kind: 'unknown', error: lastError as PiApiError, seen }
}

/** A read that fails is no answer either way: the next attempt decides. */
async function readBackQuietly(read: () => Promise<Payment>): Promise<Payment | null> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof PiApiError) return null
    throw error
  }
}
