// The SQLite store: open it here, read its rows through the types in schema.ts.
export { openDatabase, type MerchantDb, type OpenDatabaseOptions } from './open'
export { withTransaction } from './transaction'
export { containsText } from './sql/text'
export { insertionNumber } from './sql/row-order'
export type { LedgerEngine } from './transaction-guard'
export { DATABASE_ERROR_CODES, type DatabaseErrorCode } from './database-errors'
export { SCHEMA_VERSION } from './migrations'
export * from './schema'
export { getSetting, putSetting, SettingsRepository } from './settings-repository'
export { clearNetworkLedger } from './network-reset'
export * from './copy'
export { fromEpochMs, fromFlag, toEpochMs, toFlag } from './values'
// What differs by dialect, one file per concern (src/main/db/sql), for the repositories that need it.
export { tablesWithColumn } from './sql/catalog'
export { deferForeignKeys } from './sql/foreign-keys'
export { highestSeqWritten } from './sql/sequences'
export { indexedBy, notIndexed } from './sql/index-hints'
export { paymentsMatching, searchMatches } from './sql/search'
export { isPostgresLocation, parsePostgresLocation } from './postgres'
export { isPostgres, type SqlDialectSource } from './engine-kind'
export { jsonHoldsTextAt, jsonTextAt } from './sql/metadata-json'
export { jsonField, jsonMember, jsonMemberCount, jsonMemberPath, jsonObjectMembers, jsonType, valuesOfList } from './sql/json'
export { withReadTransaction } from './sql/read-transaction'
export {
  bookGroups,
  clearDashboardPieces,
  completedPerBucket,
  oldestQueued,
  prepareDashboardPieces,
  putDashboardPieces,
  queuedPerBucket,
  statusGroups,
  walletFees,
  type BookGroup,
  type BucketSums,
  type DashboardPiece,
  type StatusGroup
} from './sql/dashboard-totals'
