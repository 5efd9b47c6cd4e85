// Pi's answers to approve, complete and cancel, each ending in a clear state and message, with
// Pi's record read back and stored. Scenarios are real: the shop's backend or the buyer acted at
// Pi after the ledger last looked, so the ledger's view is stale when staff act.
import { describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../../src/main/audit'
import { approvedPayment, auditEntries, ORDER, paidPayment, PI, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { sandbox, openWorld } = queueSandboxPerFile()
let world: QueueWorld

const BUYER_CAN_NO_LONGER_PAY = 16 * 60_000

describe('complete', () => {
  it('completes a payment the chain shows paid, stores Pi\'s record and audits before and after', async () => {
    world = openWorld()
    const { id, txid } = await paidPayment(world)
    await world.track(id)
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'completed', status: 'completed', auditSeq: 1 })
    expect(results[0]?.message).toBe(`Completed: transaction ${txid} pays exactly 5.0000000 Pi to the app wallet.`)
    expect(world.calls(id, 'complete')).toBe(1)
    expect(sandbox().platform.state.payment(id)?.status.developerCompleted).toBe(true)
    expect(await world.row(id)).toMatchObject({ developer_completed: 1n, status: 'completed', chain_check: 'verified', txid })
    expect(await auditEntries(world, id)).toEqual([
      expect.objectContaining({
        action: 'payment.complete',
        actor: 'maria',
        before: { payment: expect.objectContaining({ status: 'verified', developerCompleted: false, txid }) },
        after: {
          payment: expect.objectContaining({ status: 'completed', developerCompleted: true, txid }),
          result: expect.objectContaining({ outcome: 'done', code: 'completed', txid, evidence: expect.objectContaining({ verified: true }) })
        }
      })
    ])
    expect(world.events).toContainEqual({ name: 'ledger:changed', payload: { reason: 'queue complete' } })
    expect((await world.service.list()).items.map((item) => item.identifier)).not.toContain(id)
  })

  it('counts already_completed with the same transaction as done', async () => {
    world = openWorld()
    const { id, txid } = await paidPayment(world)
    await world.track(id)
    await world.pi.completePayment(id, txid) // the shop's backend, meanwhile
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'already_completed', status: 'completed' })
    expect(results[0]?.message).toBe('Pi already had it completed with this same transaction; nothing more to do.')
    expect(world.calls(id, 'complete')).toBe(2)
  })

  it('refuses when Pi completed it with another transaction than the one typed', async () => {
    world = openWorld()
    const { id, buyer, txid } = await paidPayment(world)
    await world.track(id)
    await world.pi.completePayment(id, txid)
    // The buyer paid a second time, and sends the merchant that txid.
    const second = buyer.submitPayment(id, { reportToPi: false }).txid!
    const { results } = await world.service.act({ action: 'complete', ids: [id], txid: second })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'completed_with_other_transaction', status: 'completed' })
    expect(results[0]?.message).toContain(`Pi shows it completed with another transaction (${txid}), not ${second}.`)
  })

  it('ends txid_mismatch in a clear state: Pi keeps the transaction it linked', async () => {
    world = openWorld()
    const { id, buyer, txid: linked } = await paidPayment(world, { lie: 'other_network' })
    const honest = buyer.submitPayment(id, { reportToPi: false }).txid!
    await world.track(id)
    const { results } = await world.service.act({ action: 'complete', ids: [id], txid: honest })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'txid_mismatch', status: 'submitted' })
    expect(results[0]?.evidence).toMatchObject({ txid: honest, txidSource: 'typed', verified: true })
    expect(results[0]?.message).toBe(
      `Pi has another transaction (${linked}) linked to this payment, so it cannot be completed with ${honest}. It stays open; check which transaction the buyer sent, and do not deliver twice.`
    )
    expect(world.calls(id, 'complete')).toBe(1)
    expect(await world.row(id)).toMatchObject({ developer_completed: 0n, txid: linked, chain_check: 'failed' })
  })

  it("ends verification_failed in a clear state when Pi's check disagrees with ours", async () => {
    world = openWorld()
    const { id } = await paidPayment(world)
    await world.track(id)
    // Pi's record no longer says what the ledger holds (the amount the transaction paid).
    const record = sandbox().platform.state.payment(id) as unknown as { amount: bigint }
    record.amount = 6n * PI
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'verification_failed', status: 'verified' })
    expect(results[0]?.message).toBe(
      "Pi refused to complete the payment: the transaction's amount differs from the payment's amount. Do not deliver; check the transaction on chain. It stays open in the queue."
    )
    expect(world.calls(id, 'complete')).toBe(1)
    // Pi's record, read back, is stored: the new amount sends the chain check back to unchecked.
    expect(await world.row(id)).toMatchObject({ developer_completed: 0n, amount_stroops: 6n * PI, chain_check: 'unchecked' })
  })

  it('ends cancelled_payment in a clear state: the buyer cancelled after paying without telling Pi', async () => {
    world = openWorld()
    const { id, buyer } = await paidPayment(world, { reportToPi: false })
    await world.track(id)
    buyer.cancelPayment(id)
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'cancelled_payment', status: 'user_cancelled' })
    expect(results[0]?.message).toBe(
      'Pi shows this payment as cancelled (the buyer cancelled it), so it cannot be completed. Its transaction moved Pi: refund the buyer.'
    )
    expect((await world.service.list()).items.map((item) => item.identifier)).not.toContain(id)
  })
})

