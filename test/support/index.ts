// The shared test pieces: the handler map, the throwaway ledger and the sandbox world.
export { handlersFor } from './handlers'
export { openTempLedger, type TempLedger, type TempLedgerOptions } from './temp-ledger'
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
