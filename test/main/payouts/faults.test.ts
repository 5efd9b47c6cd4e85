// The faults issue #6 names, each against the sandbox: a 504 after Horizon applied the
// transaction, Horizon unreachable until the envelope expires, Pi's create and complete timing out
// after they took effect. After recovery there is exactly one on-chain payment per refund, and
// every refund is completed or clearly stopped with nothing paid.
import { describe, expect, it } from 'vitest'
import { type openPayoutWorld, payoutSandboxPerFile, PI, requestKey, type PayoutWorld } from './fixture'
import { ledgerSql } from '../../support'

const { sandbox, openWorld } = payoutSandboxPerFile()

function open(options: Parameters<typeof openPayoutWorld>[1] = {}): PayoutWorld {
  return openWorld({ piTimeoutMs: 800, horizonSubmitTimeoutMs: 800, ...options })
}

const refundOf = (sale: string, amount = '2') => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'customer_request' as const })

describe('Horizon faults', () => {
  it('a 504 after Horizon applied the transaction: the chain is read, nothing is sent twice', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'applyThen504', times: 1 })
    const refund = await w.service.refund(refundOf(sale))
    expect(refund.state).toBe('completed')
    expect(w.paymentsOnChain(refund.piPaymentId!)).toHaveLength(1)
    expect(refund.envelopesBuilt).toBe(1)
    expect(sandbox().horizon.requests.count('POST /transactions')).toBeGreaterThanOrEqual(1)
  })

  it('Horizon unreachable: the same envelope waits; resumed later it lands once', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'html500', status: 503 })
    const stuck = await w.service.refund(refundOf(sale))
    expect(stuck.state).toBe('submitted')
    expect(stuck.problem?.code).toBe('horizon_unreachable')
    expect(stuck.problem?.message).toMatch(/cannot pay twice/)
    expect(w.paymentsOnChain(stuck.piPaymentId!)).toHaveLength(0)

    sandbox().horizon.faults.clear()
    const [resumed] = await w.service.resume(stuck.id)
    expect(resumed?.state).toBe('completed')
    expect(resumed?.envelopesBuilt).toBe(1)
    expect(resumed?.envelope?.hash).toBe(stuck.envelope?.hash)
    expect(w.paymentsOnChain(stuck.piPaymentId!)).toHaveLength(1)
  })

  it('one run sends the same envelope at most submissionsPerRun (5) times, counted at the sandbox', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'html500', status: 503 })
    const before = sandbox().horizon.requests.count('POST /transactions')
    const stuck = await w.service.refund(refundOf(sale))
    expect(stuck.state).toBe('submitted')
    expect(sandbox().horizon.requests.count('POST /transactions') - before).toBe(5)
    expect(stuck.submissions).toBe(5)
    sandbox().horizon.faults.clear()
    const [resumed] = await w.service.resume(stuck.id)
    expect(resumed?.state).toBe('completed')
  })

  it('builds a new envelope only once the old one is absent from the chain and past its maxTime', async () => {
    const w = open({ timings: { envelopeLifetimeSeconds: 30 } })
    const sale = await w.completedSale(10)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'reset' })
    const stuck = await w.service.refund(refundOf(sale))
    expect(stuck.state).toBe('submitted')
    const firstHash = stuck.envelope!.hash

    // Not expired yet: resuming resends the same envelope (still refused here), never a new one.
    const [early] = await w.service.resume(stuck.id)
    expect(early?.envelope?.hash).toBe(firstHash)
    expect(early?.envelopesBuilt).toBe(1)

    // The ledger clock passes maxTime (a ledger closes after it), and Horizon comes back.
    sandbox().chain.advanceTime(60_000)
    sandbox().chain.closeLedger()
    sandbox().horizon.faults.clear()
    const [rebuilt] = await w.service.resume(stuck.id)
    expect(rebuilt?.state).toBe('completed')
    expect(rebuilt?.envelopesBuilt).toBe(2)
    expect(rebuilt?.txid).not.toBe(firstHash)
    expect(w.paymentsOnChain(stuck.piPaymentId!)).toHaveLength(1)
    const audit = await ledgerSql(w.store).value("SELECT COUNT(*) FROM audit_log WHERE action = 'payout.envelope_expired'")
    expect(audit).toBe(1n)
  })
})

describe('Pi faults', () => {
  it("Pi's create answers 504 after creating the payment: the journal adopts it instead of creating another", async () => {
    const w = open()
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    sandbox().platform.faults.add({ route: 'POST /v2/payments', kind: 'applyThen504', times: 1 })
    const refund = await w.service.refund(refundOf(sale, '1'))
    expect(refund.state).toBe('completed')
    const a2uForBuyer = [...sandbox().platform.state.payments()].filter(
      (payment) => payment.app === sandbox().app && payment.direction === 'app_to_user' && payment.userUid === buyer.uid
    )
    expect(a2uForBuyer).toHaveLength(1)
    expect(w.paymentsOnChain(refund.piPaymentId!)).toHaveLength(1)
  })

  it("Pi's complete times out after completing: read back, completed, paid once", async () => {
    const w = open()
    const sale = await w.completedSale(10)
    sandbox().platform.faults.add({ route: 'POST /v2/payments/*/complete', kind: 'applyThen504', times: 1 })
    const refund = await w.service.refund(refundOf(sale))
    expect(refund.state).toBe('completed')
    expect((await w.pi.getPayment(refund.piPaymentId!)).status.developerCompleted).toBe(true)
    expect(w.paymentsOnChain(refund.piPaymentId!)).toHaveLength(1)
  })

  it("Pi's complete never answers: paid on chain, left confirmed with a sentence, completed on resume", async () => {
    const w = open()
    const sale = await w.completedSale(10)
    sandbox().platform.faults.add({ route: 'POST /v2/payments/*/complete', kind: 'timeout' })
    const paid = await w.service.refund(refundOf(sale))
    expect(paid.state).toBe('confirmed')
    expect(paid.problem?.code).toBe('pi_unreachable')
    expect(w.paymentsOnChain(paid.piPaymentId!)).toHaveLength(1)
    sandbox().platform.faults.clear()
    const [done] = await w.service.resume(paid.id)
    expect(done?.state).toBe('completed')
    expect(w.paymentsOnChain(paid.piPaymentId!)).toHaveLength(1)
  })
})

