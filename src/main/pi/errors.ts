// Invariant: a PiApiError carries only what is safe to show, log and serialize. It is always built
// from scratch, never wrapping (or keeping as `cause`) an axios error, whose config holds the
// `Authorization: Key ...` header; and every text that came from the server passes through the
// client's redactor before it gets here.
import { UserFacingError } from '../../shared/errors'
import type { Payment } from '../../shared/payments'
import { piErrorSentence } from './error-messages'

export interface PiApiErrorInit {
  /** Pi's `error` code, or one of PI_TRANSPORT_ERROR_CODES. */
  readonly code: string
  readonly httpStatus: number | null
  /** Pi's `error_message` (redacted, shortened), for logs and support; the sentence is for people. */
  readonly piMessage?: string | null
  /** `verification_error` of verification_failed. */
  readonly verificationError?: string | null
  /** The payment Pi attached (ongoing_payment_found, already_completed, ...) or answered with. */
  readonly payment?: Payment | null
  /** A write may or may not have taken effect: read state before doing anything else. */
  readonly outcomeUnknown?: boolean
  /** Worth trying again as is (only ever acted on for reads). */
  readonly retryable?: boolean
  readonly retryAfterMs?: number | null
  /** What exactly was wrong, for malformed answers: names the field. */
  readonly detail?: string
}

export class PiApiError extends UserFacingError {
  readonly httpStatus: number | null
  readonly piMessage: string | null
  readonly verificationError: string | null
  readonly payment: Payment | null
  readonly outcomeUnknown: boolean
  readonly retryable: boolean
  readonly retryAfterMs: number | null

  constructor(init: PiApiErrorInit) {
    const piMessage = init.piMessage ?? null
    const verificationError = init.verificationError ?? null
    const sentence = piErrorSentence(
      init.code,
      { httpStatus: init.httpStatus, piMessage, verificationError },
      init.detail
    )
    super(init.code, sentence, {
      httpStatus: init.httpStatus,
      verificationError,
      outcomeUnknown: init.outcomeUnknown ?? false
    })
    this.httpStatus = init.httpStatus
    this.piMessage = piMessage
    this.verificationError = verificationError
    this.payment = init.payment ?? null
    this.outcomeUnknown = init.outcomeUnknown ?? false
    this.retryable = init.retryable ?? false
    this.retryAfterMs = init.retryAfterMs ?? null
  }

  /** What loggers and IPC see: plain JSON (a Payment holds bigints, which JSON cannot). */
  toJSON(): Record<string, unknown> {
    return {
      name: 'PiApiError',
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      piMessage: this.piMessage,
      verificationError: this.verificationError,
      paymentIdentifier: this.payment?.identifier ?? null,
      outcomeUnknown: this.outcomeUnknown,
      retryAfterMs: this.retryAfterMs
    }
  }
}

export function isPiApiError(error: unknown): error is PiApiError {
  return error instanceof PiApiError
}

/**
 * True when a POST may have taken effect although it did not answer (timeout, dropped connection,
 * 5xx). The payout journal and the queue then read the payment back instead of retrying.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof PiApiError && error.outcomeUnknown
}
