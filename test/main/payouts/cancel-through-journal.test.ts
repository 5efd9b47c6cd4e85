// Issue #12 item 3: a payout could land after its Pi payment was cancelled. Cancelling a Pi payment
// of one of the app's own payouts goes through the payout journal (its envelope must first be dead
// by the ledger's clock and absent from the chain), from every front door; and the submit step
// reads Pi's record before sending a stored envelope, so a payment cancelled behind the journal's
// back is never paid.
import { describe, expect, it } from 'vitest'
import { createQueueService, type QueueConnection } from '../../../src/main/queue'
import { payoutSandboxPerFile, requestKey, type PayoutWorld } from './fixture'

const { sandbox, openWorld } = payoutSandboxPerFile()

/** A refund whose envelope is signed and stored, then the process died before sending it. */
async function signedRefund(): Promise<{ w: PayoutWorld; id: number; piPaymentId: string; maxTime: number }> {
  let crash = true
  const w = openWorld({
    failpoint: (name) => {
      if (crash && name === 'envelope-signed') throw new Error('power cut')
    }
  })
  const sale = await w.completedSale(10)
  await expect(w.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '3', confirmAmount: '3', reason: 'damaged' })).rejects.toThrow('power cut')
  crash = false
  const [signed] = await w.service.list('sandbox', sale)
  expect(signed?.state).toBe('signed')
  return { w, id: signed!.id, piPaymentId: signed!.piPaymentId!, maxTime: signed!.envelope!.maxTime }
}

function expireEnvelope(maxTime: number): void {
  const lead = maxTime * 1000 - sandbox().chain.now().getTime()
  sandbox().chain.advanceTime(Math.max(0, lead) + 60_000)
  sandbox().chain.closeLedger()
}

function queueOf(w: PayoutWorld) {
  const connection: QueueConnection = { networkId: 'sandbox', pi: w.pi, horizon: w.horizon, appWallet: sandbox().appWallet.publicKey }
  // Even with the queue's own wait at zero, the journal decides for the app's own payouts.
  return createQueueService({
    store: w.store,
    actor: () => 'maria',
    networkId: () => 'sandbox',
    connect: async () => connection,
    sleep: async () => undefined,
    rules: { payoutLandsWithinMs: 0 },
    payouts: w.service.queueView()
  })
}

describe('cancelling a payout from the queue', () => {
  it('is refused while its signed envelope may land; once dead by the ledger clock the journal cancels it and nothing lands', async () => {
    const { w, id, piPaymentId, maxTime } = await signedRefund()
    const queue = queueOf(w)
    try {
      const early = await queue.act({ action: 'cancel', ids: [piPaymentId] })
      expect(early.results[0]).toMatchObject({ outcome: 'refused', code: 'payout_may_still_land' })
      expect((await w.pi.getPayment(piPaymentId)).status.cancelled).toBe(false)
      expect((await w.service.journal.get(id)).state).toBe('signed')

      expireEnvelope(maxTime)
      const late = await queue.act({ action: 'cancel', ids: [piPaymentId] })
      expect(late.results[0]).toMatchObject({ outcome: 'done', code: 'cancelled' })
      expect((await w.pi.getPayment(piPaymentId)).status.cancelled).toBe(true)
      expect(await w.service.journal.get(id)).toMatchObject({ state: 'failed', problem: { code: 'cancelled' } })

      expect(await w.service.resume()).toEqual([])
      expect(w.paymentsOnChain(piPaymentId)).toHaveLength(0)
    } finally {
      queue.dispose()
    }
  })
})

describe('a payment cancelled at Pi behind the journal while its envelope is stored', () => {
  it('is never sent: resume reads Pi first, waits out the envelope unsent, then records it failed with nothing paid', async () => {
    const { w, id, piPaymentId, maxTime } = await signedRefund()
    const walletBefore = w.walletBalance()
    // The shop's backend (or an old tool) cancels the open payment at Pi.
    await w.pi.cancelPayment(piPaymentId)
    const submitsBefore = sandbox().horizon.requests.count('POST /transactions')

    const [waiting] = await w.service.resume(id)
    expect(waiting).toMatchObject({ state: 'signed', problem: { code: 'cancelled_at_pi' } })
    expect(sandbox().horizon.requests.count('POST /transactions')).toBe(submitsBefore)

    expireEnvelope(maxTime)
    const [closed] = await w.service.resume(id)
    expect(closed).toMatchObject({ state: 'failed', problem: { code: 'cancelled_at_pi' } })
    expect(sandbox().horizon.requests.count('POST /transactions')).toBe(submitsBefore)
    expect(w.paymentsOnChain(piPaymentId)).toHaveLength(0)
    expect(w.walletBalance()).toBe(walletBefore)
  })
})

describe('a chain that moves on between two reads', () => {
  it('reads the latest ledger first, so an envelope that lands meanwhile is never taken for dead and cancelled', async () => {
    const w = openWorld({ piTimeoutMs: 800, horizonSubmitTimeoutMs: 800, timings: { envelopeLifetimeSeconds: 30 } })
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'reset' })
    const stuck = await w.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '2', confirmAmount: '2', reason: 'damaged' })
    sandbox().horizon.faults.clear()
    expect(stuck.state).toBe('submitted')
    const buyerBefore = sandbox().chain.account(buyer.publicKey)!.balance

    // The ledger read is slow; while it is under way the earlier submission reaches the network
    // after all, and the ledger clock moves past the envelope's maxTime.
    sandbox().horizon.faults.add({ route: 'GET /ledgers', kind: 'latency', ms: 700, times: 1 })
    const ledgerReads = sandbox().horizon.requests.count('GET /ledgers')
    const cancelling = w.service.cancel(stuck.id).then(
      (payout) => ({ payout, error: null }),
      (error: unknown) => ({ payout: null, error: error as { code?: string } })
    )
    while (sandbox().horizon.requests.count('GET /ledgers') === ledgerReads) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(sandbox().chain.submit(stuck.envelope!.xdr).kind).toBe('applied')
    expireEnvelope(stuck.envelope!.maxTime)
    const outcome = await cancelling
    sandbox().horizon.faults.clear()

    expect(outcome.error?.code).toBe('payout_already_paid')
    expect((await w.service.journal.get(stuck.id)).state).toBe('confirmed')
    expect((await w.pi.getPayment(stuck.piPaymentId!)).status.cancelled).toBe(false)
    const [done] = await w.service.resume(stuck.id)
    expect(done?.state).toBe('completed')
    expect(sandbox().chain.account(buyer.publicKey)!.balance - buyerBefore).toBe(2n * 10_000_000n)
    expect(w.paymentsOnChain(stuck.piPaymentId!)).toHaveLength(1)
  })
})

