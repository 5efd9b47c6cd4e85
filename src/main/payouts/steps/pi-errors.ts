// Telling Pi's answers apart for the journal: a refusal that will not change (missing_scope) ends
// the step; a transport failure or 5xx is passing trouble, and a write that may have landed is
// read back before anything else is done.
import { isPiApiError, type PiApiError } from '../../pi'

export function isPassingPiTrouble(error: PiApiError): boolean {
  return error.outcomeUnknown || error.retryable || error.httpStatus === null || error.httpStatus >= 500 || error.httpStatus === 429
}

/** A Pi error that is passing trouble, from anything thrown. */
export function passingPiTrouble(error: unknown): PiApiError | null {
  return isPiApiError(error) && isPassingPiTrouble(error) ? error : null
}
