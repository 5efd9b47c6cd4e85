// A walk-in customer paid an invoice and is paid back to the address that paid (the direct refund
// of the payout journal): once the completed refunds of the invoice's payments reach what it
// received, the invoice says `refunded`, its timeline names the person, and the shop is owed an
// invoice.refunded postback, all in the transaction that completes the refund. The invoice is
// found from the refunded payment itself: an invoice id typed on the refund form cannot mark
// another invoice refunded. Through the composition root, on the test's engine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { listPostbacks } from '../../../src/main/postbacks'
import type { RunningSandbox } from '../../../src/sandbox'
import { parseHorizonAmount } from '../../../src/shared/money'
import { startTestSandbox } from '../../support'
import { openGatewayDesk, type GatewayDesk } from './fixture'

const PI = 10_000_000n
let sandbox: RunningSandbox
let desk: GatewayDesk | null = null
let keys = 0

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => sandbox.close())
afterEach(async () => {
  await desk?.close()
  desk = null
})

async function paidInvoice(d: GatewayDesk, amount: string) {
  const invoice = await d.services.invoices.create({ amount, postbackUrl: 'http://127.0.0.1:9/shop' })
  d.pay(invoice.address, parseHorizonAmount(invoice.amount), invoice.memo)
  await (await d.services.workspace()).sync().run()
  const shown = await d.services.invoices.show(invoice.id)
  expect(shown.status).toBe('paid')
  return shown
}

const refund = (operationId: string, amount: string, invoiceId?: string) => {
  keys += 1
  return { idempotencyKey: `invoice-refund-test-${keys}`.padEnd(16, '0'), operationId, amount, confirmAmount: amount, reason: 'customer_request' as const, ...(invoiceId ? { invoiceId } : {}) }
}

describe('an invoice refunded to the address that paid it', () => {
  it('stays paid after a partial refund, turns refunded when the refunds reach what it received, and the shop is told', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { start: false }))
    const invoice = await paidInvoice(d, '3')
    const operationId = invoice.payments[0]!.operationId

    expect(await d.services.payouts.refundDirect(refund(operationId, '1'))).toMatchObject({ state: 'completed', route: 'direct' })
    expect((await d.services.invoices.show(invoice.id)).status).toBe('paid')

    expect(await d.services.payouts.refundDirect(refund(operationId, '2'))).toMatchObject({ state: 'completed', route: 'direct' })
    const refunded = await d.services.invoices.show(invoice.id)
    expect(refunded.status).toBe('refunded')
    expect(refunded.refundedAt).toEqual(expect.any(String))
    expect(refunded.events.filter((event) => event.kind === 'refunded')).toEqual([expect.objectContaining({ actor: 'amira', txHash: expect.stringMatching(/^[0-9a-f]{64}$/) })])
    const owed = await listPostbacks(d.services.store, { networkId: 'sandbox', subject: invoice.id })
    expect(owed.map((postback) => postback.event).sort()).toEqual(['invoice.paid', 'invoice.refunded', 'invoice.seen'])
    expect(JSON.parse(owed.find((postback) => postback.event === 'invoice.refunded')!.body)).toMatchObject({ id: invoice.id, status: 'refunded', event: 'refunded', received: '3.0000000' })
    // Exactly 3 Pi went back on chain, in two payments with the refunds' own memos.
    const refundsOnChain = sandbox.chain
      .accountTransactions(invoice.address, { order: 'asc', limit: 1_000 })
      .filter((tx) => tx.sourceAccount === invoice.address && tx.successful && tx.memo.type === 'text' && tx.memo.value.startsWith('rf-'))
      .flatMap((tx) => tx.operations.flatMap((op) => (op.kind === 'payment' ? [op.amount] : [])))
    expect(refundsOnChain.sort()).toEqual([1n * PI, 2n * PI].sort())
  })

  it('an invoice id typed on the refund form marks nothing: the invoice is the one the refunded payment paid', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { start: false }))
    const paidByThis = await paidInvoice(d, '2')
    const another = await paidInvoice(d, '2')
    await d.services.payouts.refundDirect(refund(paidByThis.payments[0]!.operationId, '2', another.id))
    expect((await d.services.invoices.show(paidByThis.id)).status).toBe('refunded')
    expect((await d.services.invoices.show(another.id)).status).toBe('paid')
  })
})
