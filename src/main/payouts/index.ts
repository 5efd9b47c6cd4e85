// Refunds and payouts: A2U payments from the app wallet that can never pay twice (invariant 4).
// The state machine is runner.ts; its steps are in ./steps; the journal table is journal.ts.
export { PayoutService, approvalRequested, type PayoutConnection, type PayoutQueueView, type PayoutServiceOptions } from './service'
export { PayoutJournal } from './journal'
export { payoutHandlers, type PayoutChannels, type PayoutHandlerDeps } from './handlers'
export { PAYOUT_FAILPOINTS, DIRECT_REFUND_FAILPOINTS, DEFAULT_PAYOUT_TIMINGS, type PayoutFailpoint, type PayoutSigner, type PayoutTimings } from './ports'
export { toPayoutView, toPayoutListView, PAYOUT_STATE_LABELS } from './views'
export { acquireWalletLock, WALLET_LEASE_MS } from './wallet-lock'
export type { PayoutRecord, PayoutRoute, PayoutState } from './types'
export type { DirectRefundInput } from './direct-refund'
export { toRequestViews } from './request-views'
