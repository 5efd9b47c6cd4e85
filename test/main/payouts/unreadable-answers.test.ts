// Issue #12 item 4: an unreadable answer (a 2xx whose JSON is cut short) to a Pi WRITE says nothing
// about whether Pi acted. The journal reads Pi back (open payments by request key, GET payment)
// before deciding, and never says "failed, nothing was paid" while Pi holds the payment.
import { describe, expect, it } from 'vitest'
import { payoutSandboxPerFile, requestKey, type PayoutWorld } from './fixture'

const { sandbox, openWorld } = payoutSandboxPerFile()

function open(): PayoutWorld {
  return openWorld({ piTimeoutMs: 800, horizonSubmitTimeoutMs: 800 })
}

const refundOf = (sale: string, amount = '2') => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'customer_request' as const })

function appToUserFor(uid: string) {
  return [...sandbox().platform.state.payments()].filter((payment) => payment.app === sandbox().app && payment.direction === 'app_to_user' && payment.userUid === uid)
}

describe('a truncated answer to a Pi write', () => {
  it('create: Pi made the payment; the journal finds it by request key and pays it once', async () => {
    const w = open()
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    sandbox().platform.faults.add({ route: 'POST /v2/payments', kind: 'malformedJson', times: 1 })
    const refund = await w.service.refund(refundOf(sale))
    expect(refund.state).toBe('completed')
    expect(appToUserFor(buyer.uid)).toHaveLength(1)
    expect(w.paymentsOnChain(refund.piPaymentId!)).toHaveLength(1)
    expect((await w.pi.getPayment(refund.piPaymentId!)).status.developerCompleted).toBe(true)
    // The buyer is not blocked: a second refund goes through.
    const second = await w.service.refund(refundOf(sale, '1'))
    expect(second.state).toBe('completed')
  })

  it('create, Pi unreachable when read back: the payout waits (outcome unknown), never "failed, nothing was paid"', async () => {
    const w = open()
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    sandbox().platform.faults.add({ route: 'POST /v2/payments', kind: 'malformedJson', times: 1 })
    // Pi's open payments answer the refund's catch-up sync and the look before creating, then fail.
    sandbox().platform.faults.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'html500', status: 502, skip: 2 })
    const waiting = await w.service.refund(refundOf(sale))
    expect(waiting.state).toBe('recorded')
    expect(waiting.problem?.code).toBe('pi_unreachable')
    expect(appToUserFor(buyer.uid)).toHaveLength(1)
    sandbox().platform.faults.clear()
    const [resumed] = await w.service.resume(waiting.id)
    expect(resumed?.state).toBe('completed')
    expect(appToUserFor(buyer.uid)).toHaveLength(1)
    expect(w.paymentsOnChain(resumed!.piPaymentId!)).toHaveLength(1)
  })

  it('complete: Pi completed it; the journal reads the payment back and says completed', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    sandbox().platform.faults.add({ route: 'POST /v2/payments/*/complete', kind: 'malformedJson', times: 1 })
    const refund = await w.service.refund(refundOf(sale))
    expect(refund.state).toBe('completed')
    expect(refund.problem).toBeNull()
    const atPi = await w.pi.getPayment(refund.piPaymentId!)
    expect(atPi.status.developerCompleted).toBe(true)
    expect(atPi.transaction?.txid).toBe(refund.txid)
    expect(w.paymentsOnChain(refund.piPaymentId!)).toHaveLength(1)
  })

  it('cancel: Pi cancelled it; the journal reads it back and records the payout cancelled with nothing paid', async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer({ funding: 0n })
    const payout = await w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
    expect(payout.state).toBe('blocked')
    sandbox().platform.faults.add({ route: 'POST /v2/payments/*/cancel', kind: 'malformedJson', times: 1 })
    const cancelled = await w.service.cancel(payout.id)
    expect(cancelled.state).toBe('failed')
    expect((await w.pi.getPayment(payout.piPaymentId!)).status.cancelled).toBe(true)
    expect(w.paymentsOnChain(payout.piPaymentId!)).toHaveLength(0)
  })
})
