// Issue #14 in Chromium at 1280x800, items 5 and 8: "Export these payments" from a ledger over all
// dates exports every payment (the old page narrowed it to this month), says how many rows before
// writing, and the export stays in the history after the page is left, verifiable from there.
// Screenshots: test-artifacts/books/.
import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportHistoryView } from '../../src/shared/contract'
import { describeSeed, seedLedger } from './ledger-seed'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const ARTIFACTS = 'test-artifacts/books'
let preview: PreviewBrowser
let page: Page
// Four months of sales, three days apart: most of them before this month.
const payments = describeSeed({ sales: 40, spacingMs: 3 * 86_400_000, refunded: [5, 30] })

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  preview = await openPreviewBrowser({ width: 1280, height: 800 })
  page = preview.page
  seedLedger(preview.services.store, preview.appWallet, payments)
  preview.services.events.emit('ledger:changed', { reason: 'test' })
})
afterAll(async () => {
  await preview?.close()
})

async function noSidewaysScroll(): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement
    return root.scrollWidth - root.clientWidth
  })
  expect(overflow).toBeLessThanOrEqual(0)
}

async function history(): Promise<ExportHistoryView> {
  const answer = await preview.services.router.call('exports:history', undefined)
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value as ExportHistoryView
}

describe('exporting the ledger in Chromium', () => {
  it('most payments are older than this month (what this test is about)', () => {
    const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1))
    expect(payments.filter((payment) => payment.createdAt < monthStart).length).toBeGreaterThan(payments.length / 2)
  })

  it('"Export these payments" over all dates counts every payment before writing, then writes every one', async () => {
    await page.goto(`${preview.server.url}#/ledger`)
    await expect.poll(() => page.locator('[data-ledger-totals-count]').textContent(), { timeout: 10_000 }).toBe(`${payments.length} payments match`)
    await page.getByRole('button', { name: 'Export these payments' }).click()
    const card = page.locator('[data-ledger-export]')
    await card.waitFor()
    expect(await card.locator('[data-export-ledger-filter]').textContent()).toContain('Every payment in the ledger, all dates')
    expect(await page.getByLabel('First day').count()).toBe(0)
    await expect.poll(() => card.locator('[data-export-count]').getAttribute('data-export-count-rows')).toBe(String(payments.length))
    await noSidewaysScroll()
    await page.screenshot({ path: `${ARTIFACTS}/exports-ledger-count-1280.png`, fullPage: true })

    await page.getByRole('button', { name: 'Export…' }).click()
    await page.locator('[data-export-result]').waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-export-rows]').textContent()).toBe(String(payments.length))
    const [entry] = (await history()).entries
    if (entry === undefined) throw new Error('the export is not in the history')
    const csv = await readFile(join(entry.folder, entry.fileName), 'utf8')
    expect(csv.trimEnd().split('\r\n')).toHaveLength(payments.length + 1)
    for (const payment of payments) expect(csv).toContain(payment.identifier)
  })

  it('the export stays in the history after the page is left, and verifies from there', async () => {
    await page.goto(`${preview.server.url}#/dashboard`)
    await page.locator('[data-dashboard], [data-empty-state]').first().waitFor()
    await page.goto(`${preview.server.url}#/exports`)
    const list = page.locator('[data-export-history]')
    await list.waitFor({ timeout: 10_000 })
    const [entry] = (await history()).entries
    expect(await list.locator('[data-history-file]').first().textContent()).toContain(entry?.fileName ?? 'missing')
    expect(await list.locator('[data-history-rows]').first().textContent()).toBe(String(payments.length))
    await list.getByRole('button', { name: 'Verify' }).first().click()
    await expect.poll(() => list.locator('[data-history-verdict]').first().getAttribute('data-history-verdict')).toBe('ok')
    await noSidewaysScroll()
    await page.screenshot({ path: `${ARTIFACTS}/exports-history-1280.png`, fullPage: true })
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    expect(await preview.cspViolations()).toEqual([])
    expect(preview.problems).toEqual([])
  })
})
