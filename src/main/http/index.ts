// What the Pi client, the Horizon client and the sync share about talking to a server: which
// addresses may be spoken to (https, or http on this machine only), retries of idempotent reads,
// and a small pool that bounds the requests in flight.
export { isLoopbackUrl, parseServerUrl } from './loopback'
export {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  parseRetryAfter,
  realSleep,
  resolveRetryPolicy,
  retryDelayMs,
  withRetries,
  type Random,
  type RetryHint,
  type RetryOptions,
  type RetryPolicy,
  type Sleep
} from './retry'
export { runPool, type Settled } from './pool'
