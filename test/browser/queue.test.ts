// The Queue and Audit log pages end to end in Chromium, over the sandbox network: the real Pi
// Platform and Horizon simulators, the real services and a real SQLite ledger. The merchant sees
// every waiting payment with its age, buyer, amount, advice and reason; completes one with its
// advised button; acts on several at once and reads a result per row (a lying buyer refused with
// the evidence); gets a desktop notification when a payment joins the queue; and verifies the
// audit log, which then catches a tampered row.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import type { QueueConnection } from '../../src/main/queue'
import { trackPayments } from '../../src/main/tracking'
import type { PreviewServer } from '../../src/preview/server'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { openPreviewBrowser, sandboxConnection, type PreviewBrowser } from './preview-browser'

const ORDER = { memo: 'Sticker pack', metadata: { orderId: 'SO-7' } }

interface PageGlobals {
  readonly __notifications: { title: string; body: string }[]
  readonly __cspViolations: string[]
}

let sandbox: RunningSandbox
let preview: PreviewBrowser
let services: MainServices
let server: PreviewServer
let page: Page
let connection: QueueConnection
const problems: string[] = []
let buyers = 0

function buyer(): Buyer {
  buyers += 1
  return Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `shopper${buyers}`, otherNetwork: sandbox.otherNetwork.chain })
}

async function track(...ids: string[]): Promise<void> {
  await trackPayments({ store: services.store, pi: connection.pi, horizon: connection.horizon, networkId: 'sandbox', appWallet: connection.appWallet, ids })
}

async function paid(lie?: 'wrong_amount'): Promise<{ id: string; txid: string }> {
  const someone = buyer()
  const id = someone.startPayment({ amount: 5, ...ORDER }).identifier
  await connection.pi.approvePayment(id)
  const txid = someone.submitPayment(id, lie === undefined ? {} : { lie }).txid!
  return { id, txid }
}

const seeded = { paid: '', liar: '', approved: '', waiting: [] as string[] }

