// One browser preview for a test file: real main services on a scratch database, the preview
// server over them, and Debian's Chromium on a page that records console errors and CSP
// violations from outside the page's own policy.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createMainServices, type MainServices } from '../../src/main/app/compose'
import { requireAppWallet } from '../../src/main/network'
import type { QueueConnection } from '../../src/main/queue'
import { startPreviewServer, type PreviewServer } from '../../src/preview/server'
import { buildPreview, PREVIEW_BUILD_DIR } from '../../src/preview/server/run-preview'

export interface PreviewBrowser {
  readonly services: MainServices
  /** The scratch folder of the database (and of the exports the preview saves, under exports/). */
  readonly dataDir: string
  /** The embedded sandbox's app wallet (G...): payouts and fees of seeded rows come from it. */
  readonly appWallet: string
  readonly server: PreviewServer
  readonly page: Page
  /** Console errors and warnings, failed HTTP answers and uncaught page errors, in order. */
  readonly problems: string[]
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>
  /** The URLs main was asked to open in the system browser. */
  readonly opened: string[]
  close(): Promise<void>
}

interface PageGlobals {
  readonly document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void
  }
  readonly __cspViolations: string[]
}

export interface PreviewBrowserOptions {
  readonly width?: number
  readonly height?: number
  /** The embedded sandbox's shop: generated payments (500 unless set) and its ledger clock. */
  readonly sandbox?: { readonly payments?: number; readonly ledgerIntervalMs?: number }
  /** Where Testnet and Mainnet's Pi Platform and Horizon are (a second sandbox playing Testnet). */
  readonly remote?: { readonly platformUrl: string; readonly horizonUrl: string }
}

export async function openPreviewBrowser(options: PreviewBrowserOptions = {}): Promise<PreviewBrowser> {
  if (!existsSync(join(PREVIEW_BUILD_DIR, 'index.html'))) await buildPreview()
  const dataDir = await mkdtemp(join(tmpdir(), 'md-browser-'))
  const opened: string[] = []
  const services = await createMainServices({
    databasePath: join(dataDir, 'merchant-desk.sqlite'),
    version: '0.1.0-e2e',
    openExternal: async (url) => {
      opened.push(url)
      return false
    },
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.remote ? { remote: options.remote } : {})
  })
  // Started before anything is seeded: a starting sandbox clears the sandbox ledger (its chain is new).
  const { connection } = await services.workspace()
  if (!connection.appWallet) throw new Error('The embedded sandbox has no app wallet')
  const appWallet = connection.appWallet
  const server = await startPreviewServer({ services, staticDir: PREVIEW_BUILD_DIR, host: '127.0.0.1' })
  let browser: Browser | null = null
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    })
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 820 }, timezoneId: 'UTC' })
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.url()}`)
    })
    await page.addInitScript(() => {
      const seen: string[] = []
      const scope = globalThis as unknown as PageGlobals
      Object.defineProperty(scope, '__cspViolations', { value: seen })
      scope.document.addEventListener('securitypolicyviolation', (event) => {
        seen.push(`${event.violatedDirective} ${event.blockedURI}`)
      })
    })
    const launched = browser
    return {
      services,
      dataDir,
      appWallet,
      server,
      page,
      problems,
      opened,
      cspViolations: () => page.evaluate(() => [...(globalThis as unknown as PageGlobals).__cspViolations]),
      async close() {
        await launched.close()
        await server.close()
        await services.close()
        await rm(dataDir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await browser?.close()
    await server.close()
    await services.close()
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

/** The business time zone main uses for days (settings:get), as the pages read it. */
export async function businessTimeZone(services: MainServices): Promise<string> {
  const answer = await services.router.call('settings:get', undefined)
  if (!answer.ok) throw new Error(answer.error.message)
  return (answer.value as { businessTimeZone: string }).businessTimeZone
}

/** The sandbox's connection as the queue takes it, its app wallet known (the container's `connect()`). */
export async function sandboxConnection(services: MainServices): Promise<QueueConnection> {
  const connection = await services.connect()
  return { networkId: connection.networkId, pi: connection.pi, horizon: connection.horizon, appWallet: requireAppWallet(connection) }
}
