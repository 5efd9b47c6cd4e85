// A stand-in for the main process's `electron` module, used by test/electron/shell.test.ts to run
// the BUILT app in Node: it records what the app asks of Electron, and lets the test (the parent
// process, over Node's IPC channel) play the parts of the renderer and the OS. It exports only
// names the real module exports, so an import of anything else fails at link time, as it would
// be undefined in Electron. Node runs this file as is (type stripping): erasable TypeScript only.
/* eslint-disable no-restricted-syntax -- a stand-in for Electron's ipcMain is the point of this file */
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

type Handler = (event: unknown, input: unknown) => unknown
interface Frame {
  url: string
}

let nextContentsId = 1
const handlers = new Map<string, Handler>()
const handleCalls: string[] = []
const windows: BrowserWindow[] = []
const calls: string[] = []

class WebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly mainFrame: Frame = { url: '' }
  readonly sent: { channel: string; payload: unknown }[] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return false
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...windows]
  }

  readonly webContents = new WebContents()
  readonly options: Record<string, unknown>
  loadedUrl: string | null = null
  shown = false

  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    windows.push(this)
    app.emit('web-contents-created', {}, this.webContents)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    this.webContents.mainFrame.url = url
    setImmediate(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }
  show(): void {
    this.shown = true
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  focus(): void {}
}

class App extends EventEmitter {
  readonly isPackaged = false
  readonly #paths = new Map<string, string>()
  readonly #ready = new Promise<void>((resolve) => setImmediate(resolve))
  #quitting = false

  requestSingleInstanceLock(): boolean {
    calls.push('app.requestSingleInstanceLock')
    return true
  }
  setPath(name: string, path: string): void {
    this.#paths.set(name, path)
  }
  getPath(name: string): string {
    const path = this.#paths.get(name)
    // The real one would answer with the user's own folders: a test must never write there.
    if (path === undefined) throw new Error(`stand-in: the app asked for the '${name}' path, which the test did not set`)
    return path
  }
  getName(): string {
    return 'Merchant Desk'
  }
  /** Unpackaged, Electron answers with the version in the app's package.json. */
  getVersion(): string {
    return (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version
  }
  whenReady(): Promise<void> {
    return this.#ready
  }
  quit(): void {
    calls.push('app.quit')
    if (this.#quitting) return
    this.#quitting = true
    this.emit('before-quit', { preventDefault() {} })
    this.emit('will-quit', { preventDefault() {} })
    // Give will-quit's asynchronous work (closing the services) a moment, as Electron does not.
    setTimeout(() => process.exit(0), 500)
  }
}

export const app = new App()

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    handleCalls.push(channel)
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    handlers.delete(channel)
  }
}

export const shell = {
  openExternal(url: string): Promise<void> {
    calls.push(`shell.openExternal ${url}`)
    return Promise.resolve()
  }
}

export const dialog = {
  showSaveDialog(): Promise<{ canceled: boolean; filePath?: string }> {
    calls.push('dialog.showSaveDialog')
    return Promise.resolve({ canceled: true })
  }
}

/** Like a Linux desktop with no keyring: the app must fall back to its passphrase vault. */
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return false
  },
  getSelectedStorageBackend(): string {
    return 'basic_text'
  },
  encryptString(): Buffer {
    throw new Error('stand-in: no OS encryption')
  },
  decryptString(): string {
    throw new Error('stand-in: no OS encryption')
  }
}

// ---- The test's side: requests from the parent process, answered by id. ----

type Sender = 'own window' | 'foreign contents' | 'own window, subframe' | 'own window, navigated away'

interface Request {
  readonly id: number
  readonly op: 'facts' | 'invoke' | 'navigate' | 'open-window' | 'attach-webview' | 'quit'
  readonly channel?: string
  readonly input?: unknown
  readonly from?: Sender
  readonly url?: string
}

function facts() {
  return {
    calls: [...calls],
    handleCalls: [...handleCalls],
    appEvents: app.eventNames().map(String).sort(),
    windows: windows.map((window) => ({
      options: window.options,
      loadedUrl: window.loadedUrl,
      shown: window.shown,
      contentsId: window.webContents.id,
      hasWindowOpenHandler: window.webContents.windowOpenHandler !== null
    }))
  }
}

function senderEvent(from: Sender) {
  const own = windows[0]!.webContents
  switch (from) {
    case 'own window':
      return { sender: own, senderFrame: own.mainFrame }
    case 'own window, subframe':
      return { sender: own, senderFrame: { url: own.mainFrame.url } }
    case 'own window, navigated away':
      return { sender: own, senderFrame: { url: 'https://pi-merchant-login.example/' } }
    case 'foreign contents': {
      const frame = { url: own.mainFrame.url }
      return { sender: { id: 9999, mainFrame: frame }, senderFrame: frame }
    }
  }
}

function preventable() {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) }
  return event
}

async function answer(request: Request): Promise<unknown> {
  const contents = windows[0]?.webContents
  switch (request.op) {
    case 'facts':
      return facts()
    case 'invoke': {
      const handler = handlers.get(request.channel!)
      if (!handler) return { noHandler: request.channel }
      return handler(senderEvent(request.from!), request.input)
    }
    case 'navigate': {
      const event = preventable()
      contents!.emit('will-navigate', event, request.url)
      return { prevented: event.prevented }
    }
    case 'attach-webview': {
      const event = preventable()
      contents!.emit('will-attach-webview', event, {}, {})
      return { prevented: event.prevented }
    }
    case 'open-window': {
      const result = contents!.windowOpenHandler!({ url: request.url! })
      // openInBrowser runs asynchronously: let it reach shell.openExternal.
      await new Promise((resolve) => setTimeout(resolve, 50))
      return { action: result.action, calls: [...calls] }
    }
    case 'quit':
      for (const window of windows.splice(0)) window.emit('closed')
      app.emit('window-all-closed')
      return { calls: [...calls] }
  }
}

process.on('message', (request: Request) => {
  answer(request).then(
    (value) => process.send!({ id: request.id, value }),
    (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? error.stack : String(error) })
  )
})
