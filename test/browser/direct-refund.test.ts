// The refund form when Pi will not make the refund (issue 19, item 5), in Chromium over the app's
// embedded sandbox: a buyer who never let the app pay them (no wallet_address) is refunded from the
// sale's panel; Pi refuses the A2U payment, nothing is paid, and the form offers the refund to the
// paying address, saying why. Taking it pays the buyer's address exactly the amount, once, on chain,
// from the app wallet, with the refund's own memo.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/app/compose'
import type { QueueConnection } from '../../src/main/queue'
import { trackPayments } from '../../src/main/tracking'
import type { PreviewServer } from '../../src/preview/server'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { openPreviewBrowser, sandboxConnection, type PreviewBrowser } from './preview-browser'

const PI = 10_000_000n

let sandbox: RunningSandbox
let preview: PreviewBrowser
let services: MainServices
let server: PreviewServer
let page: Page
let connection: QueueConnection
const problems: string[] = []

beforeAll(async () => {
  preview = await openPreviewBrowser({ width: 1400, height: 900, sandbox: { payments: 0, ledgerIntervalMs: 0 } })
  ;({ services, server, page } = preview)
  connection = await sandboxConnection(services)
  sandbox = services.sandbox()!.sandbox
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
}, 180_000)

afterAll(async () => {
  await preview?.close()
})

describe('a refund Pi refuses to make', () => {
  it('offers the refund to the paying address, says why, and pays that address once on chain', async () => {
    const buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: 'no-wallet-grant', grantWalletAddress: false })
    const sale = buyer.startPayment({ amount: 6, memo: 'Tea set', metadata: { orderId: 'SO-direct' } }).identifier
    await connection.pi.approvePayment(sale)
    const txid = buyer.submitPayment(sale).txid
    if (txid === null) throw new Error('the buyer submitted nothing')
    await connection.pi.completePayment(sale, txid)
    await trackPayments({ store: services.store, pi: connection.pi, horizon: connection.horizon, networkId: 'sandbox', appWallet: connection.appWallet, ids: [sale] })

    await page.goto(`${server.url}#/ledger`)
    await page.reload()
    await page.locator(`[data-payment="${sale}"]`).click()
    const drawer = page.getByRole('dialog', { name: 'Payment', exact: true })
    await drawer.locator('[data-payment-detail]').waitFor()
    await drawer.getByRole('button', { name: 'Refund…' }).click()
    const form = page.getByRole('dialog', { name: 'Refund', exact: true })
    await form.waitFor()
    await form.getByLabel('Amount to refund (Pi)').fill('2.5')
    await form.getByLabel('Type the amount again to confirm').fill('2.5')
    const pay = form.locator('[data-pay]')
    await expect.poll(() => pay.isDisabled()).toBe(false)
    await pay.click()

    // Pi refused: nothing paid, and the form says why it offers the other way.
    const offer = form.locator('[data-direct-refund-offer]')
    await offer.waitFor({ timeout: 30_000 })
    const why = (await offer.textContent()) ?? ''
    expect(why).toContain('Pi would not make this refund as a Pi payment (it answered: missing_scope), so nothing was paid.')
    expect(why).toContain('Pi documents app-to-user payments as available on Testnet only')
    expect(why).toContain('straight back to the wallet address that paid this sale')
    const before = sandbox.chain.account(buyer.publicKey)!.balance

    await offer.locator('[data-direct-refund-pay]').click()
    const outcome = offer.locator('[data-payout-outcome]')
    await outcome.waitFor({ timeout: 30_000 })
    expect(await outcome.getAttribute('data-payout-outcome')).toBe('completed')
    expect(await outcome.textContent()).toContain(`paid on chain to the address that paid, ${buyer.publicKey}`)
    const memo = (await offer.locator('[data-outcome-chain-memo]').textContent())!
    expect(memo).toMatch(/^rf-/)

    // The chain: the buyer's address received exactly 2.5 Pi from the app wallet, once, with that memo.
    expect(sandbox.chain.account(buyer.publicKey)!.balance - before).toBe(25n * PI / 10n)
    const paid = sandbox.chain
      .accountTransactions(sandbox.appWallet.publicKey, { order: 'asc', limit: 1_000_000 })
      .filter((transaction) => transaction.successful && transaction.memo.type === 'text' && transaction.memo.value === memo)
    expect(paid).toHaveLength(1)
    expect(problems).toEqual([])
  }, 120_000)
})