beforeAll(async () => {
  // The one harness, over the app's own embedded sandbox with an empty shop: the buyers below fill the queue.
  preview = await openPreviewBrowser({ width: 1400, height: 900, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
  ;({ services, server, page } = preview)
  connection = await sandboxConnection(services)
  sandbox = services.sandbox()!.sandbox

  const honest = await paid()
  const liar = await paid('wrong_amount')
  const approved = buyer().startPayment({ amount: 3, ...ORDER }).identifier
  await connection.pi.approvePayment(approved)
  const waiting = [buyer(), buyer()].map((someone) => someone.startPayment({ amount: 1.5, ...ORDER }).identifier)
  await track(honest.id, liar.id, approved, ...waiting)
  // A sync stores the wallet's history, from which the queue shows what a lying buyer really paid.
  await (await services.workspace()).sync().run()
  Object.assign(seeded, { paid: honest.id, liar: liar.id, approved, waiting })

  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.addInitScript(() => {
    const scope = globalThis as unknown as {
      Notification: unknown
      document: { addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void }
    }
    const shown: unknown[] = []
    Object.defineProperty(scope, '__notifications', { value: shown })
    // Records what the page shows instead of asking the desktop; permission already granted.
    scope.Notification = class {
      static permission = 'granted'
      static requestPermission = async () => 'granted'
      onclick: (() => void) | null = null
      constructor(title: string, options: { body?: string } = {}) {
        shown.push({ title, body: options.body ?? '' })
      }
    }
  })
}, 180_000)

afterAll(async () => {
  await preview?.close()
})

async function openQueue(): Promise<void> {
  await page.goto(`${server.url}#/queue`)
  await page.reload()
  await page.locator('[data-queue-table]').waitFor()
}

function row(id: string) {
  return page.locator(`[data-queue-item="${id}"]`)
}

describe('queue page', () => {
  it('shows every waiting payment with its age, buyer, amount, advice and reason, and the evidence of a failed check', async () => {
    await openQueue()
    expect(await page.locator('[data-queue-item]').count()).toBe(5)
    expect(await page.locator('[data-queue-count]').textContent()).toContain('5 payments need action')

    const paidRow = row(seeded.paid)
    expect(await paidRow.getAttribute('data-kind')).toBe('paid_not_completed')
    expect(await paidRow.locator('[data-amount]').textContent()).toBe('5.00from buyer')
    expect(await paidRow.locator('[data-age]').textContent()).toMatch(/^\d+ s$/)
    expect(await paidRow.locator('[data-advice-label]').textContent()).toBe('Complete')
    expect(await paidRow.locator('[data-reason]').textContent()).toContain('The buyer paid: their transaction is on chain')
    expect(await paidRow.locator('[data-action="complete"]').getAttribute('class')).toContain('button--primary')

    const liarRow = row(seeded.liar)
    expect(await liarRow.getAttribute('data-kind')).toBe('verification_failed')
    expect(await liarRow.locator('[data-advice-label]').textContent()).toBe('Do not deliver')
    expect(await liarRow.locator('[data-action="complete"]').count()).toBe(0)
    await liarRow.locator('[data-evidence] summary').click()
    expect(await liarRow.locator('[data-evidence]').textContent()).toContain('It pays 2.5000000 Pi, not 5.0000000 Pi.')

    // The approval wait rule: the buyer may still pay, so the advice is to wait.
    const approvedRow = row(seeded.approved)
    expect(await approvedRow.getAttribute('data-advice')).toBe('wait')
    expect(await approvedRow.locator('[data-advice-label]').textContent()).toBe('Wait')
    expect(await approvedRow.textContent()).toMatch(/until \d{4}-\d\d-\d\d \d\d:\d\d/)
    expect(await approvedRow.locator('[data-reason]').textContent()).toContain('They may still pay for another 15 min')
    await page.locator('[data-queue-rules] summary').click()
    expect(await page.locator('[data-queue-rules]').textContent()).toContain('no sooner than 15 min after it was started')
    await page.screenshot({ path: '/tmp/md-queue.png', fullPage: true })
  })

  it('completes a paid payment with its advised button and shows the result', async () => {
    await openQueue()
    await row(seeded.paid).locator('[data-action="complete"]').click()
    const result = page.locator(`[data-result="${seeded.paid}"]`)
    await result.waitFor()
    expect(await result.getAttribute('data-outcome')).toBe('done')
    expect(await result.textContent()).toContain('Completed: transaction')
    await expect.poll(() => row(seeded.paid).count()).toBe(0)
    expect(sandbox.platform.state.payment(seeded.paid)?.status.developerCompleted).toBe(true)
  })

  it('refuses to cancel too early, saying until when the buyer may pay', async () => {
    await openQueue()
    await row(seeded.approved).locator('[data-action="cancel"]').click()
    const result = page.locator(`[data-result="${seeded.approved}"]`)
    await result.waitFor()
    expect(await result.getAttribute('data-outcome')).toBe('refused')
    expect(await result.textContent()).toContain('Not cancelled: the buyer may still pay it for another 15 min')
    expect(sandbox.platform.requests.count(`POST /v2/payments/${seeded.approved}/cancel`)).toBe(0)
  })

  it('acts on several rows at once with a result per row: the liar is refused with the evidence', async () => {
    await openQueue()
    for (const id of [seeded.liar, ...seeded.waiting]) await row(id).locator('input[type="checkbox"]').check()
    expect(await page.locator('[data-selected-count]').textContent()).toBe('3 selected')
    await page.getByLabel('Action for the selected payments').selectOption('complete')
    await page.locator('[data-bulk-apply]').click()
    await page.locator(`[data-result="${seeded.liar}"]`).waitFor()
    expect(await page.locator('[data-queue-results] [role="status"]').textContent()).toBe('0 of 3 payments done.')
    const liar = page.locator(`[data-result="${seeded.liar}"]`)
    expect(await liar.getAttribute('data-outcome')).toBe('refused')
    expect(await liar.locator('[data-evidence]').textContent()).toContain('It pays 2.5000000 Pi, not 5.0000000 Pi.')
    expect(sandbox.platform.requests.count(`POST /v2/payments/${seeded.liar}/complete`)).toBe(0)
    expect(await page.locator(`[data-result="${seeded.waiting[0]}"]`).textContent()).toContain('It was never approved')

    for (const id of seeded.waiting) await row(id).locator('input[type="checkbox"]').check()
    await page.getByLabel('Action for the selected payments').selectOption('approve')
    await page.locator('[data-bulk-apply]').click()
    await expect.poll(() => page.locator('[data-queue-results] [role="status"]').textContent()).toBe('2 of 2 payments done.')
    for (const id of seeded.waiting) expect(sandbox.platform.state.payment(id)?.status.developerApproved).toBe(true)
    await page.screenshot({ path: '/tmp/md-queue-results.png', fullPage: true })
  })

  it('completes with a transaction id typed by hand, after checking it on chain', async () => {
    const someone = buyer()
    const id = someone.startPayment({ amount: 4, ...ORDER }).identifier
    await connection.pi.approvePayment(id)
    // The wallet never told Pi; the buyer sends the merchant the transaction id instead.
    const txid = someone.submitPayment(id, { reportToPi: false }).txid!
    await track(id)
    await openQueue()
    await row(id).locator('[data-action="typed-txid"]').click()
    const dialog = page.getByRole('dialog', { name: 'Complete with a transaction id' })
    await dialog.getByLabel('Transaction id').fill('not a txid')
    expect(await dialog.locator('[data-field-error]').textContent()).toBe('A transaction id is 64 hexadecimal characters.')
    await dialog.getByLabel('Transaction id').fill(txid)
    await dialog.getByRole('button', { name: 'Check and complete' }).click()
    const result = page.locator(`[data-result="${id}"]`)
    await result.waitFor()
    expect(await result.getAttribute('data-outcome')).toBe('done')
    expect(await result.textContent()).toContain(`Completed: transaction ${txid} pays exactly 4.0000000 Pi`)
    expect(sandbox.platform.state.payment(id)?.transaction?.txid).toBe(txid)
  })

  it('shows a desktop notification and the new row when a payment joins the queue', async () => {
    await openQueue()
    const before = await page.locator('[data-queue-item]').count()
    const fresh = buyer().startPayment({ amount: 2, ...ORDER }).identifier
    await track(fresh)
    services.events.emit('ledger:changed', { reason: 'sync' })
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__notifications.length)).toBe(1)
    const [shown] = await page.evaluate(() => (globalThis as unknown as PageGlobals).__notifications)
    expect(shown?.title).toBe('A payment is waiting for you')
    expect(shown?.body).toContain(`now holds ${before + 1} payments`)
    await row(fresh).waitFor()
    expect(await page.getByText('1 new payment joined the queue').count()).toBe(1)
  })
})

