// Issue 14, item 2: every page fits 1280x800 and 1920x1080 without a sideways scroll, over a
// synced sandbox shop (sales in every state, lying buyers, refunds): the document is no wider than
// the window, no box hides content behind a horizontal scrollbar, long ids are cut short with the
// whole value on hover and a copy button, and the queue's Complete / Cancel are in view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { horizontalOverflow, keepScreenshot, VIEWPORTS } from './layout'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const PAGES = ['dashboard', 'ledger', 'queue', 'refunds', 'reconciliation', 'exports', 'audit-log', 'settings'] as const

describe.each(VIEWPORTS)('at $width x $height', (viewport) => {
  let preview: PreviewBrowser

  beforeAll(async () => {
    preview = await openPreviewBrowser({ ...viewport, sandbox: { payments: 120, ledgerIntervalMs: 0 } })
    await (await preview.services.workspace()).sync().run()
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
    const overflow = await horizontalOverflow(page)
    expect(overflow).toEqual({ page: 0, inner: [] })
  })
})
