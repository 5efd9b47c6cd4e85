// The Electron composition root: the only file (with src/main/electron/) that knows it runs in
// Electron. It builds the same services the CLI and the browser preview use, binds them to IPC
// and opens the window.
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, safeStorage, type BrowserWindow } from 'electron'
import { chooseLedger, DATABASE_FILE, openChosenLedger, type MainServices } from './app'
import {
  askWhenTeamUnavailable,
  bindRouterToIpc,
  chooseSaveLocationWithDialog,
  createMainWindow,
  forwardEvents,
  openInBrowser,
  startAutoUpdates
} from './electron'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(here, '../renderer/index.html')).href

// Tests and power users may keep the data elsewhere; the CLI honours the same variable.
if (process.env.MERCHANT_DESK_DATA_DIR) app.setPath('userData', process.env.MERCHANT_DESK_DATA_DIR)

// Two instances would run two payout engines on one wallet: the second one hands over and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let window: BrowserWindow | null = null
  let services: MainServices | null = null

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (attachEvent) => attachEvent.preventDefault())
  })

  void app.whenReady().then(async () => {
    // MERCHANT_DESK_DB (a file or a team's postgres:// address) wins; else the team database saved
    // in Settings, its password unsealed by the keychain; else this desk's own file.
    const deskDatabasePath = join(app.getPath('userData'), DATABASE_FILE)
    const choice = await chooseLedger(deskDatabasePath, process.env, { os: safeStorage })
    const opened = await openChosenLedger(
      choice,
      {
        version: app.getVersion(),
        openExternal: openInBrowser,
        // Only after "ready": before it, safeStorage reports itself unavailable on Linux.
        os: safeStorage,
        syncOnStart: true,
        followLive: true,
        followOtherDesks: true,
        recoverPayoutsOnStart: true,
        deliverPostbacks: true,
        chooseSaveLocation: chooseSaveLocationWithDialog(() => window)
      },
      askWhenTeamUnavailable
    )
    if (opened === null) {
      app.quit()
      return
    }
    services = opened
    window = createMainWindow(join(here, '../preload'), rendererUrl)
    const current = () => window
    bindRouterToIpc(services.router, () => ({
      webContentsIds: new Set(current() ? [current()!.webContents.id] : []),
      rendererUrl
    }))
    forwardEvents(services.events, () => current()?.webContents ?? null)
    window.on('closed', () => {
      window = null
    })
    const running = services
    startAutoUpdates({
      isPackaged: app.isPackaged,
      network: () => running.settings.current().network,
      // A failed check (offline, GitHub down) must never bother the merchant: the next one retries.
      onError: (error) => console.warn(`Merchant Desk could not check for updates: ${String(error)}`)
    })
  })

  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => {
    void services?.close()
  })
}
