// The shared test pieces: the engine a file runs on, the handler map, the throwaway ledger and the
// sandbox world.
export { sqliteOnly, sqliteOnlyIt, testEngine, testPostgresUrl, type TestEngine } from './engine'
export { handlersFor } from './handlers'
export { ledgerSql, type LedgerSql } from './ledger-sql'
export { openScratchLedger, openTempLedger, tempDatabasePath, type TempLedger, type TempLedgerOptions } from './temp-ledger'
export {
  openSandboxWorld,
  sandboxPerFile,
  seedSigner,
  startTestSandbox,
  type BuyerChoices,
  type SandboxFile,
  type SandboxFileOptions,
  type SandboxWorld,
  type SandboxWorldOptions
} from './sandbox-world'
