// People, the refund policy and four eyes end to end in Chromium (issue 18), over the app's
// embedded sandbox: the real Pi Platform and Horizon simulators, the real payout journal and a
// real SQLite ledger. The owner adds themselves in Settings (the desk then asks who is working),
// then a staff member and a manager. The staff member refunds a sale above their limit: the form
// says "Waiting for approval", and nothing reaches Pi or the chain. The manager unlocks, approves
// it in the inbox, and the refund is paid exactly once on the simulated chain; the audit log names
// both. The "who is working" screen refuses a wrong secret with main's sentence, and Lock, main
// locking the desk, and idle time each bring it back.
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import type { QueueConnection } from '../../src/main/queue'
import { trackPayments } from '../../src/main/tracking'
import type { PreviewServer } from '../../src/preview/server'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { openPreviewBrowser, sandboxConnection, type PreviewBrowser } from './preview-browser'

const PI = 10_000_000n
const OWNER = { name: 'Olivia', secret: 'olivia owns the shop' }
const STAFF = { name: 'Sam', secret: '2468' }
const MANAGER = { name: 'Maya', secret: 'maya-manages' }

let sandbox: RunningSandbox
let preview: PreviewBrowser
let services: MainServices
let server: PreviewServer
let page: Page
let connection: QueueConnection
let sale = ''
let buyer: Buyer

/** A sale the buyer paid on chain, completed at Pi and tracked into the ledger; its id. */
async function completedSale(someone: Buyer, amount: number): Promise<string> {
  const id = someone.startPayment({ amount, memo: 'Tea set', metadata: { orderId: 'SO-18' } }).identifier
  await connection.pi.approvePayment(id)
  const txid = someone.submitPayment(id).txid
  if (txid === null) throw new Error('the buyer submitted nothing')
  await connection.pi.completePayment(id, txid)
  const results = await trackPayments({ store: services.store, pi: connection.pi, horizon: connection.horizon, networkId: 'sandbox', appWallet: connection.appWallet, ids: [id] })
  if (results.some((result) => result.outcome !== 'tracked' && result.outcome !== 'updated')) throw new Error(`tracking failed: ${JSON.stringify(results)}`)
  return id
}

/** Successful payments from the app wallet on the simulated chain, with their memo. */
function paymentsFromAppWallet(): { hash: string; memo: string; amount: bigint; to: string }[] {
  const history = sandbox.chain.accountTransactions(sandbox.appWallet.publicKey, { order: 'asc', limit: 1_000_000 })
  return history.flatMap((transaction) =>
    transaction.successful
      ? transaction.operations.flatMap((operation) =>
          operation.kind === 'payment' && operation.from === sandbox.appWallet.publicKey
            ? [{ hash: transaction.hash, memo: transaction.memo.type === 'text' ? transaction.memo.value : '', amount: operation.amount, to: operation.to }]
            : []
        )
      : []
  )
}

function journalCount(saleId: string): number {
  return Number(services.store.sqlite.prepare('SELECT COUNT(*) FROM payouts WHERE refund_of = ?').pluck().get(saleId))
}

beforeAll(async () => {
  preview = await openPreviewBrowser({ width: 1400, height: 900, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
  ;({ services, server, page } = preview)
  connection = await sandboxConnection(services)
  sandbox = services.sandbox()!.sandbox
  buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: 'approvals1', otherNetwork: sandbox.otherNetwork.chain })
  sale = await completedSale(buyer, 25)
}, 180_000)

afterAll(async () => {
  await preview?.close()
})

const lockScreen = (): Locator => page.locator('[data-who-is-working]')

async function unlockAs(person: { readonly name: string; readonly secret: string }): Promise<void> {
  await lockScreen().waitFor()
  await page.locator(`[data-person-choice="${person.name}"]`).click()
  await page.getByLabel('PIN or passphrase').fill(person.secret)
  await page.getByRole('button', { name: 'Unlock', exact: true }).click()
  await page.locator(`header.topbar [data-working-person="${person.name}"]`).waitFor()
}

