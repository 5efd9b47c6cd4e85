// The error answers of Pi's Platform API: `{"error": code, "error_message": text, ...extra}` with
// the HTTP status Pi uses. Domain code throws PlatformError; the HTTP layer only serializes it.
// Statuses follow pi-platform.md §1; where Pi's choice is unknown the simulator answers 400.

export type PlatformErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'payment_not_found'
  | 'invalid_amount'
  | 'invalid_arguments'
  | 'invalid_metadata'
  | 'unknown_error'
  | 'missing_scope'
  | 'user_not_found'
  | 'missing_wallet'
  | 'ongoing_payment_found'
  | 'too_many_payments'
  | 'already_completed'
  | 'cancelled_payment'
  | 'missing_txid'
  | 'txid_mismatch'
  | 'not_verified'
  | 'verification_failed'
  | 'payment_tx_present'
  | 'forbidden'

/** Why Pi refused a transaction on `complete` (the `verification_error` field). */
export type VerificationErrorCode =
  | 'tx_not_found'
  | 'tx_failed'
  | 'tx_memo_payment_identifier_mismatch'
  | 'payment_already_linked_with_a_tx'
  | 'tx_destination_mismatch'
  | 'tx_amount_mismatch'
  | 'tx_sender_mismatch'

export class PlatformError extends Error {
  override readonly name = 'PlatformError'
  constructor(
    readonly status: number,
    readonly code: PlatformErrorCode,
    message: string,
    /** Extra top-level fields of the answer (`payment`, `verification_error`, ...). */
    readonly extra: Readonly<Record<string, unknown>> = {}
  ) {
    super(message)
  }

  toBody(): Record<string, unknown> {
    return { error: this.code, error_message: this.message, ...this.extra }
  }
}

export const platformErrors = {
  unauthorized: (message = 'Unauthorized: a valid API key is required.') =>
    new PlatformError(401, 'unauthorized', message),
  invalidToken: () =>
    new PlatformError(401, 'unauthorized', 'Unauthorized: the access token is invalid or has expired.'),
  routeNotFound: (method: string, path: string) =>
    new PlatformError(404, 'not_found', `No route for ${method} ${path}.`),
  paymentNotFound: () => new PlatformError(404, 'payment_not_found', 'Payment not found.'),
  invalidArguments: (message: string) => new PlatformError(400, 'invalid_arguments', message),
  invalidAmount: () =>
    new PlatformError(400, 'invalid_amount', 'Amount must be a positive number with at most 7 decimals.'),
  invalidMetadata: () => new PlatformError(400, 'invalid_metadata', "Metadata can't be empty."),
  missingScope: () =>
    new PlatformError(
      401,
      'missing_scope',
      'User hasn\'t authorized "wallet_address" scope for you to access the public key.'
    ),
  userNotFound: () => new PlatformError(404, 'user_not_found', 'User not found.'),
  missingWallet: () =>
    new PlatformError(400, 'missing_wallet', 'The user has no wallet on this network.'),
  ongoingPayment: (payment: unknown) =>
    new PlatformError(400, 'ongoing_payment_found', 'There is an ongoing payment for this user.', { payment }),
  tooManyPayments: (limit: number) =>
    new PlatformError(
      400,
      'too_many_payments',
      `The app already has ${limit} incomplete app-to-user payments: complete or cancel them first.`
    ),
  alreadyCompleted: (payment: unknown, extra: Record<string, unknown> = {}) =>
    new PlatformError(400, 'already_completed', 'Payment has already been completed.', { payment, ...extra }),
  cancelledPayment: (payment: unknown, message = 'Payment has been cancelled.') =>
    new PlatformError(400, 'cancelled_payment', message, { payment }),
  missingTxid: () => new PlatformError(400, 'missing_txid', 'A txid is required to complete a payment.'),
  txidMismatch: () =>
    new PlatformError(400, 'txid_mismatch', 'The txid does not match the transaction linked to this payment.'),
  notVerified: (message: string) => new PlatformError(400, 'not_verified', message),
  verificationFailed: (verificationError: VerificationErrorCode, detail: string) =>
    new PlatformError(400, 'verification_failed', `Transaction verification failed: ${detail}`, {
      verification_error: verificationError
    }),
  paymentTxPresent: () =>
    new PlatformError(
      400,
      'payment_tx_present',
      'A blockchain transaction is linked to this payment: it cannot be cancelled.'
    ),
  forbidden: (payment: unknown, message: string) => new PlatformError(403, 'forbidden', message, { payment })
} as const
