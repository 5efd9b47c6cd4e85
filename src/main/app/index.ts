// The service container: the one composition root the desktop app, the browser preview and the
// command line all open (compose.ts), the workspace of a network, and where the data lives.
export { createMainServices, type MainServices, type MainServicesOptions } from './compose'
export { chooseLedger, openChosenLedger, type ChooseLedgerOptions, type LedgerChoice, type LedgerSource } from './choose-ledger'
export { openWorkspace, type Workspace, type WorkspaceOptions } from './workspace'
export type { AttachedSandbox, NetworkSecrets, SandboxServers, SecretBackend } from './network-access'
export type { EmbeddedSandbox, EmbeddedSandboxOptions } from './embedded-sandbox'
export { ledgerAppWallet, type GivenWallet } from './ledger-wallet'
export { APP_NAME, DATABASE_FILE, defaultDataDir, defaultDatabasePath } from './paths'
