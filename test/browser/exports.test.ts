// The Exports page end to end in Chromium, over the app's own embedded sandbox: the merchant picks
// a report and a period in the business time zone, main saves the file where the preview saves
// (its data folder: a browser page never names a path), the page follows the export's progress and
// then shows the file's name, its rows and its control totals, which are exactly what the ledger
// holds. "Verify file" re-checks it on disk. From the Ledger, "Export these payments" carries the
// ledger's filters over, and the file holds exactly the filtered payments.
//
// Needs createMainServices to wire exportsHandlers (with the preview saving into
// <data dir>/exports); see the exports section of the README.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import { exportPeriod } from '../../src/main/exports'
import { countPayments } from '../../src/main/ledger'
import { formatPi } from '../../src/shared/money'
import type { PreviewServer } from '../../src/preview/server'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const ZONE = 'Pacific/Auckland'

interface PageGlobals {
  readonly __cspViolations: string[]
  readonly __exportProgress: { task: string; phase: string; done: number; total: number | null }[]
  readonly api: { on(event: string, listener: (payload: unknown) => void): () => void }
}

let preview: PreviewBrowser
let dataDir: string
let services: MainServices
let server: PreviewServer
let page: Page
const problems: string[] = []
const today = DateTime.now().setZone(ZONE)
const FROM = today.minus({ days: 100 }).toISODate() ?? ''
const TO = today.toISODate() ?? ''

beforeAll(async () => {
  // The one harness, over the app's own embedded sandbox and its generated shop.
  preview = await openPreviewBrowser({ width: 1400, height: 1000, sandbox: { payments: 300, ledgerIntervalMs: 0 } })
  ;({ services, server, page, dataDir } = preview)
  await (await services.workspace()).sync().run()
  const updated = await services.router.call('settings:update', { businessTimeZone: ZONE })
  if (!updated.ok) throw new Error(updated.error.message)

  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.url()}`)
  })
}, 180_000)

afterAll(async () => {
  await preview?.close()
})

/** The payments of the period, as the ledger holds them: count and gross (+ in, - out). */
function ledgerTotals(extraWhere = '', ...params: unknown[]): { count: number; gross: bigint } {
  const period = exportPeriod(FROM, TO, ZONE)
  const row = services.store.sqlite
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(CASE direction WHEN 'user_to_app' THEN amount_stroops ELSE -amount_stroops END), 0) AS gross
       FROM payments WHERE network_id = 'sandbox' AND created_at >= ? AND created_at < ? ${extraWhere}`
    )
    .get(period.startMs, period.endMs, ...params) as { count: bigint; gross: bigint }
  return { count: Number(row.count), gross: row.gross }
}

