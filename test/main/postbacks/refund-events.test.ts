// A refund paid through the payout journal reaches the shop's backend as payment.refunded, queued
// in the transaction that marks the refund completed: the sale's identifier, amount, status and
// txid, and the refund's number, Pi payment, amount, txid, reason and the sale's refunded total.
// A payout (not a refund) queues nothing. On the test's engine, against the sandbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listPostbacks, paymentPostbacks, PostbackDeliverer } from '../../../src/main/postbacks'
import { PayoutService } from '../../../src/main/payouts'
import { ledgerSql } from '../../support'
import { payoutSandboxPerFile, requestKey, type PayoutWorld } from '../payouts/fixture'
import { startReceiver, type TestReceiver } from './receiver'

const SECRET = 'whsec_refund_events'
const { sandbox, openWorld } = payoutSandboxPerFile()
let world: PayoutWorld
let shop: TestReceiver

beforeEach(async () => {
  shop = await startReceiver(SECRET)
})
afterEach(async () => shop.close())

/** The world's payouts, told of completions as the composition root tells the postbacks. */
function payoutsTellingTheShop(inTransaction: boolean[]): PayoutService {
  const hooks = paymentPostbacks({
    url: (tx) => {
      inTransaction.push(tx.db.isTransaction)
      return shop.url
    }
  })
  return new PayoutService({
    store: world.store,
    actor: () => 'maria',
    connect: async () => ({
      networkId: 'sandbox',
      passphrase: sandbox().networkPassphrase,
      pi: world.pi,
      horizon: world.horizon,
      appWallet: world.appWallet,
      explorerTxUrl: null,
      signer: () => world.signer
    }),
    sleep: async () => undefined,
    timings: { retryDelayMs: 0 },
    onPayoutCompleted: hooks.onRefundCompleted
  })
}

describe('a refund completed', () => {
  it('queues payment.refunded with the sale and the refund, in the transaction that completes it', async () => {
    world = openWorld()
    const inTransaction: boolean[] = []
    const payouts = payoutsTellingTheShop(inTransaction)
    const sale = await world.completedSale(10)
    const first = await payouts.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '4.5', confirmAmount: '4.5', reason: 'damaged', reasonText: 'Cup arrived chipped' })
    expect(first.state).toBe('completed')
    expect(inTransaction).toEqual([true])

    const [postback, ...others] = await listPostbacks(world.store, { networkId: 'sandbox' })
    expect(others).toEqual([])
    expect(postback).toMatchObject({ topic: 'payment', subject: sale, event: 'payment.refunded' })
    const saleTxid = await ledgerSql(world.store).value('SELECT txid FROM payments WHERE identifier = ?', sale)
    expect(JSON.parse(postback?.body ?? '')).toMatchObject({
      event: 'payment.refunded',
      network: 'sandbox',
      identifier: sale,
      amount: '10.0000000',
      status: 'completed',
      txid: saleTxid,
      actor: 'maria',
      refund: {
        number: first.id,
        identifier: first.piPaymentId,
        amount: '4.5000000',
        txid: first.txid,
        reason: 'damaged',
        reason_text: 'Cup arrived chipped',
        refunded_total: '4.5000000'
      }
    })

    // A second refund of the same sale: its postback counts both.
    const second = await payouts.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '1', confirmAmount: '1', reason: 'goodwill', reasonText: '' })
    const latest = (await listPostbacks(world.store, { networkId: 'sandbox' }))[0]
    expect(JSON.parse(latest?.body ?? '')).toMatchObject({ refund: { number: second.id, amount: '1.0000000', refunded_total: '5.5000000' } })

    await new PostbackDeliverer({ store: world.store, secret: () => SECRET }).runOnce()
    expect(shop.received.map((got) => got.verified)).toEqual([true, true])
  })

  it('queues nothing for a payout, which refunds no sale', async () => {
    world = openWorld()
    const payouts = payoutsTellingTheShop([])
    await world.knowsAppWallet()
    const buyer = world.buyer()
    const paid = await payouts.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '0.25', confirmAmount: '0.25', memo: 'Thank you' })
    expect(paid.state).toBe('completed')
    expect(await listPostbacks(world.store, { networkId: 'sandbox' })).toEqual([])
  })
})