async function lockDesk(): Promise<void> {
  await page.locator('header.topbar [data-desk-lock]').click()
  await lockScreen().waitFor()
}

async function addPerson(person: { readonly name: string; readonly secret: string }, role: string | null): Promise<void> {
  const card = page.locator('[data-people-card]')
  await card.getByLabel('Name', { exact: true }).fill(person.name)
  if (role !== null) await card.getByLabel('Role', { exact: true }).selectOption(role)
  await card.getByLabel('Their secret', { exact: true }).fill(person.secret)
  await card.getByLabel('Repeat the secret', { exact: true }).fill(person.secret)
  await card.locator('[data-person-add-submit]').click()
}

async function openSettings(): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings', exact: true }).click()
  await page.locator('[data-people-card]').waitFor()
}

describe('a staff member asks, a manager approves', () => {
  it('the owner adds themselves in Settings, and from then on the desk asks who is working', async () => {
    await page.goto(`${server.url}#/settings`)
    const card = page.locator('[data-people-card]')
    await card.waitFor()
    // A desk without people: no one in the top bar, no inbox in the sidebar, no policy card.
    expect(await page.locator('header.topbar [data-working-person]').count()).toBe(0)
    expect(await page.locator('[data-nav="approvals"]').count()).toBe(0)
    expect(await page.locator('[data-policy-card]').count()).toBe(0)
    expect(await card.getByLabel('Role', { exact: true }).inputValue()).toBe('owner')

    await addPerson(OWNER, null)
    await lockScreen().waitFor()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Who is working?')
    // Nothing of the books behind the screen.
    expect(await page.locator('nav[aria-label="Sections"]').count()).toBe(0)
    await page.screenshot({ path: '/tmp/md-who-is-working.png' })

    await unlockAs(OWNER)
    expect(await page.locator('header.topbar [data-working-role]').textContent()).toBe('Owner')
  })

  it('the owner adds a staff member and a manager, and sees the policy that binds them', async () => {
    await openSettings()
    await addPerson(STAFF, 'staff')
    await expect.poll(() => page.locator('[data-people-card] [role="status"]').textContent()).toBe('Sam was added as staff.')
    await addPerson(MANAGER, 'manager')
    await expect.poll(() => page.locator('[data-people-card] [role="status"]').textContent()).toBe('Maya was added as manager.')
    // Someone added by mistake is removed after a confirmation; their name stays in the log.
    await addPerson({ name: 'Ada', secret: 'ada-counts' }, 'accountant')
    await expect.poll(() => page.locator('[data-people] [data-person]').count()).toBe(4)
    await page.getByRole('button', { name: 'Remove Ada' }).click()
    await page.locator('[data-person="Ada"] [data-person-remove-confirm]').click()
    await expect.poll(() => page.locator('[data-people-card] [role="status"]').textContent()).toBe('Ada was removed. Their name stays in the audit log.')
    await expect.poll(() => page.locator('[data-people] [data-person]').count()).toBe(3)
    expect(await page.locator('[data-person="Sam"]').getAttribute('data-role')).toBe('staff')
    expect(await page.locator('[data-person="Maya"]').getAttribute('data-role')).toBe('manager')
    // The secrets left the form.
    const values = await page.locator('[data-people-card] input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value))
    expect(values.join('\n')).not.toContain(STAFF.secret)
    expect(values.join('\n')).not.toContain(MANAGER.secret)

    const staffPolicy = page.locator('[data-policy-role="staff"]')
    expect(await staffPolicy.locator('[data-policy-sentences]').textContent()).toContain('Refunds above 10')
    expect(await staffPolicy.getByLabel('Most one refund may be (Pi)').inputValue()).toBe('10')
    await page.screenshot({ path: '/tmp/md-settings-people.png', fullPage: true })
    await lockDesk()
  })

  it('staff refunding above their limit sees "Waiting for approval", and nothing reaches Pi or the chain', async () => {
    await unlockAs(STAFF)
    expect(await page.locator('header.topbar [data-working-role]').textContent()).toBe('Staff')
    const chainBefore = paymentsFromAppWallet().length

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Ledger', exact: true }).click()
    await page.locator(`[data-payment="${sale}"]`).click()
    const drawer = page.getByRole('dialog', { name: 'Payment', exact: true })
    await drawer.locator('[data-payment-detail]').waitFor()
    await drawer.getByRole('button', { name: 'Refund…' }).click()
    const form = page.getByRole('dialog', { name: 'Refund', exact: true })
    await form.waitFor()
    // The rule that applies, before any amount is typed.
    const rules = form.locator('[data-refund-rules]')
    expect(await rules.getAttribute('data-refund-rules')).toBe('staff')
    expect(await rules.textContent()).toContain('Refunds above 10.0000000 Pi need approval.')
    expect(await rules.textContent()).toContain('Say the reason in words.')

    await form.getByLabel('Amount to refund (Pi)').fill('20')
    await form.getByLabel('Type the amount again to confirm').fill('20')
    await form.getByLabel('Reason details').fill('Parcel lost in the post')
    const pay = form.locator('[data-pay]')
    await expect.poll(() => pay.isDisabled()).toBe(false)
    await pay.click()

    const news = form.locator('[data-approval-requested]')
    await news.waitFor({ timeout: 30_000 })
    expect(await news.getAttribute('data-approval-requested')).toBe('1')
    expect(await news.textContent()).toContain('Waiting for approval: request 1')
    expect(await news.textContent()).toContain('The refund of 20.0000000 Pi waits for approval as request 1')
    // News, not a failure: no alert, and the form is over (Done, no Pay).
    expect(await form.getByRole('alert').count()).toBe(0)
    expect(await form.locator('[data-pay]').count()).toBe(0)
    await page.screenshot({ path: '/tmp/md-refund-waiting.png' })

    expect(journalCount(sale)).toBe(0)
    expect(paymentsFromAppWallet().length).toBe(chainBefore)

    await expect.poll(() => page.locator('[data-nav="approvals"] [data-waiting-count]').getAttribute('data-waiting-count')).toBe('1')
    await form.getByRole('button', { name: 'Done' }).click()
    await page.keyboard.press('Escape')

    // The requester sees their own request, and that someone else must decide it.
    await page.goto(`${server.url}#/approvals`)
    const own = page.locator('[data-request="1"]')
    await own.waitFor()
    expect(await own.locator('[data-cannot-decide]').textContent()).toContain('another person with the right')
    expect(await own.locator('[data-approve]').count()).toBe(0)
    await lockDesk()
  })

  it('the manager approves in the inbox: the refund is paid once, on chain, and listed on the Refunds page', async () => {
    await unlockAs(MANAGER)
    const link = page.getByRole('navigation', { name: 'Sections' }).locator('[data-nav="approvals"]')
    await expect.poll(() => link.locator('[data-waiting-count]').getAttribute('data-waiting-count')).toBe('1')
    await link.click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Waiting for approval')

    const request = page.locator('[data-request="1"]')
    await request.waitFor()
    expect(await request.getAttribute('data-request-state')).toBe('open')
    expect(await request.locator('[data-request-sale] [data-long-id]').getAttribute('data-long-id')).toBe(sale)
    expect(await request.locator('[data-request-sale]').textContent()).toContain('25.00 π')
    expect(await request.locator('[data-request-sale]').textContent()).toContain('Tea set')
    expect(await request.locator('[data-request-buyer]').textContent()).toBe(buyer.uid)
    expect(await request.locator('[data-request-amount]').getAttribute('title')).toBe('20.0000000 Pi')
    expect(await request.locator('[data-requested-by]').textContent()).toBe('Sam')
    expect(await request.locator('[data-request-rule]').textContent()).toContain('above the 10.0000000 Pi staff may refund at once')
    expect(await request.locator('[data-request-reason]').textContent()).toContain('Parcel lost in the post')
    await page.screenshot({ path: '/tmp/md-approvals-inbox.png', fullPage: true })

    const paidBefore = paymentsFromAppWallet()
    await request.getByLabel('Note').fill('Checked with the courier')
    await request.locator('[data-approve]').click()

    const outcome = page.locator('[data-decision-outcome="approved"] [data-payout-outcome]')
    await outcome.waitFor({ timeout: 30_000 })
    expect(await outcome.getAttribute('data-payout-outcome')).toBe('completed')
    expect(await page.locator('[data-outcome-amount]').getAttribute('title')).toBe('20.0000000 Pi')
    const piPaymentId = (await page.locator('[data-outcome-pi-payment]').textContent())!
    expect(piPaymentId).toMatch(/\S/)

    // Exactly one payment on the chain: to the buyer, that amount, the Pi payment id as memo.
    const paid = paymentsFromAppWallet().filter((payment) => !paidBefore.some((before) => before.hash === payment.hash))
    expect(paid).toEqual([{ hash: expect.any(String), memo: piPaymentId, amount: 20n * PI, to: buyer.publicKey }])
    expect(journalCount(sale)).toBe(1)

    // The inbox reloads: nothing waits, the request is decided, approved by Maya for Sam.
    await page.locator('[data-empty-state]').waitFor()
    expect(await page.locator('[data-empty-state] h2').textContent()).toBe('Nothing is waiting for approval')
    const decided = page.locator('[data-decided-requests] [data-decided-request="1"]')
    await decided.waitFor()
    expect(await decided.locator('[data-requested-by]').textContent()).toBe('Sam')
    expect(await decided.locator('[data-decided-by]').textContent()).toContain('Maya')
    await expect.poll(() => page.locator('[data-nav="approvals"] [data-waiting-count]').count()).toBe(0)

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Refunds', exact: true }).click()
    const row = page.locator('[data-payouts-table] tr').filter({ has: page.locator(`[data-pi-payment="${piPaymentId}"]`) })
    await row.waitFor()
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('completed')
    expect(await row.locator('[data-amount]').getAttribute('title')).toBe('20.0000000 Pi')
    // The refund is Sam's, who asked for it, though Maya's approval paid it.
    expect(await row.locator('[data-requested-by]').textContent()).toBe('by Sam')
  })

  it('the audit log names the staff member who asked and the manager who approved', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log', exact: true }).click()
    await page.locator('[data-audit-table]').waitFor()
    const actorOf = async (action: string): Promise<string[]> =>
      page.locator('[data-audit-entry]').filter({ has: page.locator(`[data-action][title="${action}"]`) }).locator('[data-actor]').allTextContents()
    await expect.poll(() => actorOf('refund.ask_approval')).toEqual(['Sam'])
    expect(await actorOf('refund.approve')).toEqual(['Maya'])
    expect(await actorOf('person.add')).toEqual(expect.arrayContaining(['Olivia']))
    const actors = new Set(await page.locator('[data-audit-entry] [data-actor]').allTextContents())
    expect(actors.has('Sam')).toBe(true)
    expect(actors.has('Maya')).toBe(true)
    await page.screenshot({ path: '/tmp/md-audit-people.png', fullPage: true })
  })
})

