// Issue #12 review, holes 2 and 7. The submit loop reads Pi's record before EVERY resubmission: a
// payment the shop's backend (or another tool) cancels between two attempts is never paid by the
// next one. And a second successful payment from the app wallet to the payee with the refund's
// memo (the buyer paid twice) is never swallowed: the first is the refund, every other one is
// written to the audit log as a discrepancy with its evidence.
import { Keypair } from '@stellar/stellar-sdk'
import { describe, expect, it } from 'vitest'
import { buildSignedPayment } from '../../../src/sandbox/buyer'
import { cancelPayment } from '../../../src/sandbox/platform/developer-api'
import { payoutSandboxPerFile, PI, requestKey } from './fixture'
import { ledgerSql } from '../../support'

const { sandbox, openWorld } = payoutSandboxPerFile()

const refundOf = (sale: string, amount: string) => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'damaged' as const })

describe('a refund cancelled at Pi between two submissions', () => {
  it('is not sent again: the buyer is not paid and Pi keeps it cancelled', async () => {
    let sale = ''
    let cancelledAtPi: string | null = null
    const w = openWorld({
      failpoint: (name) => {
        // The shop's backend cancels the refund at Pi right after the first (lost) submission.
        if (name !== 'transaction-submitted' || cancelledAtPi !== null) return
        const refund = [...sandbox().platform.state.payments()].find((p) => p.app === sandbox().app && p.direction === 'app_to_user' && p.metadata.refund_of === sale)
        if (refund === undefined) throw new Error('no refund at Pi')
        cancelledAtPi = cancelPayment(sandbox().platform.state, sandbox().app, refund.identifier).identifier
      }
    })
    const buyer = w.buyer()
    sale = await w.completedSale(10, buyer)
    const buyerBefore = sandbox().chain.account(buyer.publicKey)!.balance
    const submitsBefore = sandbox().horizon.requests.count('POST /transactions')
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'reset', times: 1 })

    const refund = await w.service.refund(refundOf(sale, '2'))
    expect(refund.piPaymentId).toBe(cancelledAtPi)
    expect(refund.state).toBe('submitted')
    expect(refund.problem?.code).toBe('cancelled_at_pi')
    // One submission only, lost on the way: nothing moved.
    expect(sandbox().horizon.requests.count('POST /transactions') - submitsBefore).toBe(1)
    expect(w.paymentsOnChain(refund.piPaymentId!)).toEqual([])
    expect(sandbox().chain.account(buyer.publicKey)!.balance).toBe(buyerBefore)
    const atPi = await w.pi.getPayment(refund.piPaymentId!)
    expect(atPi.status.cancelled).toBe(true)
    expect(atPi.transaction).toBeNull()
  })
})

describe('the app wallet paying the payee twice with the same memo', () => {
  it('keeps the first as the refund and reports the second as a discrepancy with its evidence', async () => {
    let crash = true
    const w = openWorld({
      failpoint: (name) => {
        if (crash && name === 'payment-stored') throw new Error('power cut')
      }
    })
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    await expect(w.service.refund(refundOf(sale, '3'))).rejects.toThrow('power cut')
    crash = false
    const [stopped] = await w.service.list('sandbox', sale)
    const piPaymentId = stopped!.piPaymentId!
    // Another tool holding the seed pays the refund, twice (e.g. a script retried by hand).
    const pay = (): string => {
      const envelope = buildSignedPayment({
        chain: sandbox().chain,
        signer: Keypair.fromSecret(sandbox().appWallet.seed),
        transfers: [{ destination: buyer.publicKey, amount: 3n * PI }],
        memoText: piPaymentId
      })
      const outcome = sandbox().chain.submit(envelope.xdr)
      if (outcome.kind !== 'applied') throw new Error(`not applied: ${outcome.kind}`)
      return envelope.hash
    }
    const first = pay()
    const second = pay()

    const [resumed] = await w.service.resume(stopped!.id)
    expect(resumed?.state).toBe('completed')
    expect(w.paymentsOnChain(piPaymentId).map((payment) => payment.hash).sort()).toEqual([first, second].sort())
    expect([first, second]).toContain(resumed!.txid)
    const atPi = await w.pi.getPayment(piPaymentId)
    expect(atPi.transaction?.txid).toBe(resumed!.txid)
    const other = resumed!.txid === first ? second : first
    const reported = (
      await ledgerSql(w.store).values("SELECT after_json FROM audit_log WHERE action = 'refund.discrepancy' ORDER BY seq") as string[]
    ).map((json) => JSON.parse(json) as Record<string, unknown>)
    expect(reported).toEqual([
      expect.objectContaining({
        txid: other,
        successful: true,
        from: sandbox().appWallet.publicKey,
        to: buyer.publicKey,
        amount: '3.0000000',
        piPaymentId
      })
    ])
    expect(String(reported[0]?.why)).toMatch(/paid twice/)
  })
})
