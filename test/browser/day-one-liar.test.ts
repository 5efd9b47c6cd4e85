// Issue 14, item 3: a buyer whose linked transaction does not pay the payment. The queue, the
// payment's own page and the reconciliation tell one truthful path (Pi will not cancel it, the app
// will not complete it; contact the buyer, ask Pi's support with the evidence pack, mark it
// reviewed), offer no Cancel the app would refuse, hand over an evidence pack naming the network as
// the app shows it, and a review with a note takes it out of "needs action" while it stays listed,
// audited in words.
import { readFile } from 'node:fs/promises'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trackPayments } from '../../src/main/tracking'
import { Buyer } from '../../src/sandbox/buyer'
import { UNPAID_LINKED_RULE } from '../../src/shared/payments'
import { horizontalOverflow, keepScreenshot, VIEWPORTS } from './layout'
import { openPreviewBrowser, sandboxConnection, type PreviewBrowser } from './preview-browser'

const NOTE = 'Buyer contacted by email; Pi support ticket 4411 sent with the evidence pack.'

describe.each(VIEWPORTS)('a lying buyer at $width x $height', (viewport) => {
  let preview: PreviewBrowser
  let liar = ''

  beforeAll(async () => {
    preview = await openPreviewBrowser({ ...viewport, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
    const workspace = await preview.services.workspace()
    const connection = await sandboxConnection(preview.services)
    const sandbox = preview.services.sandbox()!.sandbox
    const buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: 'liar', otherNetwork: sandbox.otherNetwork.chain })
    liar = buyer.startPayment({ amount: 5, memo: 'Sticker pack', metadata: { orderId: 'SO-14' } }).identifier
    await connection.pi.approvePayment(liar)
    buyer.submitPayment(liar, { lie: 'wrong_amount' })
    await trackPayments({ store: preview.services.store, pi: connection.pi, horizon: connection.horizon, networkId: 'sandbox', appWallet: connection.appWallet, ids: [liar] })
    await workspace.sync().run()
    await preview.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  }, 180_000)

  afterAll(async () => {
    await preview?.close()
  })

  const row = () => preview.page.locator(`[data-queue-item="${liar}"]`)

  it('says in the queue what Pi allows and what the merchant can do, with no Cancel offered', async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/queue`)
    await row().waitFor()
    expect(await row().getAttribute('data-kind')).toBe('verification_failed')
    const reason = (await row().locator('[data-reason]').textContent())!
    expect(reason).toContain(UNPAID_LINKED_RULE)
    expect(reason).toContain('contact the buyer')
    expect(await row().locator('[data-action="cancel"]').count()).toBe(0)
    expect(await row().locator('[data-action="complete"]').count()).toBe(0)
    expect(await page.locator('[data-needs-action]').textContent()).toBe('1')
    await keepScreenshot(page, 'liar-queue')
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
  })

  it('copies and saves an evidence pack that names the network as the app does', async () => {
    const { page } = preview
    await row().locator('[data-action="copy-evidence"]').click()
    const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())
    expect(copied).toContain(`Payment id: ${liar}`)
    expect(copied).toContain('Network: Sandbox')
    expect(copied).not.toContain('Pi Testnet')
    expect(copied).toMatch(/It pays 2\.5000000 Pi, not 5\.0000000 Pi\./)

    const [download] = await Promise.all([page.waitForEvent('download'), row().locator('[data-action="save-evidence"]').click()])
    expect(download.suggestedFilename()).toBe(`evidence-${liar}.txt`)
    expect(await readFile((await download.path())!, 'utf8')).toBe(copied)
  })

  it('marks it reviewed with a note: out of "needs action", still listed, audited in words', async () => {
    const { page } = preview
    await row().locator('[data-action="review"]').click()
    const confirm = page.locator('[data-confirm-review]')
    expect(await confirm.isDisabled()).toBe(true)
    await page.locator('[data-review-note]').fill(NOTE)
    await confirm.click()
    await expect.poll(() => row().getAttribute('data-reviewed')).toBe('yes')
    expect(await row().locator('[data-review]').textContent()).toContain(NOTE)
    expect(await page.locator('[data-needs-action]').textContent()).toBe('0')
    expect(await page.locator('[data-reviewed-count]').textContent()).toContain('1 more reviewed')
    expect(preview.services.store.sqlite.prepare('SELECT identifier, reviewed_by, note FROM payment_reviews').all()).toEqual([
      { identifier: liar, reviewed_by: 'desktop', note: NOTE }
    ])
    await keepScreenshot(page, 'liar-reviewed')

    await page.goto(`${preview.server.url}#/audit-log`)
    const entry = page.locator('[data-audit-entry]').first()
    await entry.waitFor()
    expect(await entry.locator('[data-action]').textContent()).toBe('Marked a payment reviewed')
    const text = (await page.locator('[data-audit-table]').textContent())!
    expect(text).not.toMatch(/\b(payment|refund|payout)\.[a-z_]+\b|– → –/)
  })

  it("tells the same path on the payment's own page and in the reconciliation", async () => {
    const { page } = preview
    await page.goto(`${preview.server.url}#/payments/${liar}`)
    const path = page.locator('[data-stuck-path]')
    await path.waitFor()
    expect(await path.textContent()).toContain(UNPAID_LINKED_RULE)
    expect(await path.textContent()).toContain('Mark it reviewed in the Queue')
    await keepScreenshot(page, 'liar-payment')

    const run = await preview.services.router.call('reconcile:run', { from: '2000-01-01', to: DateTime.utc().plus({ days: 1 }).toISODate() })
    if (!run.ok) throw new Error(run.error.message)
    const report = await preview.services.router.call('reconcile:report', { runId: run.value.id })
    if (!report.ok) throw new Error(report.error.message)
    const about = report.value.groups.flatMap((group) => group.items).filter((item) => item.paymentId === liar)
    expect(about.map((item) => item.type)).toContain('transaction_unverified')
    for (const item of about) {
      expect(item.sentence).not.toMatch(/cancel it from the Queue|cancel it if/i)
    }
    expect(about.find((item) => item.type === 'transaction_unverified')!.sentence).toContain(UNPAID_LINKED_RULE)

    // The reconciliation page says it too, and its drawer wraps the addresses instead of widening.
    await page.goto(`${preview.server.url}#/reconciliation`)
    await page.locator('[data-type-count="transaction_unverified"] button').click()
    const item = page.locator(`[data-group="transaction_unverified"] [data-item][data-subject="${liar}"]`)
    await item.locator('[data-open-item]').click()
    const panel = page.locator('[data-item-panel]')
    await panel.waitFor()
    expect(await panel.locator('[data-panel-sentence]').textContent()).toContain(UNPAID_LINKED_RULE)
    await keepScreenshot(page, 'liar-reconciliation-drawer')
    expect(await horizontalOverflow(page)).toEqual({ page: 0, inner: [] })
  })
})
