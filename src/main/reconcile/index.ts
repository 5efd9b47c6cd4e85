// Three-way reconciliation: the local ledger against Pi's records and against the chain, for a
// period; typed discrepancies with their evidence and what to do, the wallet check, saved reports
// whose items are resolved one by one (audited). See the README's "Reconciliation" section.
export { runReconciliation, DEFAULT_RECONCILE_CONCURRENCY } from './run-reconciliation'
export { ReconciliationStore, type StoredRun, type RunRow, type ItemRow } from './reconciliation-store'
export { reconcileHandlers, type ReconcileChannels, type ReconcileHandlerDeps } from './handlers'
export { runView, itemView, reportView, REPORT_ITEMS_PER_TYPE } from './views'
export {
  DEFAULT_THRESHOLDS,
  RECONCILE_PHASES,
  type Discrepancy,
  type EvidenceRow,
  type ReconcileHorizon,
  type ReconcileOptions,
  type ReconcilePhase,
  type ReconcilePi,
  type ReconcileProgress,
  type ReconcileThresholds,
  type ReconciliationResult,
  type WalletCheck
} from './types'
