// A Horizon failure as the app reports it: a stable code, a sentence, the HTTP status, and whether
// a read is worth retrying. Built from scratch, never wrapping an axios or SDK error.
import { UserFacingError } from '../../shared/errors'
import { horizonErrorSentence, type HorizonErrorCode } from './error-messages'

export interface HorizonErrorInit {
  readonly code: HorizonErrorCode
  readonly httpStatus: number | null
  readonly problem?: string | null
  readonly retryable?: boolean
  readonly retryAfterMs?: number | null
  /** Replaces the table's sentence (wrong_network names both networks). */
  readonly message?: string
  /** Names the field of a malformed answer. */
  readonly detail?: string
}

export class HorizonError extends UserFacingError {
  readonly httpStatus: number | null
  readonly problem: string | null
  readonly retryable: boolean
  readonly retryAfterMs: number | null

  constructor(init: HorizonErrorInit) {
    const problem = init.problem ?? null
    super(
      init.code,
      init.message ?? horizonErrorSentence(init.code, { httpStatus: init.httpStatus, problem }, init.detail),
      { httpStatus: init.httpStatus }
    )
    this.httpStatus = init.httpStatus
    this.problem = problem
    this.retryable = init.retryable ?? false
    this.retryAfterMs = init.retryAfterMs ?? null
  }

  toJSON(): Record<string, unknown> {
    return {
      name: 'HorizonError',
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      problem: this.problem,
      retryAfterMs: this.retryAfterMs
    }
  }
}

export function isHorizonError(error: unknown): error is HorizonError {
  return error instanceof HorizonError
}

export function malformedHorizonAnswer(detail: string, httpStatus: number | null = 200): HorizonError {
  return new HorizonError({ code: 'horizon_malformed_answer', httpStatus, detail })
}
