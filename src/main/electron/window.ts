// Invariant: the window is a locked-down document viewer for our renderer. Sandbox and context
// isolation on, no Node in the page, no navigation away, no new windows; links to the web go out
// through the one http(s) helper. The Content-Security-Policy sits in the renderer's index.html.
import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import { openInBrowser } from './open-in-browser'
import { isOwnRendererUrl } from './trusted-sender'

export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false
} as const

export function createMainWindow(preloadDir: string, rendererUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Merchant Desk',
    backgroundColor: '#f7f7f5',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(preloadDir, 'index.cjs') }
  })

  window.once('ready-to-show', () => window.show())

  window.webContents.on('will-navigate', (event, url) => {
    if (!isOwnRendererUrl(url, rendererUrl)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    void openInBrowser(url)
    return { action: 'deny' }
  })

  void window.loadURL(rendererUrl)
  return window
}
