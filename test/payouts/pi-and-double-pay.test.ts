// Issue #12 review, holes 2 and 7. The submit loop reads Pi's record before EVERY resubmission: a
// payment the shop's backend (or another tool) cancels between two attempts is never paid by the
// next one. And a second successful payment from the app wallet to the payee with the refund's
// memo (the buyer paid twice) is never swallowed: the first is the refund, every other one is
// written to the audit log as a discrepancy with its evidence.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { cancelPayment } from '../../src/sandbox/platform/developer-api'
import { openPayoutWorld, requestKey, startPayoutSandbox, type PayoutWorld } from './fixture'

let sandbox: RunningSandbox
let world: PayoutWorld | null = null

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
})
afterAll(async () => sandbox.close())
afterEach(() => {
  sandbox.horizon.faults.clear()
  world?.close()
  world = null
})

const refundOf = (sale: string, amount: string) => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'damaged' as const })

describe('a refund cancelled at Pi between two submissions', () => {
  it('is not sent again: the buyer is not paid and Pi keeps it cancelled', async () => {
    let sale = ''
    let cancelledAtPi: string | null = null
    const w = (world = openPayoutWorld(sandbox, {
      failpoint: (name) => {
        // The shop's backend cancels the refund at Pi right after the first (lost) submission.
        if (name !== 'transaction-submitted' || cancelledAtPi !== null) return
        const refund = [...sandbox.platform.state.payments()].find((p) => p.app === sandbox.app && p.direction === 'app_to_user' && p.metadata.refund_of === sale)
        if (refund === undefined) throw new Error('no refund at Pi')
        cancelledAtPi = cancelPayment(sandbox.platform.state, sandbox.app, refund.identifier).identifier
      }
    }))
    const buyer = w.buyer()
    sale = await w.completedSale(10, buyer)
    const buyerBefore = sandbox.chain.account(buyer.publicKey)!.balance
    const submitsBefore = sandbox.horizon.requests.count('POST /transactions')
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'reset', times: 1 })

    const refund = await w.service.refund(refundOf(sale, '2'))
    expect(refund.piPaymentId).toBe(cancelledAtPi)
    expect(refund.state).toBe('submitted')
    expect(refund.problem?.code).toBe('cancelled_at_pi')
    // One submission only, lost on the way: nothing moved.
    expect(sandbox.horizon.requests.count('POST /transactions') - submitsBefore).toBe(1)
    expect(w.paymentsOnChain(refund.piPaymentId!)).toEqual([])
    expect(sandbox.chain.account(buyer.publicKey)!.balance).toBe(buyerBefore)
    const atPi = await w.pi.getPayment(refund.piPaymentId!)
    expect(atPi.status.cancelled).toBe(true)
    expect(atPi.transaction).toBeNull()
  })
})
