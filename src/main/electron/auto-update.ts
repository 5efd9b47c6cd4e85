// Invariant: an installed Merchant Desk updates itself only from the project's GitHub releases
// (electron-builder.yml `publish`, baked into the package's app-update.yml), through
// electron-updater, which checks every download's sha512 (and on Windows and macOS its code
// signature) before installing it when the app quits. Never in an app run from a checkout
// (npm start, npm run dev), never on the sandbox network (a simulation on loopback: exploring it
// talks to nothing outside), and never in the browser preview, which does not run this process.
import type { NetworkId } from '../../shared/network'

export interface UpdateConditions {
  readonly isPackaged: boolean
  readonly network: NetworkId
}

export function wantsUpdates(conditions: UpdateConditions): boolean {
  return conditions.isPackaged && conditions.network !== 'sandbox'
}

/** How often a running app looks again: merchants leave the desk open for days. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000

/**
 * Checks now and then every few hours, each time against the network chosen at that moment, so a
 * merchant who leaves the sandbox for Pi's networks gets updates without a restart.
 */
export function startAutoUpdates(options: {
  readonly isPackaged: boolean
  readonly network: () => NetworkId
  readonly onError: (error: unknown) => void
}): () => void {
  if (!options.isPackaged) return () => undefined
  const check = () => {
    if (!wantsUpdates({ isPackaged: options.isPackaged, network: options.network() })) return
    // Loaded only here: an app run from a checkout never loads the updater at all.
    import('electron-updater')
      .then(({ default: updater }) => {
        const { autoUpdater } = updater
        autoUpdater.autoDownload = true
        autoUpdater.autoInstallOnAppQuit = true
        if (autoUpdater.listenerCount('error') === 0) autoUpdater.on('error', options.onError)
        return autoUpdater.checkForUpdates()
      })
      .catch(options.onError)
  }
  check()
  const timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
