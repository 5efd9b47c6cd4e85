// The Electron adapter: the only code under src/main, besides src/main/index.ts, that imports
// electron. The shell (src/main/index.ts) wires these to the one service container.
export { startAutoUpdates, wantsUpdates, UPDATE_CHECK_INTERVAL_MS, type UpdateConditions } from './auto-update'
export { bindRouterToIpc, forwardEvents } from './ipc-adapter'
export { openInBrowser } from './open-in-browser'
export { chooseSaveLocationWithDialog } from './save-dialog'
export { askWhenTeamUnavailable } from './team-dialog'
export { createMainWindow, SECURE_WEB_PREFERENCES } from './window'
export { isSafeExternalUrl, openExternalSafely } from './external-links'
export { isOwnRendererUrl, isTrustedSender, type SenderFacts, type TrustedRenderer } from './trusted-sender'
