// The desktop shell, tested where no Electron binary exists: the BUILT bundles (electron-vite
// build, as packaged) run in Node. The main bundle runs in a child process whose `electron` is a
// stand-in (stand-in/electron.ts) that records what the app asks for and plays the renderer's
// part on request; the preload runs in an empty V8 context whose only module is `electron`, as in
// a sandboxed renderer. The Electron smoke test (smoke.test.ts) checks the same in real Electron.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createContext, runInContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../src/shared/contract'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const register = pathToFileURL(join(root, 'test/electron/stand-in/register.ts')).href

type Sender = 'own window' | 'foreign contents' | 'own window, subframe' | 'own window, navigated away'
interface WindowFacts {
  options: { show?: boolean; webPreferences?: Record<string, unknown> }
  loadedUrl: string | null
  shown: boolean
  contentsId: number
  hasWindowOpenHandler: boolean
}
interface Facts {
  calls: string[]
  handleCalls: string[]
  appEvents: string[]
  windows: WindowFacts[]
}

/** The app in a child process, and a way to ask its stand-in `electron` things. */
class ShellUnderTest {
  readonly output: string[] = []
  readonly #child: ChildProcess
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  #nextId = 1

  constructor(dataDir: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, MERCHANT_DESK_DATA_DIR: dataDir }
    delete env.ELECTRON_RENDERER_URL
    this.#child = spawn(process.execPath, ['--import', register, 'out/main/index.js'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced'
    })
    this.#child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()))
    this.#child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()))
    this.#child.on('message', (message: { id: number; value?: unknown; error?: string }) => {
      const pending = this.#pending.get(message.id)
      this.#pending.delete(message.id)
      if (message.error !== undefined) pending?.reject(new Error(message.error))
      else pending?.resolve(message.value)
    })
    this.#child.on('exit', (code) => {
      for (const pending of this.#pending.values()) {
        pending.reject(new Error(`the app exited (${code}) before answering:\n${this.output.join('')}`))
      }
      this.#pending.clear()
    })
  }

  get exited(): Promise<number | null> {
    if (this.#child.exitCode !== null) return Promise.resolve(this.#child.exitCode)
    return new Promise((done) => this.#child.once('exit', done))
  }

  ask<T>(request: Record<string, unknown>): Promise<T> {
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.#child.send({ id, ...request })
    })
  }

  facts(): Promise<Facts> {
    return this.ask<Facts>({ op: 'facts' })
  }

  invoke(channel: string, input: unknown, from: Sender): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
    return this.ask({ op: 'invoke', channel, input, from })
  }

  /** Until the window has loaded and the channels are bound (the services start first). */
  async started(timeoutMs: number): Promise<Facts> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const facts = await this.facts()
      if (facts.windows[0]?.shown && facts.handleCalls.length > 0) return facts
      if (Date.now() > deadline) throw new Error(`the app did not open its window:\n${this.output.join('')}`)
      await new Promise((done) => setTimeout(done, 200))
    }
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill()
  }
}

let dataDir: string
let shell: ShellUnderTest
let started: Facts

beforeAll(async () => {
  // Once per file: the same build `npm run build` makes and electron-builder packages.
  const electronVite = join(dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin/electron-vite.js')
  execFileSync(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' })
  dataDir = mkdtempSync(join(tmpdir(), 'md-shell-'))
  shell = new ShellUnderTest(dataDir)
  started = await shell.started(90_000)
}, 180_000)

afterAll(async () => {
  shell?.kill()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the built main process (in Node, with a stand-in for electron)', () => {
  it('takes the single-instance lock, then opens one window, hidden until ready to show', () => {
    expect(started.calls[0]).toBe('app.requestSingleInstanceLock')
    expect(started.windows).toHaveLength(1)
    expect(started.windows[0]!.options.show).toBe(false)
    expect(started.windows[0]!.shown).toBe(true)
  })

  it('gives the window the hardened web preferences and the built, sandbox-ready preload', () => {
    const { webPreferences } = started.windows[0]!.options
    expect(webPreferences).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: join(root, 'out/preload/index.cjs')
    })
    expect(existsSync(webPreferences!.preload as string)).toBe(true)
  })

  it('loads the built renderer, whose scripts and styles were built beside it', () => {
    const loaded = started.windows[0]!.loadedUrl!
    expect(loaded).toBe(pathToFileURL(join(root, 'out/renderer/index.html')).href)
    const html = readFileSync(fileURLToPath(loaded), 'utf8')
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => match[1]!)
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true)
    for (const asset of assets) expect(existsSync(join(root, 'out/renderer', asset)), asset).toBe(true)
  })

  it('registers exactly one ipcMain.handle per contract channel', () => {
    expect([...started.handleCalls].sort()).toEqual([...CHANNEL_NAMES].sort())
  })

  it('answers its own window, on the sandbox network of a fresh install', async () => {
    const answer = await shell.invoke('app:info', undefined, 'own window')
    expect(answer).toMatchObject({ ok: true, value: { network: 'sandbox', sandbox: true } })
  })

  it.each<Sender>(['foreign contents', 'own window, subframe', 'own window, navigated away'])(
    'refuses a call from %s',
    async (from) => {
      const answer = await shell.invoke('app:info', undefined, from)
      expect(answer).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', message: 'This request did not come from the Merchant Desk window.' }
      })
    }
  )

  it('keeps the window on its own page: navigation away, new windows and webviews are refused', async () => {
    expect(await shell.ask({ op: 'navigate', url: 'https://pi-merchant-login.example/' })).toEqual({ prevented: true })
    expect(await shell.ask({ op: 'navigate', url: `${started.windows[0]!.loadedUrl}#/ledger` })).toEqual({ prevented: false })
    expect(await shell.ask({ op: 'attach-webview' })).toEqual({ prevented: true })
    const opened = await shell.ask<{ action: string; calls: string[] }>({ op: 'open-window', url: 'https://minepi.com/' })
    expect(opened.action).toBe('deny')
    // A web link goes to the system browser instead; anything else goes nowhere.
    expect(opened.calls).toContain('shell.openExternal https://minepi.com/')
    const file = await shell.ask<{ action: string; calls: string[] }>({ op: 'open-window', url: 'file:///etc/passwd' })
    expect(file.action).toBe('deny')
    expect(file.calls.filter((call) => call.startsWith('shell.openExternal'))).toEqual(['shell.openExternal https://minepi.com/'])
  })

  it('quits when its window is closed', async () => {
    const { calls } = await shell.ask<{ calls: string[] }>({ op: 'quit' })
    expect(calls).toContain('app.quit')
    expect(await shell.exited).toBe(0)
  })
})

