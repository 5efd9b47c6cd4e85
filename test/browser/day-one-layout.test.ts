// Issue 14, item 2: every page fits 1280x800 and 1920x1080 without a sideways scroll, over a
// synced sandbox shop (sales in every state, lying buyers, earlier refunds) with a saved
// reconciliation: the document is no wider than the window, no box hides content behind a
// horizontal scrollbar, long ids are cut short with the whole value on hover and a copy button,
// and the queue's Complete / Cancel are in view without scrolling sideways.
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { horizontalOverflow, keepScreenshot, VIEWPORTS } from './layout'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const PAGES = ['dashboard', 'ledger', 'queue', 'invoices', 'postbacks', 'refunds', 'reconciliation', 'exports', 'audit-log', 'settings'] as const

describe.each(VIEWPORTS)('at $width x $height', (viewport) => {
  let preview: PreviewBrowser

  beforeAll(async () => {
    preview = await openPreviewBrowser({ ...viewport, sandbox: { payments: 120, ledgerIntervalMs: 0 } })
    await (await preview.services.workspace()).sync().run()
    const run = await preview.services.router.call('reconcile:run', { from: '2000-01-01', to: DateTime.utc().plus({ days: 1 }).toISODate() })
    if (!run.ok) throw new Error(run.error.message)
    await preview.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  }, 180_000)

  afterAll(async () => {
    await preview?.close()
  })

  it.each(PAGES)('the %s page does not scroll sideways', async (id) => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/${id}`)
    await page.locator('[data-page-heading]').waitFor()
    await page.waitForLoadState('networkidle')
    await keepScreenshot(page, `layout-${id}`)
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
  })

  it("keeps every queue row's actions inside the window", async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/queue`)
    await page.locator('[data-queue-table]').waitFor()
    const buttons = page.locator('[data-queue-item] [data-action]')
    expect(await buttons.count()).toBeGreaterThan(0)
    for (const box of await Promise.all((await buttons.all()).map((button) => button.boundingBox()))) {
      expect(box).not.toBeNull()
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width)
    }
  })

  it('cuts a long id short, shows the whole of it on hover and copies it', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/queue`)
    const first = page.locator('[data-queue-item]').first()
    const identifier = (await first.getAttribute('data-queue-item'))!
    const shown = first.locator(`[data-long-id="${identifier}"] .long-id__text`)
    expect(await shown.getAttribute('title')).toBe(identifier)
    expect((await shown.textContent())!.length).toBeLessThan(identifier.length)
    await first.locator(`[data-long-id="${identifier}"] [data-copy]`).click()
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(identifier)
  })

  it("opens a payment from its own link, over the ledger, and the drawer's addresses wrap", async () => {
    const { page } = preview
    const queue = await preview.services.router.call('queue:list', undefined)
    if (!queue.ok) throw new Error(queue.error.message)
    const identifier = queue.value.items[0]!.identifier
    await page.goto(`${preview.server.url}#/payments/${identifier}`)
    await expect.poll(() => page.locator('[data-drawer-identifier]').textContent()).toContain(identifier)
    expect(await page.locator('[data-nav="ledger"]').getAttribute('aria-current')).toBe('page')
    await page.waitForLoadState('networkidle')
    await keepScreenshot(page, 'layout-payment-link')
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
    await page.keyboard.press('Escape')
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('#/ledger')
  })
})
