// Errors a person can act on: a stable code for programs and a sentence in the merchant's words.
// Services throw these; the router turns them into `{ ok: false, error }` envelopes, and the CLI
// prints the message on one line.

export const TRANSPORT_ERROR_CODES = [
  'unknown_channel',
  'invalid_input',
  'input_too_large',
  'forbidden_sender',
  'internal_error'
] as const

export class UserFacingError extends Error {
  override readonly name = 'UserFacingError'
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>
  ) {
    super(message)
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError
}
