// Issue #12 items 5 and 6: the refund cap must hold across ledgers and desks, and a sale the chain
// does not show received is never refunded. Against the sandbox: what the chain paid and what Pi
// records, never the local database's opinion alone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { trackPayments } from '../../../src/main/tracking'
import type { RunningSandbox } from '../../../src/sandbox'
import { openPayoutWorld, PI, requestKey, startPayoutSandbox, type PayoutWorld } from './fixture'
import { ledgerSql } from '../../support'

let sandbox: RunningSandbox
const worlds: PayoutWorld[] = []

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
})
afterAll(async () => sandbox.close())
afterEach(() => {
  sandbox.horizon.faults.clear()
  sandbox.platform.faults.clear()
  for (const world of worlds.splice(0)) world.close()
})

function open(): PayoutWorld {
  const world = openPayoutWorld(sandbox, { piTimeoutMs: 800, horizonSubmitTimeoutMs: 800 })
  worlds.push(world)
  return world
}

const refundOf = (sale: string, amount: string) => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'customer_request' as const })

function a2uCreates(): number {
  return sandbox.platform.requests.count('POST /v2/payments')
}

describe("a sale the chain does not show received (item 6)", () => {
  it('is refused while its transaction was never verified on chain, with the evidence; nothing is asked of Pi', async () => {
    const w = open()
    const buyer = w.buyer()
    const id = buyer.startPayment({ amount: 10, memo: 'Lamp', metadata: { orderId: 'SO-77' } }).identifier
    await w.pi.approvePayment(id)
    const submission = buyer.submitPayment(id)
    await w.pi.completePayment(id, submission.txid!)
    // Horizon is down while the shop's id is tracked: Pi's record is stored, the chain check waits.
    sandbox.horizon.faults.add({ route: /^GET \/transactions/, kind: 'html500', status: 503 })
    await trackPayments({ store: w.store, pi: w.pi, horizon: w.horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids: [id] })
    sandbox.horizon.faults.clear()
    expect(await ledgerSql(w.store).get('SELECT status, chain_check FROM payments WHERE identifier = ?', id)).toEqual({ status: 'completed', chain_check: 'unchecked' })

    const creates = a2uCreates()
    const attempt = w.service.refund(refundOf(id, '1'))
    await expect(attempt).rejects.toMatchObject({ code: 'refund_sale_unverified' })
    await expect(attempt).rejects.toThrow(/not been checked on chain/)
    expect(a2uCreates()).toBe(creates)
    expect(await w.service.list('sandbox', id)).toEqual([])
  })

  it('is refused when the chain check failed, naming why', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    // As a sync that found the transaction did not pay the app wallet would have recorded it.
    await ledgerSql(w.store).run(`UPDATE payments SET chain_check = 'failed', chain_check_reasons_json = '["destination_mismatch"]', chain_checked_at = 1 WHERE identifier = ?`, sale)
    const creates = a2uCreates()
    await expect(w.service.refund(refundOf(sale, '1'))).rejects.toMatchObject({ code: 'refund_sale_unverified' })
    await expect(w.service.refund(refundOf(sale, '1'))).rejects.toThrow(/destination/)
    expect(a2uCreates()).toBe(creates)
  })
})

async function deskThatKnows(sale: string): Promise<PayoutWorld> {
  const desk = open()
  await trackPayments({ store: desk.store, pi: desk.pi, horizon: desk.horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids: [sale] })
  return desk
}

