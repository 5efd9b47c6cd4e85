// End to end in Debian's Chromium: the browser preview (same React app, same main services as the
// desktop app, over the loopback bridge). Walks every section, changes the business time zone and
// sees it persisted, sees a refused zone explained, and sees no console error or CSP violation.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import type { PreviewServer } from '../../src/preview/server'
import { openPreviewBrowser, type PreviewBrowser } from './preview-browser'

const SECTIONS = [
  { nav: 'Ledger', hash: '#/ledger', heading: 'Ledger', empty: 'No payments in your ledger yet', text: 'Every payment of your Pi app will appear here after the first sync' },
  { nav: 'Queue', hash: '#/queue', heading: 'Queue', empty: 'Nothing is waiting for you', text: 'complete it or cancel it' },
  { nav: 'Refunds', hash: '#/refunds', heading: 'Refunds', empty: 'No refunds sent from this desk yet', text: 'never pays the same refund twice' },
  { nav: 'Invoices', hash: '#/invoices', heading: 'Invoices', empty: 'No invoices yet', text: 'what was asked, what arrived and where each stands' },
  { nav: 'Postback deliveries', hash: '#/postbacks', heading: 'Postback deliveries', empty: 'No postbacks yet', text: 'each attempt and the shop' },
  { nav: 'Reconciliation', hash: '#/reconciliation', heading: 'Reconciliation', empty: 'No reconciliation run yet', text: 'Every difference will be listed here' },
  { nav: 'Exports', hash: '#/exports', heading: 'Exports', empty: 'No exports yet', text: 'exact to the last stroop' },
  { nav: 'Audit log', hash: '#/audit-log', heading: 'Audit log', empty: 'No actions recorded yet', text: 'who did it, when, and what it changed' },
  // Last: the app opens on the dashboard, so only coming back to it is a page change.
  { nav: 'Dashboard', hash: '#/dashboard', heading: 'Dashboard', empty: 'No payments to show yet', text: 'after the first sync' }
] as const

// Functions handed to page.evaluate run in Chromium. This project is typed for Node (no DOM lib),
// so they reach the page's globals through this much of their shape.
interface PageGlobals {
  readonly location: { readonly hash: string }
  readonly document: {
    readonly activeElement: { readonly tagName: string } | null
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void
  }
  readonly __cspViolations: string[]
}

let preview: PreviewBrowser
let services: MainServices
let server: PreviewServer
let page: Page
let consoleErrors: string[] = []

beforeAll(async () => {
  // The one harness: real services on a scratch database, the preview server, Debian's Chromium.
  preview = await openPreviewBrowser({ width: 1280, height: 820 })
  ;({ services, server, page } = preview)
  consoleErrors = preview.problems
  await page.goto(server.url)
}, 180_000)

afterAll(async () => {
  await preview?.close()
})

describe('browser preview', () => {
  it('shows the Sandbox network badge in the top bar', async () => {
    const badge = page.locator('header.topbar [data-network-badge]')
    await expect.poll(() => badge.textContent()).toContain('Sandbox')
    expect(await badge.getAttribute('data-network')).toBe('sandbox')
    await page.screenshot({ path: '/tmp/md-shell.png', fullPage: true })
  })

  it('walks every section: heading, empty state, active nav item, focus on the heading', async () => {
    for (const section of SECTIONS) {
      const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section.nav, exact: true })
      await link.click()
      await page.waitForFunction((hash) => (globalThis as unknown as PageGlobals).location.hash === hash, section.hash)
      const heading = page.getByRole('heading', { level: 1 })
      await expect.poll(() => heading.textContent()).toBe(section.heading)
      expect(await link.getAttribute('aria-current')).toBe('page')
      expect(await page.locator('[aria-current="page"]').count()).toBe(1)
      const empty = page.locator('[data-empty-state]')
      expect(await empty.getByRole('heading', { level: 2 }).textContent()).toBe(section.empty)
      expect(await empty.textContent()).toContain(section.text)
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.tagName)).toBe('H1')
      expect(await page.title()).toBe(`${section.heading} · Merchant Desk`)
      expect(await page.locator('header.topbar [data-network-badge]').textContent()).toContain('Sandbox')
    }
    expect(await page.locator('main').count()).toBe(1)
  })

  it('changes the business time zone in Settings and keeps it after a reload', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings')
    const field = page.getByLabel('Time zone', { exact: true })
    const before = (await services.router.call('settings:get', undefined)) as { ok: true; value: { businessTimeZone: string } }
    await expect.poll(() => field.inputValue()).toBe(before.value.businessTimeZone)
    const target = before.value.businessTimeZone === 'Asia/Tokyo' ? 'America/Sao_Paulo' : 'Asia/Tokyo'

    await field.fill(target)
    await page.getByRole('button', { name: 'Save time zone' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).textContent()).toBe(`Saved. Days now follow ${target}.`)
    expect(await services.router.call('settings:get', undefined)).toMatchObject({ ok: true, value: { businessTimeZone: target } })

    await page.reload()
    await expect.poll(() => page.locator('[data-current-zone]').textContent()).toBe(target)
    expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe(target)
  })

  it('explains a time zone it refuses, and keeps the saved one', async () => {
    const field = page.getByLabel('Time zone', { exact: true })
    const saved = await page.locator('[data-current-zone]').textContent()
    await field.fill('Europe/Berln')
    await page.getByRole('button', { name: 'Save time zone' }).click()
    const message = page.locator('[data-field-error]')
    await expect.poll(() => message.textContent()).toBe('Europe/Berln is not a time zone; did you mean Europe/Berlin?')
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.getAttribute('aria-describedby')).toContain((await message.getAttribute('id')) ?? 'missing')
    expect(await page.locator('[data-current-zone]').textContent()).toBe(saved)
    expect(await services.router.call('settings:get', undefined)).toMatchObject({ ok: true, value: { businessTimeZone: saved } })
  })

  it('follows a network change main pushes over the event stream', async () => {
    const badge = page.locator('header.topbar [data-network-badge]')
    await services.settings.update({ network: 'mainnet' })
    await expect.poll(() => badge.getAttribute('data-network')).toBe('mainnet')
    expect(await badge.textContent()).toContain('Mainnet')
    expect(await page.locator('header.topbar').textContent()).toContain('Real money')
    // The Settings page on screen follows too: one app:info for the whole window.
    await expect.poll(() => page.locator('main [data-network-badge]').getAttribute('data-network')).toBe('mainnet')
    await page.screenshot({ path: '/tmp/md-shell-mainnet.png' })
    await services.settings.update({ network: 'sandbox' })
    await expect.poll(() => badge.getAttribute('data-network')).toBe('sandbox')
  })

  it('logged no console error and no Content-Security-Policy violation', async () => {
    await page.goto(`${server.url}#/dashboard`)
    await expect.poll(() => page.locator('[data-network-badge]').textContent()).toContain('Sandbox')
    const violations = await preview.cspViolations()
    expect(violations).toEqual([])
    expect(consoleErrors).toEqual([])
  })
})
