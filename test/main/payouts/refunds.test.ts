// Refunds and payouts against the sandbox: the journal walks every step, the buyer is paid exactly
// once on the simulated chain, Pi marks the payment complete, the ledger links the refund to its
// sale, and every step is in the audit log.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import type { TaskProgress } from '../../../src/shared/contract'
import { openPayoutWorld, PI, requestKey, startPayoutSandbox, type PayoutWorld } from './fixture'
import { ledgerSql } from '../../support'

let sandbox: RunningSandbox
let world: PayoutWorld

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
})
afterAll(async () => sandbox.close())
beforeEach(() => {
  world = openPayoutWorld(sandbox)
})
afterEach(() => world.close())

describe('a refund', () => {
  it('pays the buyer once on chain, completes at Pi and links the refund to its sale', async () => {
    const buyer = world.buyer()
    const sale = await world.completedSale(10, buyer)
    const buyerBefore = sandbox.chain.account(buyer.publicKey)!.balance
    const walletBefore = world.walletBalance()

    const key = requestKey()
    const refund = await world.service.refund({
      idempotencyKey: key,
      paymentId: sale,
      amount: '4.5',
      confirmAmount: '4.5000000',
      reason: 'damaged',
      reasonText: 'Cup arrived chipped'
    })

    expect(refund.state).toBe('completed')
    expect(refund.piPaymentId).not.toBeNull()
    const onChain = world.paymentsOnChain(refund.piPaymentId!)
    expect(onChain).toEqual([{ hash: refund.txid, amount: 45n * PI / 10n, to: buyer.publicKey }])
    expect(sandbox.chain.account(buyer.publicKey)!.balance - buyerBefore).toBe(45n * PI / 10n)
    expect(walletBefore - world.walletBalance()).toBe(45n * PI / 10n + refund.feeCharged!)
    expect(refund.feeCharged).toBeGreaterThanOrEqual(100_000n)

    const atPi = await world.pi.getPayment(refund.piPaymentId!)
    expect(atPi.status.developerCompleted).toBe(true)
    expect(atPi.transaction?.txid).toBe(refund.txid)
    expect(atPi.metadata).toMatchObject({ refund_of: sale, kind: 'refund' })

    const row = await ledgerSql(world.store).get('SELECT refund_of, status, source, amount_stroops FROM payments WHERE identifier = ?', refund.piPaymentId) as Record<string, unknown>
    expect(row).toEqual({ refund_of: sale, status: 'completed', source: 'payout', amount_stroops: 45n * PI / 10n })

    const actions = await ledgerSql(world.store).values('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq', sale)
    expect(actions).toEqual(['refund.request', 'refund.created', 'refund.signed', 'refund.submitted', 'refund.confirmed', 'refund.completed'])

    // Progress names its payout (by request key), step by step up to 7 of 7.
    const progress = world.events.flatMap((event) => (event.name === 'task:progress' ? [event.payload as TaskProgress] : []))
    expect(progress.every((update) => update.subject === key)).toBe(true)
    expect(progress.map((update) => update.done)).toEqual([1, 2, 4, 5, 6, 7])
  })

  it('allows partial refunds up to what remains, and refuses the one that would go above it', async () => {
    const sale = await world.completedSale(10)
    const first = await world.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '6', confirmAmount: '6', reason: 'overcharged' })
    const second = await world.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '4', confirmAmount: '4', reason: 'overcharged' })
    expect([first.state, second.state]).toEqual(['completed', 'completed'])
    const calls = sandbox.platform.requests.count('POST /v2/payments')
    await expect(
      world.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '0.0000001', confirmAmount: '0.0000001', reason: 'overcharged' })
    ).rejects.toMatchObject({ code: 'refund_above_remainder' })
    expect(sandbox.platform.requests.count('POST /v2/payments')).toBe(calls)
    expect(await ledgerSql(world.store).value('SELECT COUNT(*) FROM payouts WHERE refund_of = ?', sale)).toBe(2n)
  })

  it('answers a second click with the same request key with the same refund, paying once', async () => {
    const sale = await world.completedSale(10)
    const key = requestKey()
    const request = { idempotencyKey: key, paymentId: sale, amount: '3', confirmAmount: '3', reason: 'goodwill' as const }
    const [a, b] = await Promise.all([world.service.refund(request), world.service.refund(request)])
    expect(a.id).toBe(b.id)
    expect(b.state).toBe('completed')
    expect(world.paymentsOnChain(a.piPaymentId!)).toHaveLength(1)
    expect(await ledgerSql(world.store).value('SELECT COUNT(*) FROM payouts')).toBe(1n)
  })
})

describe('a plain payout', () => {
  it('pays a buyer uid with the memo they will see', async () => {
    await world.knowsAppWallet()
    const buyer = world.buyer()
    const payout = await world.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1.25', confirmAmount: '1.25', memo: 'Contest prize' })
    expect(payout.state).toBe('completed')
    expect(world.paymentsOnChain(payout.piPaymentId!)).toEqual([{ hash: payout.txid, amount: 125n * PI / 100n, to: buyer.publicKey }])
    expect((await world.pi.getPayment(payout.piPaymentId!)).memo).toBe('Contest prize')
  })
})
