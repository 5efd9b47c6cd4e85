// Cancelling only what can no longer be paid, and finishing payouts Pi still lists as open:
// completed with the transaction found on chain, or cancelled once nothing can land.
import { describe, expect, it } from 'vitest'
import { createQueueService } from '../../../src/main/queue'
import { approvedPayment, ORDER, paidPayment, payPayoutOnChain, PI, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { sandbox, openWorld } = queueSandboxPerFile()
let world: QueueWorld

describe('cancelling an approved payment the buyer has not paid', () => {
  it('waits until the buyer can no longer pay, then cancels so they can pay again', async () => {
    world = openWorld()
    const { id, buyer } = await approvedPayment(world)
    await world.track(id)

    const early = await world.service.act({ action: 'cancel', ids: [id] })
    expect(early.results[0]).toMatchObject({ outcome: 'refused', code: 'wait', status: 'approved' })
    expect(early.results[0]?.message).toMatch(/^Not cancelled: the buyer may still pay it for another 15 min \(until \d{4}-\d\d-\d\dT/)
    expect(world.calls(id, 'cancel')).toBe(0)

    world.advance(15 * 60_000 + 1000)
    const late = await world.service.act({ action: 'cancel', ids: [id] })
    expect(late.results[0]).toMatchObject({ outcome: 'done', code: 'cancelled', status: 'cancelled' })
    expect(late.results[0]?.message).toBe('Cancelled: the buyer can start a new payment.')
    expect(world.calls(id, 'cancel')).toBe(1)
    expect(() => buyer.startPayment({ amount: 1, ...ORDER })).not.toThrow()
  })

  it('refuses to cancel when the chain shows it paid, and completes it with that transaction instead', async () => {
    world = openWorld()
    const { id, txid } = await paidPayment(world, { reportToPi: false })
    await world.track(id)
    world.advance(16 * 60_000)

    const cancel = await world.service.act({ action: 'cancel', ids: [id] })
    expect(cancel.results[0]).toMatchObject({ outcome: 'refused', code: 'paid_on_chain' })
    expect(cancel.results[0]?.message).toBe(`Not cancelled: transaction ${txid} on chain pays it (Pi has not linked it yet). Complete it instead.`)
    expect(cancel.results[0]?.evidence).toMatchObject({ txid, txidSource: 'chain', verified: true })
    expect(world.calls(id, 'cancel')).toBe(0)

    const complete = await world.service.act({ action: 'complete', ids: [id] })
    expect(complete.results[0]).toMatchObject({ outcome: 'done', code: 'completed', status: 'completed' })
    expect(sandbox().platform.state.payment(id)?.transaction?.txid).toBe(txid)
    expect(await world.row(id)).toMatchObject({ txid, chain_check: 'verified' })
  })
})

describe('a payout Pi still lists as open', () => {
  it('is found by a refresh and completed with the hash found on chain', async () => {
    world = openWorld()
    const buyer = world.buyer()
    const payout = await world.pi.createPayment({ amount: 3n * PI, memo: 'Refund', metadata: { order: 7 }, uid: buyer.uid })
    const refreshed = await world.service.list({ refresh: true })
    expect(refreshed.refreshed).toMatchObject({ failed: 0 })
    expect(refreshed.items.find((item) => item.identifier === payout.identifier)).toMatchObject({ kind: 'payout_unfinished', advice: 'wait' })

    const hash = payPayoutOnChain(sandbox(), { identifier: payout.identifier, to: buyer.publicKey, amount: 3n * PI })
    world.advance(11 * 60_000)
    const cancel = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(cancel.results[0]).toMatchObject({ outcome: 'refused', code: 'paid_on_chain' })

    const { results } = await world.service.act({ action: 'complete', ids: [payout.identifier] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'completed', status: 'completed' })
    expect(results[0]?.message).toBe(`Completed: transaction ${hash} pays exactly 3.0000000 Pi to the buyer.`)
    expect(await world.pi.incompleteServerPayments()).toEqual([])
  })

  it('is cancelled only when nothing can land any more', async () => {
    world = openWorld()
    const buyer = world.buyer()
    const payout = await world.pi.createPayment({ amount: 1n * PI, memo: 'Payout', metadata: { run: 1 }, uid: buyer.uid })
    await world.service.list({ refresh: true })

    const early = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(early.results[0]).toMatchObject({ outcome: 'refused', code: 'wait' })
    expect(early.results[0]?.message).toMatch(/^Not cancelled: a transaction signed for this payout may still land for another 10 min/)
    expect(world.calls(payout.identifier, 'cancel')).toBe(0)

    world.advance(10 * 60_000 + 1000)
    const late = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(late.results[0]).toMatchObject({ outcome: 'done', code: 'cancelled', status: 'cancelled' })
    expect(late.results[0]?.message).toBe('Cancelled: Pi no longer lists this payout as open.')
    expect(await world.pi.incompleteServerPayments()).toEqual([])
  })

  it("follows the payout journal: while its signed transaction may land, resume rather than cancel", async () => {
    world = openWorld()
    const buyer = world.buyer()
    const payout = await world.pi.createPayment({ amount: 1n * PI, memo: 'Payout', metadata: { run: 2 }, uid: buyer.uid })
    const validUntil = new Date(world.now().getTime() + 20 * 60_000)
    const service = createQueueService({
      store: world.store,
      actor: () => 'maria',
      networkId: () => 'sandbox',
      connect: async () => world.connection,
      now: () => world.now(),
      sleep: async () => undefined,
      payouts: { ...world.payouts, envelopeFor: async (id) => (id === payout.identifier ? { hash: 'ab'.repeat(32), validUntil } : null) }
    })
    await service.list({ refresh: true })
    world.advance(11 * 60_000)
    const view = await service.list()
    const item = view.items.find((candidate) => candidate.identifier === payout.identifier)
    expect(item).toMatchObject({ advice: 'resume_payout', actions: ['complete'] })
    expect(item?.reason).toMatch(/^A transaction signed for this payout may still land for another 10 min\. Resume the payout from Refunds/)
    const { results } = await service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'wait' })
    expect(results[0]?.message).toContain('Resume the payout from Refunds instead.')
    expect(world.calls(payout.identifier, 'cancel')).toBe(0)
    service.dispose()
  })
})
