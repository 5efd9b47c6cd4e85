// The SQLite store: open it here, read its rows through the types in schema.ts.
export { openDatabase, type MerchantDb, type OpenDatabaseOptions } from './open'
export { DATABASE_ERROR_CODES, type DatabaseErrorCode } from './database-errors'
export { SCHEMA_VERSION } from './migrations'
export * from './schema'
export { getSetting, putSetting, SettingsRepository } from './settings-repository'
export { clearNetworkLedger } from './network-reset'
export { fromEpochMs, fromFlag, toEpochMs, toFlag } from './values'