describe('audit log page', () => {
  it('lists every action, verifies the log, and catches a tampered row', async () => {
    await page.goto(`${server.url}#/audit-log`)
    await page.reload()
    await page.locator('[data-audit-table]').waitFor()
    const entries = await page.locator('[data-audit-entry]').count()
    expect(entries).toBe(8)
    const newest = page.locator('[data-audit-entry]').first()
    expect(await newest.locator('[data-actor]').textContent()).toBe('desktop')
    expect(await newest.locator('[data-action]').textContent()).toBe('Completed a payment')
    expect(await page.locator('[data-audit-entry="1"]').textContent()).toContain('verified → completed')

    await page.locator('[data-audit-verify]').click()
    await page.locator('[data-audit-verdict="ok"]').waitFor()
    expect(await page.locator('[data-audit-verdict="ok"]').textContent()).toContain('8 entries checked: none was changed or removed')

    services.store.sqlite.exec('DROP TRIGGER audit_log_no_update')
    services.store.sqlite.exec(`UPDATE audit_log SET after_json = replace(after_json, '"refused"', '"done"') WHERE seq = 2`)
    await page.locator('[data-audit-verify]').click()
    await page.locator('[data-audit-verdict="broken"]').waitFor()
    expect(await page.locator('[data-audit-verdict="broken"]').textContent()).toBe(
      'Entry 2 was changed after it was written: its content no longer matches its hash. First entry that does not check out: #2.'
    )
    expect(await page.locator('[data-audit-entry="2"]').getAttribute('class')).toBe('audit-table__broken')
    await page.screenshot({ path: '/tmp/md-audit.png', fullPage: true })
  })

  it('ran without console errors or Content-Security-Policy violations', async () => {
    expect(problems).toEqual([])
    // zod runs jitless in the renderer (src/renderer/src/zod-config.ts), so not even its eval probe
    // may show up here.
    const violations = await preview.cspViolations()
    expect(violations).toEqual([])
  })
})
