// What staff do in the incomplete-payment queue reaches the shop's backend: a completion queues
// payment.completed and a cancel payment.cancelled, in the transaction that stores the action and
// its audit entry (kept together, or neither), signed and delivered to a real receiver. A refused
// action, or no postback URL, queues nothing. On the test's engine, against the sandbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listPostbacks, paymentPostbacks, PostbackDeliverer, type PostbackUrlSource } from '../../../src/main/postbacks'
import { createQueueService, type QueueService } from '../../../src/main/queue'
import { ledgerSql } from '../../support'
import { approvedPayment, paidPayment, queueSandboxPerFile, type QueueWorld } from '../queue/fixture'
import { startReceiver, type TestReceiver } from './receiver'

const SECRET = 'whsec_queue_events'
const { openWorld } = queueSandboxPerFile()
let world: QueueWorld
let shop: TestReceiver

beforeEach(async () => {
  shop = await startReceiver(SECRET)
})
afterEach(async () => shop.close())

/** The world's queue, told of actions as the composition root tells the postbacks. */
function queueTellingTheShop(url: PostbackUrlSource, inTransaction: boolean[] = []): QueueService {
  const hooks = paymentPostbacks({
    url: (tx) => {
      inTransaction.push(tx.db.isTransaction)
      return url(tx)
    }
  })
  return createQueueService({
    store: world.store,
    actor: () => 'maria',
    networkId: () => 'sandbox',
    connect: async () => world.connection,
    now: () => world.now(),
    sleep: async () => undefined,
    payouts: world.payouts,
    onPaymentAction: hooks.onPaymentAction
  })
}

async function postbacks() {
  return listPostbacks(world.store, { networkId: 'sandbox' })
}

describe('a queue completion', () => {
  it('queues payment.completed with the payment, in the transaction of the action and its audit entry, and the shop gets it signed', async () => {
    world = openWorld()
    const inTransaction: boolean[] = []
    const queue = queueTellingTheShop(() => shop.url, inTransaction)
    const { id, txid } = await paidPayment(world, { amount: 5 })
    await world.track(id)

    const done = await queue.act({ action: 'complete', ids: [id] })
    expect(done.results[0]).toMatchObject({ outcome: 'done', code: 'completed' })
    expect(inTransaction).toEqual([true])
    expect(await ledgerSql(world.store).values("SELECT action FROM audit_log WHERE subject = ? AND action = 'payment.complete'", id)).toEqual(['payment.complete'])

    const [postback, ...others] = await postbacks()
    expect(others).toEqual([])
    expect(postback).toMatchObject({ topic: 'payment', subject: id, event: 'payment.completed', url: shop.url, state: 'pending' })
    expect(JSON.parse(postback?.body ?? '')).toMatchObject({
      event: 'payment.completed',
      network: 'sandbox',
      identifier: id,
      amount: '5.0000000',
      status: 'completed',
      txid,
      metadata: { orderId: 'SO-1042' },
      actor: 'maria',
      refund: null
    })

    await new PostbackDeliverer({ store: world.store, secret: () => SECRET }).runOnce()
    expect(shop.received.map((got) => [got.deliveryId, got.verified, got.body])).toEqual([[String(postback?.id), true, postback?.body]])

    // Completing again changes nothing, and tells the shop nothing new.
    await queue.act({ action: 'complete', ids: [id] })
    expect(await postbacks()).toHaveLength(1)
    queue.dispose()
  })

  it('that is refused queues nothing', async () => {
    world = openWorld()
    const queue = queueTellingTheShop(() => shop.url)
    const { id } = await approvedPayment(world)
    await world.track(id)
    const refused = await queue.act({ action: 'complete', ids: [id] })
    expect(refused.results[0]?.outcome).toBe('refused')
    expect(await postbacks()).toEqual([])
    queue.dispose()
  })

  it('queues nothing when no postback URL is set', async () => {
    world = openWorld()
    const queue = queueTellingTheShop(() => null)
    const { id } = await paidPayment(world)
    await world.track(id)
    expect((await queue.act({ action: 'complete', ids: [id] })).results[0]?.outcome).toBe('done')
    expect(await postbacks()).toEqual([])
    queue.dispose()
  })
})

describe('a queue cancel', () => {
  it('queues payment.cancelled once Pi cancelled it', async () => {
    world = openWorld()
    const queue = queueTellingTheShop(() => shop.url)
    const { id } = await approvedPayment(world)
    await world.track(id)
    world.advance(15 * 60_000 + 1000)

    expect((await queue.act({ action: 'cancel', ids: [id] })).results[0]).toMatchObject({ outcome: 'done', code: 'cancelled' })
    const [postback] = await postbacks()
    expect(postback).toMatchObject({ subject: id, event: 'payment.cancelled' })
    expect(JSON.parse(postback?.body ?? '')).toMatchObject({ event: 'payment.cancelled', identifier: id, amount: '5.0000000', status: 'cancelled', txid: null })

    // A shop that answers 500 changes nothing but its postback: the payment and the log stay as they are.
    const ledgerNow = () => Promise.all([world.row(id), ledgerSql(world.store).values('SELECT hash FROM audit_log ORDER BY seq')])
    const before = await ledgerNow()
    shop.otherwise = 500
    expect(await new PostbackDeliverer({ store: world.store, secret: () => SECRET }).runOnce()).toMatchObject({ attempts: 1, retrying: 1 })
    expect(await ledgerNow()).toEqual(before)
    expect((await postbacks())[0]).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 })
    queue.dispose()
  })

  it('keeps the postback and the action’s record together: a postback that cannot be written leaves neither', async () => {
    world = openWorld()
    const queue = queueTellingTheShop(() => {
      throw new Error('the journal is full')
    })
    const { id } = await approvedPayment(world)
    await world.track(id)
    world.advance(15 * 60_000 + 1000)
    const audited = () => ledgerSql(world.store).values("SELECT count(*) FROM audit_log WHERE action = 'payment.cancel'")
    const before = await audited()
    await expect(queue.act({ action: 'cancel', ids: [id] })).rejects.toThrow(/the journal is full/)
    expect(await audited()).toEqual(before)
    expect(await postbacks()).toEqual([])
    queue.dispose()
  })
})
