// The queue lists every payment waiting for the merchant, against the sandbox: each kind, with
// its age, buyer, amount, the advice and the reason for it, and the evidence of a failed check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { listQueue } from '../../../src/main/queue'
import type { RunningSandbox } from '../../../src/sandbox'
import type { QueueItemView } from '../../../src/shared/contract'
import { approvedPayment, openWorld, ORDER, paidPayment, PI, startQueueSandbox, type QueueWorld } from './fixture'

let sandbox: RunningSandbox
let world: QueueWorld
beforeAll(async () => {
  sandbox = await startQueueSandbox()
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(() => world?.close())

function itemOf(items: readonly QueueItemView[], id: string): QueueItemView {
  const item = items.find((candidate) => candidate.identifier === id)
  if (!item) throw new Error(`${id} is not in the queue`)
  return item
}

describe('the incomplete-payment queue', () => {
  it('lists every kind of waiting payment, oldest first, with age, buyer, amount, advice and reason', async () => {
    world = openWorld(sandbox)
    const waiting = world.buyer()
    const unapproved = waiting.startPayment({ amount: 2.5, ...ORDER }).identifier
    const approved = await approvedPayment(world, 3)
    const paid = await paidPayment(world, { amount: 4 })
    const unlinked = await paidPayment(world, { amount: 6, reportToPi: false })
    const liar = await paidPayment(world, { amount: 8, lie: 'wrong_amount' })
    const payout = await world.pi.createPayment({ amount: 1n * PI, memo: 'Refund', metadata: { refundOf: paid.id }, uid: waiting.uid })
    await world.track(unapproved, approved.id, paid.id, unlinked.id, liar.id)
    // The sync reads the wallet's history (the unlinked payment's transaction) and Pi's open payouts.
    await world.sync()
    world.advance(20_000)

    const view = await world.service.list()
    const ids = view.items.map((item) => item.identifier)
    expect(new Set(ids)).toEqual(new Set([unapproved, approved.id, paid.id, unlinked.id, liar.id, payout.identifier]))
    expect(view.total).toBe(6)
    const created = view.items.map((item) => item.createdAt)
    expect(created).toEqual([...created].sort())
    expect(view.counts).toEqual({
      awaiting_approval: 1,
      approved_not_paid: 1,
      paid_not_completed: 2,
      payout_unfinished: 1,
      verification_failed: 1
    })

    const awaiting = itemOf(view.items, unapproved)
    expect(awaiting).toMatchObject({
      kind: 'awaiting_approval',
      advice: 'approve',
      actions: ['approve', 'cancel'],
      userUid: waiting.uid,
      amount: '2.5000000',
      direction: 'user_to_app',
      status: 'created'
    })
    expect(awaiting.reason).toMatch(/^The buyer is waiting in the Pi Browser: approve within \d+ s\./)
    expect(awaiting.ageMs).toBe(world.now().getTime() - Date.parse(awaiting.createdAt))
    expect(awaiting.ageMs).toBeGreaterThanOrEqual(19_000)

    expect(itemOf(view.items, approved.id)).toMatchObject({
      kind: 'approved_not_paid',
      advice: 'wait',
      userUid: approved.buyer.uid,
      amount: '3.0000000',
      actions: ['cancel'],
      waitUntil: new Date(Date.parse(itemOf(view.items, approved.id).createdAt) + 15 * 60_000).toISOString()
    })
    expect(itemOf(view.items, approved.id).reason).toMatch(/the buyer has not paid yet\. They may still pay for another 15 min/)

    expect(itemOf(view.items, paid.id)).toMatchObject({
      kind: 'paid_not_completed',
      advice: 'complete',
      txid: paid.txid,
      txidSource: 'pi',
      amount: '4.0000000',
      status: 'verified',
      evidence: null
    })
    expect(itemOf(view.items, paid.id).reason).toContain('The buyer paid: their transaction is on chain and pays exactly 4.0000000 Pi')

    // Pi shows no transaction, but the chain does: complete, never cancel.
    expect(itemOf(view.items, unlinked.id)).toMatchObject({
      kind: 'paid_not_completed',
      advice: 'complete',
      txid: unlinked.txid,
      txidSource: 'chain',
      status: 'approved'
    })

    const failed = itemOf(view.items, liar.id)
    expect(failed).toMatchObject({ kind: 'verification_failed', advice: 'do_not_deliver', actions: [], txid: liar.txid })
    expect(failed.evidence).toMatchObject({
      txid: liar.txid,
      txidSource: 'pi',
      verified: false,
      reasons: ['amount_mismatch'],
      explanations: ['It pays 4.0000000 Pi, not 8.0000000 Pi.'],
      chainFacts: 'read',
      expected: { amount: '8.0000000', memo: liar.id, to: sandbox.appWallet.publicKey, from: liar.buyer.publicKey },
      found: { successful: true, memoType: 'text', memo: liar.id }
    })
    expect(failed.reason).toMatch(/^The chain does not show this payment paid\. It pays 4\.0000000 Pi, not 8\.0000000 Pi\./)

    expect(itemOf(view.items, payout.identifier)).toMatchObject({
      kind: 'payout_unfinished',
      direction: 'app_to_user',
      advice: 'wait',
      amount: '1.0000000',
      userUid: waiting.uid,
      actions: ['complete']
    })
    expect(view.rules.sentences).toHaveLength(4)
    expect(view.rules).toMatchObject({ approvalWindowMs: 60_000, buyerPaysWithinMs: 900_000, payoutLandsWithinMs: 600_000 })
  })

  it('changes its advice as time passes: approve becomes cancel after the approval window, wait becomes cancel once the buyer can no longer pay', async () => {
    world = openWorld(sandbox)
    const unapproved = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    const approved = await approvedPayment(world, 1)
    const payout = await world.pi.createPayment({ amount: 2n * PI, memo: 'Payout', metadata: { n: 1 }, uid: approved.buyer.uid })
    await world.track(unapproved, approved.id, payout.identifier)

    world.advance(61_000)
    let view = await world.service.list()
    expect(itemOf(view.items, unapproved)).toMatchObject({ advice: 'cancel', actions: ['cancel'] })
    expect(itemOf(view.items, unapproved).reason).toContain('Not approved within 60 s, so Pi cancels it')
    expect(itemOf(view.items, approved.id).advice).toBe('wait')

    world.advance(15 * 60_000)
    view = await world.service.list()
    expect(itemOf(view.items, approved.id)).toMatchObject({ advice: 'cancel', actions: ['cancel', 'complete'] })
    expect(itemOf(view.items, approved.id).reason).toMatch(/^Approved 16 min ago and never paid: the buyer can no longer pay it\./)
    expect(itemOf(view.items, payout.identifier)).toMatchObject({ advice: 'cancel', actions: ['cancel', 'complete'] })
  })

  it('advises against approving a payment that fails the checks, and leaves finished payments out', async () => {
    world = openWorld(sandbox)
    const payment = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    const done = await paidPayment(world)
    await world.pi.completePayment(done.id, done.txid)
    await world.track(payment, done.id)
    // The ledger says it pays another wallet: the check of pi-platform.md §2 fails.
    const view = await listQueue(world.store, { networkId: 'sandbox', now: world.now(), appWallet: sandbox.otherNetwork.appWallet.publicKey })
    expect(view.items.map((item) => item.identifier)).toEqual([payment])
    expect(view.items[0]).toMatchObject({ kind: 'awaiting_approval', advice: 'wait', actions: ['cancel'] })
    expect(view.items[0]?.reason).toContain(`Do not approve: It pays ${sandbox.appWallet.publicKey}, not the app wallet`)
  })
})