describe('the refund cap across two ledgers (item 5)', () => {
  it('two desks refunding one 10 Pi sale: the second is refused, never more than 10 Pi refunded on chain', async () => {
    const deskA = open()
    const sale = await deskA.completedSale(10)
    const deskB = await deskThatKnows(sale)

    const first = await deskA.service.refund(refundOf(sale, '10'))
    expect(first.state).toBe('completed')
    const creates = a2uCreates()
    await expect(deskB.service.refund(refundOf(sale, '10'))).rejects.toMatchObject({ code: 'refund_above_remainder' })
    expect(a2uCreates()).toBe(creates)
    expect(deskA.refundedOnChain(sale)).toBe(10n * PI)
    // Desk B's ledger now shows desk A's refund, linked to the sale.
    expect(await ledgerSql(deskB.store).value('SELECT COUNT(*) FROM payments WHERE refund_of = ?', sale)).toBe(1n)
  })

  it('counts what remains after a partial refund elsewhere, and a refund still in flight at Pi', async () => {
    const deskA = open()
    const sale = await deskA.completedSale(10)
    const deskB = await deskThatKnows(sale)
    expect((await deskA.service.refund(refundOf(sale, '6'))).state).toBe('completed')
    await expect(deskB.service.refund(refundOf(sale, '6'))).rejects.toThrow(/Only 4(\.0+)? Pi/)

    // Desk A's next refund stops after Pi created it, before anything is on chain.
    let crash = true
    const deskC = openPayoutWorld(sandbox, {
      databasePath: ':memory:',
      failpoint: (name) => {
        if (crash && name === 'payment-stored') throw new Error('power cut')
      }
    })
    worlds.push(deskC)
    await trackPayments({ store: deskC.store, pi: deskC.pi, horizon: deskC.horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids: [sale] })
    await expect(deskC.service.refund(refundOf(sale, '3'))).rejects.toThrow('power cut')
    crash = false
    await expect(deskB.service.refund(refundOf(sale, '2'))).rejects.toThrow(/Only 1(\.0+)? Pi/)
    const [finished] = await deskC.service.resume()
    expect(finished?.state).toBe('completed')
    expect((await deskB.service.refund(refundOf(sale, '1'))).state).toBe('completed')
    await expect(deskB.service.refund(refundOf(sale, '0.0000001'))).rejects.toThrow(/already been refunded in full/)
    expect(deskA.refundedOnChain(sale)).toBe(10n * PI)
  })

  it("refuses while Pi's record of a refund made elsewhere cannot be read, then the cap refuses it (review hole 3a)", async () => {
    const deskA = open()
    const sale = await deskA.completedSale(10)
    const deskB = await deskThatKnows(sale)
    const first = await deskA.service.refund(refundOf(sale, '10'))
    expect(first.state).toBe('completed')
    const elsewhere = first.piPaymentId!

    // Desk B finds desk A's refund on chain, but Pi answers its look-up with a broken body.
    // (Every try of this one look-up: the client's own retries get the same broken answer.)
    sandbox.platform.faults.add({ route: `GET /v2/payments/${elsewhere}`, kind: 'malformedJson' })
    const creates = a2uCreates()
    const attempt = deskB.service.refund(refundOf(sale, '10'))
    await expect(attempt).rejects.toMatchObject({ code: 'refund_history_unreadable' })
    await expect(attempt).rejects.toThrow(/could not read Pi's record.*Try again.*Nothing was paid/s)
    expect(a2uCreates()).toBe(creates)
    expect(await deskB.service.list('sandbox', sale)).toEqual([])

    expect(sandbox.platform.requests.count(`GET /v2/payments/${elsewhere}`)).toBeGreaterThan(0)
    sandbox.platform.faults.clear()

    // Pi answers now: the catch-up links the refund to the sale and the cap refuses.
    await expect(deskB.service.refund(refundOf(sale, '10'))).rejects.toMatchObject({ code: 'refund_above_remainder' })
    expect(a2uCreates()).toBe(creates)
    expect(await deskB.service.list('sandbox', sale)).toEqual([])
    expect(deskA.refundedOnChain(sale)).toBe(10n * PI)
  })

  it('refuses with a sentence when the refunds cannot be brought up to date', async () => {
    const deskA = open()
    const sale = await deskA.completedSale(10)
    sandbox.horizon.faults.add({ route: /^GET \/accounts\/.*\/payments/, kind: 'html500', status: 503 })
    const creates = a2uCreates()
    await expect(deskA.service.refund(refundOf(sale, '1'))).rejects.toMatchObject({ code: 'refund_history_unavailable' })
    await expect(deskA.service.refund(refundOf(sale, '1'))).rejects.toThrow(/Nothing was paid/)
    expect(a2uCreates()).toBe(creates)
  })
})
