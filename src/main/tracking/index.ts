// Payment ids handed over by the shop's backend: parsed from pasted text or a CSV export, then
// fetched from Pi, stored and checked on chain.
export { parseIdsFromText, type ParsedIds } from './parse-ids'
export { trackPayments, type TrackOutcome, type TrackPaymentsOptions, type TrackResult } from './track-payments'
export { trackingHandlers, type TrackingHandlerDeps } from './handlers'
