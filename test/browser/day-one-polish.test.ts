// Issue 14, the polish list, at 1280x800 and 1920x1080 over a synced sandbox shop: a time-zone
// picker with search; a bad zone told in words with what was meant (from main's validation);
// Escape closes pickers and dialogs; dates typed and shown as ISO YYYY-MM-DD with the zone named;
// one number of decimals per amount column; a partial refund is not "Needs a look"; the passphrase
// fields align and "Unlock your keys" appears only once a passphrase exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { horizontalOverflow, keepScreenshot, VIEWPORTS } from './layout'
import { businessTimeZone, openPreviewBrowser, type PreviewBrowser } from './preview-browser'

describe.each(VIEWPORTS)('polish at $width x $height', (viewport) => {
  let preview: PreviewBrowser

  beforeAll(async () => {
    preview = await openPreviewBrowser({ ...viewport, sandbox: { payments: 160, ledgerIntervalMs: 0 } })
    await (await preview.services.workspace()).sync().run()
  }, 180_000)

  afterAll(async () => {
    await preview?.close()
  })

  it('searches time zones as you type, picks one with the keyboard, and Escape closes the list', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/settings`)
    const field = page.getByRole('combobox', { name: 'Time zone' })
    await field.fill('berl')
    await expect.poll(() => page.locator('[data-zone-option]').first().getAttribute('data-zone-option')).toBe('Europe/Berlin')
    await keepScreenshot(page, 'polish-zone-search')
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-zone-option]').count()).toBe(0)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    expect(await field.inputValue()).toBe('Europe/Berlin')
    await page.getByRole('button', { name: 'Save time zone' }).click()
    await expect.poll(() => businessTimeZone(preview.services)).toBe('Europe/Berlin')
  })

  it('tells a mistyped zone in words, with the zone it meant', async () => {
    const { page } = preview
    const field = page.getByRole('combobox', { name: 'Time zone' })
    await field.fill('America/New_Yrok')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Save time zone' }).click()
    await expect.poll(() => page.locator('[data-field-error]').textContent()).toBe('America/New_Yrok is not a time zone; did you mean America/New_York?')
    expect(await businessTimeZone(preview.services)).toBe('Europe/Berlin')
  })

  it('aligns the passphrase fields and asks for a passphrase, not an unlock, before one exists', async () => {
    const { page } = preview
    const status = await preview.services.router.call('secrets:status', undefined)
    if (!status.ok) throw new Error(status.error.message)
    expect(status.value).toMatchObject({ storage: 'passphrase', passphraseSet: false })
    const inputs = page.locator('[data-vault-state="not_set"] input[type="password"]')
    expect(await inputs.count()).toBe(2)
    const [first, second] = await Promise.all([inputs.nth(0).boundingBox(), inputs.nth(1).boundingBox()])
    expect(Math.abs(first!.y - second!.y)).toBeLessThan(1)
    expect(await page.locator('[data-keys-blocked="locked"]').count()).toBe(0)
    expect(await page.locator('[data-keys-blocked="no_passphrase"]').first().textContent()).toContain('Choose a passphrase above first')
    await keepScreenshot(page, 'polish-settings')
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
  })

  it('shows every date as YYYY-MM-DD, takes days as YYYY-MM-DD with the zone named, and one number of decimals per column', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/ledger`)
    await page.locator('[data-payment]').first().waitFor()
    const created = await page.locator('[data-payment] [role="cell"]:first-child').allTextContents()
    expect(created.length).toBeGreaterThan(5)
    for (const text of created) expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    const amounts = await page.locator('[data-payment] [data-amount]').allTextContents()
    const decimals = new Set(amounts.map((text) => text.split('.')[1]?.length))
    expect(decimals.size).toBe(1)
    for (const id of ['ledger', 'reconciliation', 'exports', 'dashboard']) {
      await page.goto(`${preview.server.url}#/${id}`)
      await page.locator('[data-page-heading]').waitFor()
      expect(await page.locator('input[type="date"]').count()).toBe(0)
    }
    await page.goto(`${preview.server.url}#/reconciliation`)
    expect(await page.locator('[data-period-zone]').textContent()).toBe('Days in Europe/Berlin')
    expect(await page.locator('input[name="from"]').inputValue()).toMatch(/^\d{4}-\d{2}-01$/)
  })

  it('closes the status picker and a dialog with Escape', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/ledger`)
    const picker = page.locator('[data-status-picker]')
    await picker.locator('summary').click()
    expect(await picker.getAttribute('open')).not.toBeNull()
    await page.keyboard.press('Escape')
    expect(await picker.getAttribute('open')).toBeNull()
    await page.getByRole('button', { name: 'Track payment ids' }).click()
    await page.locator('dialog[open]').waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0)
  })

  // The generated shop's earlier refunds are full ones; the drawer treats both kinds alike.
  it('tells a refund (in part or in full) under Refunds, not under "Needs a look"', async () => {
    const { page } = preview
    const listed = await preview.services.router.call('ledger:list', { limit: 500 })
    if (!listed.ok) throw new Error(listed.error.message)
    const sale = listed.value.rows.find((row) => row.flags.includes('partially_refunded') || row.flags.includes('refunded'))
    expect(sale, 'the generated shop has a refunded sale').toBeDefined()
    await page.goto(`${preview.server.url}#/payments/${sale!.identifier}`)
    await page.locator('[data-payment-detail]').waitFor()
    const troubles = sale!.flags.filter((flag) => flag !== 'partially_refunded' && flag !== 'refunded')
    expect(await page.locator('[data-flag-list]').count()).toBe(troubles.length > 0 ? 1 : 0)
    const flagList = page.locator('[data-flag-list]')
    expect((await flagList.count()) > 0 ? await flagList.textContent() : '').not.toMatch(/Refunded|Part refunded/)
    await keepScreenshot(page, 'polish-partial-refund')
  })
})
