// Issue 14, item 1: the merchant chooses Sandbox, Testnet or Mainnet in Settings, as a deliberate
// act (a confirmation that says what changes; Mainnet, real money, also asks to type its name),
// main stores the choice, and the whole app follows it: the top bar, the ledger's rows, Settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { horizontalOverflow, keepScreenshot, VIEWPORTS } from './layout'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

describe.each(VIEWPORTS)('choosing the network at $width x $height', (viewport) => {
  let preview: PreviewBrowser

  beforeAll(async () => {
    preview = await openPreviewBrowser({ ...viewport, sandbox: { payments: 20, ledgerIntervalMs: 0 } })
    await (await preview.services.workspace()).sync().run()
  }, 180_000)

  afterAll(async () => {
    await preview?.close()
  })

  async function storedNetwork(): Promise<string> {
    const answer = await preview.services.router.call('settings:get', undefined)
    if (!answer.ok) throw new Error(answer.error.message)
    return answer.value.network
  }

  it('switches to Testnet only after a confirmation that says what changes, and every page follows', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/ledger`)
    await page.locator('[data-payment]').first().waitFor()
    await page.goto(`${preview.server.url}#/settings`)
    await page.locator('[data-network-option="testnet"]').click()
    await page.locator('[data-switch-network]').click()
    const dialog = page.locator('dialog[open]')
    await expect.poll(() => dialog.textContent()).toContain('Switch to Testnet?')
    expect(await dialog.locator('[data-network-changes]').textContent()).toContain("show Testnet's payments")
    // Nothing changes before the confirmation.
    expect(await storedNetwork()).toBe('sandbox')
    await keepScreenshot(page, 'network-confirm-testnet')
    await dialog.locator('[data-confirm-network="testnet"]').click()

    await expect.poll(() => page.locator('.topbar [data-network-badge]').getAttribute('data-network')).toBe('testnet')
    expect(await storedNetwork()).toBe('testnet')
    expect(await page.locator('[data-network-switched]').textContent()).toBe('Switched. Merchant Desk now works on Testnet.')
    // The ledger is Testnet's now: none of the sandbox's rows.
    await page.goto(`${preview.server.url}#/ledger`)
    await expect.poll(() => page.locator('main').textContent()).toContain('No payments in your ledger yet')
    expect(await page.locator('[data-payment]').count()).toBe(0)
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
  })

  it('asks to type Mainnet before moving real money, and Escape leaves everything as it was', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/settings`)
    await page.locator('[data-network-option="mainnet"]').click()
    await page.locator('[data-switch-network]').click()
    const dialog = page.locator('dialog[open]')
    await expect.poll(() => dialog.textContent()).toContain('Mainnet is real money.')
    expect(await dialog.textContent()).toContain('real Pi that cannot be taken back')
    const confirm = dialog.locator('[data-confirm-network="mainnet"]')
    expect(await confirm.isDisabled()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0)
    expect(await storedNetwork()).toBe('testnet')

    await page.locator('[data-switch-network]').click()
    await dialog.locator('[data-confirm-typed]').fill('Mainnet')
    await keepScreenshot(page, 'network-confirm-mainnet')
    await confirm.click()
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Real money')
    expect(await storedNetwork()).toBe('mainnet')
  })

  it('comes back to the Sandbox and its rows', async () => {
    const { page } = preview
    await page.locator('[data-network-option="sandbox"]').click()
    await page.locator('[data-switch-network]').click()
    await page.locator('[data-confirm-network="sandbox"]').click()
    await expect.poll(() => page.locator('.topbar [data-network-badge]').getAttribute('data-network')).toBe('sandbox')
    await page.goto(`${preview.server.url}#/ledger`)
    await page.locator('[data-payment]').first().waitFor()
    expect(preview.problems.filter((problem) => !problem.includes('http 4'))).toEqual([])
  })
})
