// Figure 7, startup. (a) The main process ready on the shared ledger: createMainServices (the
// database opened and checked, services and router built) until app:info and the first ledger
// page are answered through the router, against opening the same file bare and reading the same
// page with one prepared statement. (b) The first ledger page painted in the browser preview:
// from navigation to the first payment row in Chromium, against the same app painting the
// ledger's empty state over an empty database (everything but the ledger's own cost).
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { chromium, type Browser } from 'playwright-core'
import { createMainServices, type MainServices } from '../../src/main/app/compose'
import { openDatabase } from '../../src/main/db'
import { normalizeQuery } from '../../src/main/ledger/normalize-query'
import { pageSql } from '../../src/main/ledger/page-sql'
import { startPreviewServer } from '../../src/preview/server'
import { buildPreview, PREVIEW_BUILD_DIR } from '../../src/preview/server/run-preview'
import type { BenchContext, Figure } from '../harness/context'
import { line, percentile, type FigureLine } from '../harness/measure'

const CHROMIUM = '/usr/bin/chromium'
const PAINT_TIMEOUT_MS = 60_000
/** Timed runs per measurement (fewer when the run asks for few iterations). */
const MAX_RUNS = 5

async function openServices(databasePath: string): Promise<MainServices> {
  return createMainServices({ databasePath, version: 'bench', openExternal: async () => false })
}

export const startupFigure: Figure = {
  name: 'startup',
  sqliteOnly: 'it opens the desk file (createMainServices, the browser preview) and reads it bare with better-sqlite3',
  describe: 'main process ready on the ledger, and the first ledger page painted in the browser preview',
  async run(context) {
    const ledger = context.ledger()
    // The benchmark ledger is on testnet (the embedded sandbox clears its own network at start).
    const setup = await openServices(ledger.path)
    await setup.settings.update({ network: ledger.networkId })
    await setup.close()
    return [...(await mainReady(context)), ...(await firstPaint(context))]
  }
}

async function mainReady(context: BenchContext): Promise<FigureLine[]> {
  const ledger = context.ledger()
  const runs = runsOf(context)
  const ready: number[] = []
  const bare: number[] = []
  let problem: string | null = null
  // The SQL text of the first page, as kysely compiles it for this database.
  const compiler = openDatabase(ledger.path, { readonly: true })
  const { sql, params } = pageSql(compiler.db, normalizeQuery({ networkId: ledger.networkId, limit: 100 }), null)
  compiler.close()
  for (let run = 0; run < runs; run++) {
    let started = performance.now()
    const services = await openServices(ledger.path)
    const info = await services.router.call('app:info', undefined)
    const page = await services.router.call('ledger:list', {})
    ready.push(performance.now() - started)
    if (!info.ok || !page.ok) problem = `${info.ok ? '' : `app:info: ${info.error.code} `}${page.ok ? '' : `ledger:list: ${page.error.code}`}`
    await services.close()

    started = performance.now()
    const sqlite = new SqliteDatabase(ledger.path, { readonly: true })
    sqlite.defaultSafeIntegers(true)
    sqlite.prepare(sql).all(...params)
    bare.push(performance.now() - started)
    sqlite.close()
  }
  return [
    line({
      figure: 'startup',
      metric: 'main process ready (services built, app:info and first ledger page answered), median',
      value: percentile(ready, 50),
      unit: 'ms',
      baseline: percentile(bare, 50),
      payments: ledger.payments,
      note: problem === null ? `median of ${runs}; baseline: bare open + the same page SQL` : `answered with an error: ${problem}`
    })
  ]
}

async function firstPaint(context: BenchContext): Promise<FigureLine[]> {
  const ledger = context.ledger()
  if (!existsSync(CHROMIUM)) {
    context.log(`startup: no Chromium at ${CHROMIUM}; first paint not measured`)
    return []
  }
  if (!existsSync(join(PREVIEW_BUILD_DIR, 'index.html'))) {
    if (!context.buildPreview) {
      context.log('startup: no browser preview build; first paint not measured')
      return []
    }
    context.log('startup: building the browser preview')
    await buildPreview()
  }
  const emptyDir = join(context.workDir, 'startup-empty')
  mkdirSync(emptyDir, { recursive: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  try {
    const runs = runsOf(context)
    const full = await paintTimes(browser, ledger.path, '[data-payment]', runs)
    const empty = await paintTimes(browser, join(emptyDir, 'empty.sqlite'), '[data-empty-state]', runs)
    context.log(`startup: first ledger row painted in ${full.median.toFixed(0)} ms (empty ledger ${empty.median.toFixed(0)} ms)`)
    return [
      line({
        figure: 'startup',
        metric: 'first ledger page painted in the browser preview, median',
        value: full.median,
        unit: 'ms',
        baseline: empty.median,
        payments: ledger.payments,
        note: [
          `navigation to the first payment row in Chromium (services already up), median of ${runs}; baseline: the same app painting the empty ledger`,
          ...(full.problem === null ? [] : [`ledger: ${full.problem}`]),
          ...(empty.problem === null ? [] : [`empty: ${empty.problem}`])
        ].join('; ')
      })
    ]
  } finally {
    await browser.close()
  }
}

async function paintTimes(browser: Browser, databasePath: string, selector: string, runs: number): Promise<{ median: number; problem: string | null }> {
  const services = await openServices(databasePath)
  const server = await startPreviewServer({ services, staticDir: PREVIEW_BUILD_DIR, host: '127.0.0.1' })
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  const times: number[] = []
  let problem: string | null = null
  try {
    for (let run = 0; run < runs + 1; run++) {
      const started = performance.now()
      await page.goto(`${server.url}#/ledger`, { waitUntil: 'commit' })
      try {
        await page.waitForSelector(selector, { timeout: PAINT_TIMEOUT_MS })
      } catch (error) {
        problem = `${selector} not shown within ${PAINT_TIMEOUT_MS / 1000} s (${(error as Error).message.split('\n')[0]})`
        break
      }
      // The first run warms the browser's cache of the app's scripts; a restart of the app has them too.
      if (run > 0) times.push(performance.now() - started)
      await page.goto('about:blank')
    }
  } finally {
    await page.close()
    await server.close()
    await services.close()
  }
  return { median: times.length === 0 ? PAINT_TIMEOUT_MS : percentile(times, 50), problem }
}

function runsOf(context: BenchContext): number {
  return Math.max(1, Math.min(MAX_RUNS, context.iterations))
}