/** "1,234.50": how the page spells an amount. */
function shown(stroops: bigint): string {
  const [whole = '', fraction = ''] = formatPi(stroops).split('.')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`
}

async function listenForProgress(): Promise<void> {
  await page.evaluate(() => {
    const scope = globalThis as unknown as PageGlobals
    const seen: PageGlobals['__exportProgress'] = []
    Object.defineProperty(scope, '__exportProgress', { value: seen, configurable: true })
    scope.api.on('task:progress', (payload) => seen.push(payload as PageGlobals['__exportProgress'][number]))
  })
}

async function exportProgress(): Promise<PageGlobals['__exportProgress']> {
  return page.evaluate(() => [...(globalThis as unknown as PageGlobals).__exportProgress])
}

async function setPeriod(): Promise<void> {
  await page.getByLabel('First day').fill(FROM)
  await page.getByLabel('Last day').fill(TO)
}

describe('exports page', () => {
  it('exports the period’s payments into the preview’s folder and shows the file, its rows and its totals', async () => {
    await page.goto(`${server.url}#/exports`)
    await page.getByRole('radio', { name: 'Payments' }).waitFor()
    expect(await page.getByLabel('Time zone').inputValue()).toBe(ZONE)
    await setPeriod()
    await listenForProgress()
    await page.getByRole('button', { name: 'Export…' }).click()
    const result = page.locator('[data-export-result]')
    await result.waitFor({ timeout: 30_000 })

    const expected = ledgerTotals()
    expect(expected.count).toBeGreaterThan(100)
    const fileName = `merchant-desk-payments-${FROM}-to-${TO}.csv`
    expect(await page.locator('[data-export-file]').textContent()).toBe(fileName)
    expect(existsSync(join(dataDir, 'exports', fileName))).toBe(true)
    expect(existsSync(join(dataDir, 'exports', `${fileName}.manifest.json`))).toBe(true)
    expect(await page.locator('[data-export-rows]').textContent()).toBe(new Intl.NumberFormat('en-US').format(expected.count))
    expect(await page.locator('[data-export-total="gross"] [data-export-total-amount]').textContent()).toBe(shown(expected.gross))
    const fee = await page.locator('[data-export-total="fee"] [data-export-total-amount]').getAttribute('title')
    const net = await page.locator('[data-export-total="net"] [data-export-total-amount]').getAttribute('title')
    const stroops = (text: string | null) => BigInt((text ?? '').replace('.', ''))
    expect(stroops(net)).toBe(expected.gross - stroops(fee))

    // The progress bar followed main's task:progress events up to the last row.
    const progress = (await exportProgress()).filter((event) => event.task === 'export')
    expect(progress[0]).toMatchObject({ phase: 'counting', total: null })
    expect(progress.at(-1)).toEqual({ task: 'export', phase: 'writing', done: expected.count, total: expected.count })

    await page.getByRole('button', { name: 'Verify file' }).click()
    await expect.poll(() => page.locator('[data-export-verdict]').getAttribute('data-export-verdict')).toBe('ok')
    await page.screenshot({ path: '/tmp/md-exports-saved.png', fullPage: true })
  })

  it('carries the Ledger’s filters over with “Export these payments”, and exports exactly that set', async () => {
    await page.goto(`${server.url}#/ledger`)
    await page.getByLabel('Search').fill('coffee')
    // Fewer than a page match: once the filter applies, the ledger says they are all shown.
    await expect.poll(() => page.locator('[data-ledger-count]').textContent(), { timeout: 10_000 }).toMatch(/^\d+ payments?, all shown$/)
    await page.getByRole('button', { name: 'Export these payments' }).click()
    await expect.poll(() => page.locator('[data-export-ledger-filter]').textContent()).toContain('matching “coffee”')
    // The ledger's dates exactly (here: all of them), no period to choose, and the count before writing.
    expect(await page.getByLabel('First day').count()).toBe(0)
    const matching = await countPayments(services.store, { networkId: 'sandbox', filter: { search: 'coffee' } })
    expect(matching.count).toBeGreaterThan(0)
    expect(matching.count).toBeLessThan(ledgerTotals().count)
    await expect.poll(() => page.locator('[data-export-count]').getAttribute('data-export-count-rows')).toBe(String(matching.count))
    await page.getByRole('button', { name: 'Export…' }).click()
    await page.locator('[data-export-result]').waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-export-rows]').textContent()).toBe(new Intl.NumberFormat('en-US').format(matching.count))
  })

  it('refuses a period that ends before it starts without saving anything', async () => {
    await page.goto(`${server.url}#/exports`)
    // Still on the Ledger's payments from the test before: leave them for the ordinary form.
    await page.getByRole('button', { name: 'Choose a report and days instead' }).click()
    await page.getByRole('radio', { name: 'Audit log' }).check({ force: true })
    await page.getByLabel('First day').fill(TO)
    await page.getByLabel('Last day').fill(FROM)
    expect(await page.getByText('The last day is before the first day.').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Export…' }).isDisabled()).toBe(true)
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    expect(await page.evaluate(() => [...(globalThis as unknown as PageGlobals).__cspViolations])).toEqual([])
    expect(problems).toEqual([])
  })
})