describe('what a role may not do, and a denied request', () => {
  it('staff may not change the policy nor add people: the page shows main’s sentence, and nothing changes', async () => {
    await lockDesk()
    await unlockAs(STAFF)
    await openSettings()
    const staffPolicy = page.locator('[data-policy-role="staff"]')
    await staffPolicy.getByLabel('Most one refund may be (Pi)').fill('100')
    await staffPolicy.locator('[data-policy-save]').click()
    await expect.poll(() => staffPolicy.getByRole('alert').textContent()).toContain('Sam works as staff, who may not change the refund policy')
    expect(Number(services.store.sqlite.prepare('SELECT COUNT(*) FROM refund_policy').pluck().get())).toBe(0)

    await addPerson({ name: 'Mallory', secret: 'let me in' }, 'owner')
    await expect.poll(() => page.locator('[data-people-card]').getByRole('alert').textContent()).toContain('may not add or remove people')
    expect(await page.locator('[data-people] [data-person]').count()).toBe(3)
  })

  it('every payout by staff waits for approval; the manager must say why to deny it, and nothing is paid', async () => {
    const chainBefore = paymentsFromAppWallet().length
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Refunds', exact: true }).click()
    await page.locator('[data-new-payout]').click()
    const form = page.getByRole('dialog', { name: 'New payout', exact: true })
    await form.getByLabel('Buyer uid').fill(buyer.uid)
    await form.getByLabel('Amount to pay (Pi)').fill('1.5')
    await form.getByLabel('Memo the buyer sees').fill('Loyalty reward')
    await form.getByLabel('Type the amount again to confirm').fill('1.5')
    const pay = form.locator('[data-pay]')
    await expect.poll(() => pay.isDisabled()).toBe(false)
    await pay.click()
    const news = form.locator('[data-approval-requested]')
    await news.waitFor({ timeout: 30_000 })
    expect(await news.textContent()).toContain('Waiting for approval: request 2')
    expect(await news.textContent()).toContain('every payout by staff needs approval')
    await form.getByRole('button', { name: 'Done' }).click()
    await lockDesk()

    await unlockAs(MANAGER)
    await page.goto(`${server.url}#/approvals`)
    const request = page.locator('[data-request="2"]')
    await request.waitFor()
    expect(await request.locator('[data-request-sale]').count()).toBe(0)
    expect(await request.locator('[data-request-buyer]').textContent()).toBe(buyer.uid)
    await request.locator('[data-deny]').click()
    expect(await request.locator('[data-field-error]').textContent()).toBe('Say why you deny it: the person who asked reads this note.')
    await request.getByLabel('Note').fill('Rewards start next month')
    await request.locator('[data-deny]').click()
    const denied = page.locator('[data-decision-outcome="denied"]')
    await denied.waitFor()
    expect(await denied.textContent()).toContain('Request 2 denied')
    expect(await denied.textContent()).toContain('Rewards start next month')
    const row = page.locator('[data-decided-requests] [data-decided-request="2"]')
    await row.waitFor()
    expect(await row.textContent()).toContain('Denied')
    expect(paymentsFromAppWallet().length).toBe(chainBefore)
    expect(Number(services.store.sqlite.prepare("SELECT COUNT(*) FROM payouts WHERE kind = 'payout'").pluck().get())).toBe(0)
  })
})

