// The sync engine: the ledger rebuilt from the app wallet's chain history and Pi's records.
export {
  createSyncEngine,
  syncStatusView,
  DEFAULT_SYNC_CONCURRENCY,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncStatus
} from './engine'
export type { FollowOptions } from './live'
export { createTolerantPageReader, strictPageReader, SYNC_PAGE_LIMIT, type ChainPage, type PaymentsPageReader, type TolerantPageReaderOptions } from './chain-pager'
export { SYNC_PHASES, type ProgressListener, type SyncHorizon, type SyncPhase, type SyncPi, type SyncProgress } from './ports'
export { MAX_SKIPPED_LISTED, type SkippedItem, type SkippedKind, type SyncReport } from './report'
export { SyncError, isSyncError, SYNC_ERROR_CODES, type SyncErrorCode } from './errors'
export type { StoreStepName, SyncTestHooks } from './context'
export { SyncRuns, type SyncRunsOptions, type SyncTarget } from './sync-runs'
export { syncHandlers } from './handlers'
export { isUnreadableAnswer, onceMoreIfUnreadable } from './unreadable'
export { lookUpPayment, type LookupAnswer } from './pi-lookup'
export { ReportBuilder } from './report'
export { verifyPayments } from './verify-step'