describe('the built preload (with nothing but electron, as in a sandboxed renderer)', () => {
  interface Recorded {
    exposed: Map<string, unknown>
    required: string[]
    invoked: unknown[][]
    listeners: Map<string, (event: unknown, payload: unknown) => void>
  }

  function runPreload(): Recorded {
    const recorded: Recorded = { exposed: new Map(), required: [], invoked: [], listeners: new Map() }
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value)
      },
      // eslint-disable-next-line no-restricted-syntax -- the stand-in for the preload's one import
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          recorded.invoked.push(args)
          return Promise.resolve({ ok: true, value: 'from main' })
        },
        on: (event: string, listener: (event: unknown, payload: unknown) => void) => recorded.listeners.set(event, listener),
        removeListener: (event: string) => recorded.listeners.delete(event)
      }
    }
    const sandboxRequire = (name: string): unknown => {
      recorded.required.push(name)
      if (name === 'electron') return electron
      throw new Error(`Cannot find module '${name}' (a sandboxed preload has only electron)`)
    }
    // A context with no globals beyond JavaScript's own: no process, no Buffer, no require.
    const code = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8')
    const context = createContext({})
    const load = runInContext(`(function (exports, require, module) {${code}\n})`, context) as (
      exports: object,
      require: (name: string) => unknown,
      module: { exports: object }
    ) => void
    const module = { exports: {} }
    load(module.exports, sandboxRequire, module)
    return recorded
  }

  interface Api {
    invoke(channel: string, input?: unknown): Promise<unknown>
    on(event: string, listener: (payload: unknown) => void): () => void
  }

  it('requires only electron and exposes only window.api, with invoke and on', () => {
    const recorded = runPreload()
    expect(recorded.required).toEqual(['electron'])
    expect([...recorded.exposed.keys()]).toEqual(['api'])
    expect(Object.keys(recorded.exposed.get('api') as object).sort()).toEqual(['invoke', 'on'])
  })

  it('passes contract channels to main and answers anything else itself', async () => {
    const recorded = runPreload()
    const api = recorded.exposed.get('api') as Api
    expect(await api.invoke('ledger:list', { limit: 5 })).toEqual({ ok: true, value: 'from main' })
    expect(await api.invoke('fs:readFile', '/etc/passwd')).toEqual({
      ok: false,
      error: { code: 'unknown_channel', message: 'This action is not available.' }
    })
    expect(recorded.invoked).toEqual([['ledger:list', { limit: 5 }]])
  })

  it('hands event listeners the payload only, never the IPC event, and only for app events', () => {
    const recorded = runPreload()
    const api = recorded.exposed.get('api') as Api
    const heard: unknown[] = []
    const unsubscribe = api.on('ledger:changed', (payload) => heard.push(payload))
    api.on('some:other-channel', (payload) => heard.push(payload))
    expect([...recorded.listeners.keys()]).toEqual(['ledger:changed'])
    recorded.listeners.get('ledger:changed')!({ sender: 'the IpcRendererEvent' }, { network: 'sandbox' })
    expect(heard).toEqual([{ network: 'sandbox' }])
    unsubscribe()
    expect(recorded.listeners.size).toBe(0)
  })
})