describe('the who-is-working screen', () => {
  it('refuses a wrong secret with main’s sentence, and unlocks with the right one', async () => {
    await lockDesk()
    await page.locator(`[data-person-choice="${STAFF.name}"]`).click()
    await page.getByLabel('PIN or passphrase').fill('1357')
    await page.getByRole('button', { name: 'Unlock', exact: true }).click()
    const alert = lockScreen().getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain("That is not Sam's secret.")
    expect(await page.getByLabel('PIN or passphrase').inputValue()).toBe('')
    expect(await page.locator('header.topbar').count()).toBe(0)
    await page.getByLabel('PIN or passphrase').fill(STAFF.secret)
    await page.getByRole('button', { name: 'Unlock', exact: true }).click()
    await page.locator(`header.topbar [data-working-person="${STAFF.name}"]`).waitFor()
  })

  it('comes back on Lock, when main locks the desk, and after idle time', async () => {
    await lockDesk()
    await unlockAs(STAFF)
    // Main locks the desk (as another window or a removed person would): the screen follows.
    await services.session.lock()
    await lockScreen().waitFor()

    // Idle: the owner says two minutes in Settings; two minutes without a key or a click lock the
    // window by itself.
    await unlockAs(OWNER)
    await openSettings()
    const idle = page.locator('[data-idle-lock]')
    expect(await idle.getByLabel(/Lock after/).inputValue()).toBe('10')
    await idle.getByLabel(/Lock after/).fill('2')
    await idle.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => idle.locator('[data-idle-lock-status]').textContent()).toBe('The window now locks after 2 idle minutes.')
    await lockDesk()
    await page.clock.install()
    await page.reload()
    await unlockAs(STAFF)
    await page.clock.fastForward('01:30')
    expect(await lockScreen().count()).toBe(0)
    await page.clock.fastForward('00:45')
    await lockScreen().waitFor()
    expect(await services.session.current()).toBeNull()
  })

  it('left no console error or failed request behind', () => {
    expect(preview.problems).toEqual([])
  })
})
