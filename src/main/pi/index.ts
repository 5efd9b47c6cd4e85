// The Pi Platform API client: typed calls, typed errors, retries for reads only.
export {
  createPiPlatformClient,
  DEFAULT_PI_TIMEOUT_MS,
  type PiPlatformClient,
  type PiPlatformClientOptions,
  type NewAppToUserPayment
} from './client'
export { describeIssues, type PiUser } from './answers'
export { PiApiError, isPiApiError, isOutcomeUnknown, type PiApiErrorInit } from './errors'
export { PI_TRANSPORT_ERROR_CODES, piErrorSentence, isKnownPiErrorCode } from './error-messages'
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  backoffDelayMs,
  type RetryPolicy,
  type Sleep,
  type Random
} from '../http'
