// The SQLite store: open it here, read its rows through the types in schema.ts.
export { openDatabase, type MerchantDb, type OpenDatabaseOptions } from './open'
export { withTransaction } from './transaction'
export type { LedgerEngine } from './sqlite/driver'
export { DATABASE_ERROR_CODES, type DatabaseErrorCode } from './database-errors'
export { SCHEMA_VERSION } from './migrations'
export * from './schema'
export { getSetting, putSetting, SettingsRepository } from './settings-repository'
export { fromEpochMs, fromFlag, toEpochMs, toFlag } from './values'
// Dialect-specific SQL (sql/<concern>.ts), for the repositories that need it.
export { tablesWithColumn } from './sql/catalog'
export { deferForeignKeys } from './sql/foreign-keys'
export { highestSeqWritten } from './sql/sequences'