describe('a payout cancelled at Pi behind the journal', () => {
  it('is never paid by a new envelope: the journal reads Pi before signing, and fails it with nothing paid', async () => {
    const w = open({ timings: { envelopeLifetimeSeconds: 30 } })
    await w.knowsAppWallet()
    const buyer = w.buyer()
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'reset' })
    const stuck = await w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
    expect(stuck.state).toBe('submitted')
    // The envelope expires; the shop's backend (or the queue) cancels the open payment at Pi.
    sandbox().chain.advanceTime(60_000)
    sandbox().chain.closeLedger()
    sandbox().horizon.faults.clear()
    await w.pi.cancelPayment(stuck.piPaymentId!)
    const [after] = await w.service.resume(stuck.id)
    expect(after?.state).toBe('failed')
    expect(after?.problem?.code).toBe('cancelled_at_pi')
    expect(w.paymentsOnChain(stuck.piPaymentId!)).toHaveLength(0)
  })
})

describe('operator problems', () => {
  it('an underfunded wallet stops before signing with a sentence; topped up and resumed, it pays once', async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer()
    const balance = w.walletBalance()
    const payout = await w.service.payout({
      idempotencyKey: requestKey(),
      uid: buyer.uid,
      amount: (balance / PI).toString(),
      confirmAmount: (balance / PI).toString(),
      memo: 'Withdrawal'
    })
    expect(payout.state).toBe('blocked')
    expect(payout.problem?.code).toBe('wallet_underfunded')
    expect(payout.problem?.message).toMatch(/Top up the app wallet/)
    expect(w.paymentsOnChain(payout.piPaymentId!)).toHaveLength(0)
    expect(w.walletBalance()).toBe(balance)

    sandbox().chain.fund(sandbox().appWallet.publicKey, 1_000n * PI)
    const [resumed] = await w.service.resume(payout.id)
    expect(resumed?.state).toBe('completed')
    expect(w.paymentsOnChain(payout.piPaymentId!)).toHaveLength(1)
  })

  it('a fee above 100 x the base fee is never bid: the payout stops before signing, and pays once fees are normal', async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer()
    const normalFee = sandbox().chain.baseFee
    const before = w.walletBalance()
    const submits = sandbox().horizon.requests.count('POST /transactions')
    sandbox().chain.voteBaseFee(normalFee * 200)
    try {
      const payout = await w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
      expect(payout.state).toBe('blocked')
      expect(payout.problem?.code).toBe('fee_above_ceiling')
      expect(payout.problem?.message).toMatch(/Merchant Desk ever bids/)
      expect(payout.envelope).toBeNull()
      expect(sandbox().horizon.requests.count('POST /transactions')).toBe(submits)
      expect(w.walletBalance()).toBe(before)
      sandbox().chain.voteBaseFee(normalFee)
      const [resumed] = await w.service.resume(payout.id)
      expect(resumed?.state).toBe('completed')
      expect(resumed?.feeCharged).toBe(BigInt(normalFee))
      expect(w.paymentsOnChain(payout.piPaymentId!)).toHaveLength(1)
    } finally {
      sandbox().chain.voteBaseFee(normalFee)
    }
  })

  it("a buyer whose wallet does not exist on this network is stopped before paying anything (op_no_destination)", async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer({ funding: 0n })
    const payout = await w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
    expect(payout.state).toBe('blocked')
    expect(payout.problem?.code).toBe('op_no_destination')
    const before = w.walletBalance()
    const cancelled = await w.service.cancel(payout.id)
    expect(cancelled.state).toBe('failed')
    expect(cancelled.problem?.message).toMatch(/Nothing was paid/)
    expect((await w.pi.getPayment(payout.piPaymentId!)).status.cancelled).toBe(true)
    expect(w.walletBalance()).toBe(before)
  })

  it('missing_scope: the buyer never granted wallet_address; the payout fails with nothing paid', async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer({ grantWalletAddress: false })
    const payout = await w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
    expect(payout.state).toBe('failed')
    expect(payout.problem?.code).toBe('missing_scope')
    expect(payout.problem?.message).toMatch(/wallet_address/)
    expect(payout.piPaymentId).toBeNull()
  })

  it('user_not_found: an unknown uid fails with nothing paid', async () => {
    const w = open()
    await w.knowsAppWallet()
    const payout = await w.service.payout({ idempotencyKey: requestKey(), uid: 'no-such-buyer', amount: '1', confirmAmount: '1', memo: 'Prize' })
    expect(payout.state).toBe('failed')
    expect(payout.problem?.code).toBe('user_not_found')
  })
})
