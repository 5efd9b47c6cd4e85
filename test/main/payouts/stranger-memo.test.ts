// Issue #12 item 2, as an attacker would: anyone can put a refund's Pi payment id as the memo of a
// transaction. A payout is on chain only when a successful transaction FROM the app wallet pays
// the payee exactly the amount with that memo; a stranger's transfer carrying the memo is
// reported as a discrepancy with its evidence and never adopted, and the buyer is paid once.
import { describe, expect, it } from 'vitest'
import { payoutSandboxPerFile, PI, requestKey, type PayoutWorld } from './fixture'
import { ledgerSql } from '../../support'

const { sandbox, openWorld } = payoutSandboxPerFile()

const refundOf = (sale: string, amount = '3') => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'damaged' as const })

interface DiscrepancyEvidence {
  readonly txid: string
  readonly from: string | null
  readonly to: string | null
  readonly amount: string | null
}

async function discrepancies(w: PayoutWorld): Promise<DiscrepancyEvidence[]> {
  return (await ledgerSql(w.store).values("SELECT after_json FROM audit_log WHERE action LIKE '%.discrepancy' ORDER BY seq") as string[]).map(
    (json) => JSON.parse(json) as DiscrepancyEvidence
  )
}

describe("a stranger's transfer carrying a refund's memo", () => {
  it('is never taken for the refund: resume pays the buyer exactly once and reports the transfer with its evidence', async () => {
    let crash = true
    const w = openWorld({
      failpoint: (name) => {
        if (crash && name === 'payment-stored') throw new Error('power cut')
      }
    })
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    await expect(w.service.refund(refundOf(sale))).rejects.toThrow('power cut')
    crash = false
    const [stopped] = await w.service.list('sandbox', sale)
    expect(stopped?.state).toBe('created')
    const piPaymentId = stopped!.piPaymentId!

    // The stranger: 0.0000001 Pi to the app wallet with the refund's memo, and a failed one too.
    const stranger = w.buyer()
    const tiny = stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: piPaymentId })
    expect(tiny.kind).toBe('applied')
    stranger.sendTransfer({ to: buyer.publicKey, amount: 3n * PI, memo: piPaymentId, fail: true })
    const buyerBefore = sandbox().chain.account(buyer.publicKey)!.balance

    const [resumed] = await w.service.resume(stopped!.id)
    expect(resumed?.state).toBe('completed')
    // The buyer really received the 3 Pi, from the app wallet, once.
    expect(sandbox().chain.account(buyer.publicKey)!.balance - buyerBefore).toBe(3n * PI)
    const ours = w.paymentsOnChain(piPaymentId).filter((payment) => payment.to === buyer.publicKey)
    expect(ours).toEqual([{ hash: resumed!.txid, amount: 3n * PI, to: buyer.publicKey }])
    expect(sandbox().chain.transaction(resumed!.txid!)?.sourceAccount).toBe(sandbox().appWallet.publicKey)
    // Pi's record is completed with the app's transaction, not the stranger's.
    const atPi = await w.pi.getPayment(piPaymentId)
    expect(atPi.status.developerCompleted).toBe(true)
    expect(atPi.transaction?.txid).toBe(resumed!.txid)
    expect(resumed!.txid).not.toBe(tiny.kind === 'applied' ? tiny.transaction.hash : null)
    // The stranger's transfer is in the audit log with its evidence.
    const reported = await discrepancies(w)
    expect(reported).toContainEqual(
      expect.objectContaining({ txid: tiny.kind === 'applied' ? tiny.transaction.hash : '', from: stranger.publicKey, to: sandbox().appWallet.publicKey, amount: '0.0000001' })
    )
  })

  it('while the signed envelope waits to be resent: the same envelope is sent and lands, the stranger is reported', async () => {
    const w = openWorld({ piTimeoutMs: 800, horizonSubmitTimeoutMs: 800 })
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'reset' })
    const stuck = await w.service.refund(refundOf(sale, '2'))
    expect(stuck.state).toBe('submitted')
    const stranger = w.buyer()
    stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 2n * PI, memo: stuck.piPaymentId! })
    sandbox().horizon.faults.clear()

    const [resumed] = await w.service.resume(stuck.id)
    expect(resumed?.state).toBe('completed')
    expect(resumed?.txid).toBe(stuck.envelope!.hash)
    expect(resumed?.envelopesBuilt).toBe(1)
    expect(w.paymentsOnChain(stuck.piPaymentId!).filter((payment) => payment.to === buyer.publicKey)).toHaveLength(1)
    expect((await discrepancies(w)).map((entry) => entry.from)).toContain(stranger.publicKey)
  })

  it("is seen wherever the desk's own clock stands: the memo search starts from Pi's created_at, not the local time", async () => {
    let crash = true
    const w = openWorld({
      localClockSkewMs: 2 * 60 * 60 * 1000,
      failpoint: (name) => {
        if (crash && name === 'payment-stored') throw new Error('power cut')
      }
    })
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    await expect(w.service.refund(refundOf(sale, '1'))).rejects.toThrow('power cut')
    crash = false
    const [stopped] = await w.service.list('sandbox', sale)
    const stranger = w.buyer()
    const sent = stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: stopped!.piPaymentId! })
    const [resumed] = await w.service.resume(stopped!.id)
    expect(resumed?.state).toBe('completed')
    expect(w.paymentsOnChain(stopped!.piPaymentId!).filter((payment) => payment.to === buyer.publicKey)).toHaveLength(1)
    expect((await discrepancies(w)).map((entry) => entry.txid)).toContain(sent.kind === 'applied' ? sent.transaction.hash : 'none')
  })
})