describe('approve', () => {
  it('approves a payment that passes the checks', async () => {
    world = openWorld()
    const id = world.buyer().startPayment({ amount: 3, ...ORDER }).identifier
    await world.track(id)
    const { results } = await world.service.act({ action: 'approve', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'approved', status: 'approved' })
    expect(sandbox().platform.state.payment(id)?.status.developerApproved).toBe(true)
  })

  it('ends cancelled_payment in a clear state: the buyer cancelled before it was approved', async () => {
    world = openWorld()
    const buyer = world.buyer()
    const id = buyer.startPayment({ amount: 3, ...ORDER }).identifier
    await world.track(id)
    buyer.cancelPayment(id)
    const { results } = await world.service.act({ action: 'approve', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'cancelled_payment', status: 'user_cancelled' })
    expect(results[0]?.message).toBe('Not approved: the buyer cancelled it before it was approved.')
  })
})

describe('cancel', () => {
  it('ends payment_tx_present in a clear state: the buyer linked a transaction after the ledger looked', async () => {
    world = openWorld()
    const { id, buyer } = await approvedPayment(world)
    await world.track(id)
    const linked = buyer.submitPayment(id, { lie: 'other_network' }).txid!
    world.advance(BUYER_CAN_NO_LONGER_PAY)
    const { results } = await world.service.act({ action: 'cancel', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'payment_tx_present', status: 'submitted' })
    expect(results[0]?.message).toBe(
      `The buyer has linked a transaction (${linked}) to it, so Pi will not cancel it. It stays in the queue: check that transaction and complete it if it pays.`
    )
    expect(world.calls(id, 'cancel')).toBe(1)
    expect(await world.row(id)).toMatchObject({ txid: linked, cancelled: 0n })
  })

  it('counts cancelled_payment as done: Pi had already cancelled it', async () => {
    world = openWorld()
    const { id } = await approvedPayment(world)
    await world.track(id)
    await world.pi.cancelPayment(id) // the shop's backend, meanwhile
    world.advance(BUYER_CAN_NO_LONGER_PAY)
    const { results } = await world.service.act({ action: 'cancel', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'already_cancelled', status: 'cancelled' })
    expect(results[0]?.message).toBe('Pi had already cancelled it (it was cancelled); nothing more to do.')
  })

  it('clears an unapproved payment whose approval window closed', async () => {
    world = openWorld()
    const buyer = world.buyer()
    const id = buyer.startPayment({ amount: 3, ...ORDER }).identifier
    await world.track(id)
    buyer.letApprovalWindowExpire(id)
    const { results } = await world.service.act({ action: 'cancel', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'already_cancelled', status: 'cancelled' })
    expect(results[0]?.message).toBe('Pi had already cancelled it (Pi cancelled it when the approval window closed); nothing more to do.')
  })

  it("explains Pi's forbidden: a payment still waiting for approval expires on its own", async () => {
    world = openWorld()
    const id = world.buyer().startPayment({ amount: 3, ...ORDER }).identifier
    await world.track(id)
    const { results } = await world.service.act({ action: 'cancel', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'forbidden', status: 'created' })
    expect(results[0]?.message).toMatch(
      /^Pi does not let the app cancel a payment still waiting for approval; leave it unapproved and it expires on its own in \d+ s\.$/
    )
    expect(await verifyAuditLog(world.store)).toMatchObject({ ok: true, entries: 1 })
  })
})
