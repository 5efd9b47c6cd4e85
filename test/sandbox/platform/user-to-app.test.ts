import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlatformFixture, type PlatformFixture } from './fixture'

let f: PlatformFixture

beforeAll(async () => {
  f = await startPlatformFixture()
})
afterAll(async () => {
  await f.close()
})

const order = { amount: 3.14, memo: 'Apple pie', metadata: { orderId: 'SO-1' } }

describe('the U2A flow: buyer creates, developer approves, buyer submits, developer completes', () => {
  it('completes only after verifying the transaction the buyer submitted', async () => {
    const buyer = f.buyer('ida')
    const started = buyer.startPayment(order)
    const pending = (await f.api.get(`/v2/payments/${started.identifier}`)).data
    expect(pending).toMatchObject({
      direction: 'user_to_app',
      amount: 3.14,
      from_address: buyer.publicKey,
      to_address: f.shopWallet.publicKey(),
      status: { developer_approved: false, transaction_verified: false },
      transaction: null
    })

    const approved = await f.api.post(`/v2/payments/${started.identifier}/approve`)
    expect(approved.status).toBe(200)
    expect(approved.data.status.developer_approved).toBe(true)
    expect((await f.api.post(`/v2/payments/${started.identifier}/approve`)).status).toBe(200)

    const submission = buyer.submitPayment(started.identifier)
    expect(submission.outcome?.kind).toBe('applied')
    const linked = (await f.api.get(`/v2/payments/${started.identifier}`)).data
    expect(linked.transaction).toEqual({
      txid: submission.txid,
      verified: true,
      _link: `${f.horizon.url}/transactions/${submission.txid}`
    })
    expect(linked.status).toMatchObject({ transaction_verified: true, developer_completed: false })

    const onChain = await f.server.transactions().transaction(submission.txid ?? '').call()
    expect(onChain).toMatchObject({ successful: true, memo_type: 'text', memo: started.identifier, source_account: buyer.publicKey })
    expect(onChain.fee_charged).toBe('100000')

    const completed = await f.api.post(`/v2/payments/${started.identifier}/complete`, { txid: submission.txid })
    expect(completed.status).toBe(200)
    expect(completed.data.status).toMatchObject({ developer_approved: true, transaction_verified: true, developer_completed: true })
  })

  it('answers txid_mismatch when the completing txid is not the linked one, not_verified before approval', async () => {
    const buyer = f.buyer('jay')
    const first = buyer.startPayment(order)
    const early = await f.api.post(`/v2/payments/${first.identifier}/complete`, { txid: 'aa'.repeat(32) })
    expect(early.status).toBe(400)
    expect(early.data.error).toBe('not_verified')
    await f.api.post(`/v2/payments/${first.identifier}/approve`)
    const submission = buyer.submitPayment(first.identifier)
    const mismatch = await f.api.post(`/v2/payments/${first.identifier}/complete`, { txid: 'bb'.repeat(32) })
    expect(mismatch.status).toBe(400)
    expect(mismatch.data.error).toBe('txid_mismatch')
    expect((await f.api.post(`/v2/payments/${first.identifier}/complete`, { txid: submission.txid })).status).toBe(200)
  })

  it('blocks a buyer with an incomplete payment from paying again until it is settled', async () => {
    const buyer = f.buyer('kim')
    const first = buyer.startPayment(order)
    await f.api.post(`/v2/payments/${first.identifier}/approve`)
    expect(() => buyer.startPayment(order)).toThrow(expect.objectContaining({ code: 'ongoing_payment_found' }))
    const cancelled = await f.api.post(`/v2/payments/${first.identifier}/cancel`)
    expect(cancelled.data.status.cancelled).toBe(true)
    expect(buyer.startPayment(order).identifier).not.toBe(first.identifier)
  })
})

describe('approval window and cancellations', () => {
  it('refuses to approve once the buyer let the approval window expire: Pi cancelled it', async () => {
    const buyer = f.buyer('lee')
    const started = buyer.startPayment(order)
    buyer.letApprovalWindowExpire(started.identifier)
    const approve = await f.api.post(`/v2/payments/${started.identifier}/approve`)
    expect(approve.status).toBe(400)
    expect(approve.data.error).toBe('cancelled_payment')
    expect(approve.data.payment.status).toMatchObject({ developer_approved: false, cancelled: true, user_cancelled: false })
  })

  it('expires an unapproved payment when the clock passes 60 s', async () => {
    const buyer = f.buyer('max')
    const started = buyer.startPayment(order)
    f.chain.advanceTime(59_000)
    expect((await f.api.get(`/v2/payments/${started.identifier}`)).data.status.cancelled).toBe(false)
    f.chain.advanceTime(2_000)
    expect((await f.api.get(`/v2/payments/${started.identifier}`)).data.status.cancelled).toBe(true)
    expect((await f.api.post(`/v2/payments/${started.identifier}/approve`)).data.error).toBe('cancelled_payment')
  })

  it('records a buyer cancellation as user_cancelled; approving it is refused', async () => {
    const buyer = f.buyer('ned')
    const started = buyer.startPayment(order)
    const cancelled = buyer.cancelPayment(started.identifier)
    expect(cancelled.status).toMatchObject({ user_cancelled: true, cancelled: false })
    const approve = await f.api.post(`/v2/payments/${started.identifier}/approve`)
    expect(approve.data.error).toBe('cancelled_payment')
    const cancel = await f.api.post(`/v2/payments/${started.identifier}/cancel`)
    expect(cancel.data.error).toBe('cancelled_payment')
  })

  it('answers forbidden to cancelling an unapproved payment, payment_tx_present once a transaction is linked', async () => {
    const buyer = f.buyer('ola')
    const started = buyer.startPayment(order)
    const forbidden = await f.api.post(`/v2/payments/${started.identifier}/cancel`)
    expect(forbidden.status).toBe(403)
    expect(forbidden.data).toMatchObject({ error: 'forbidden', payment: { identifier: started.identifier } })
    await f.api.post(`/v2/payments/${started.identifier}/approve`)
    buyer.submitPayment(started.identifier)
    const present = await f.api.post(`/v2/payments/${started.identifier}/cancel`)
    expect(present.status).toBe(400)
    expect(present.data.error).toBe('payment_tx_present')
  })

  it('cancels an approved payment that was never submitted (transaction null)', async () => {
    const buyer = f.buyer('pam')
    const started = buyer.startPayment(order)
    await f.api.post(`/v2/payments/${started.identifier}/approve`)
    const cancelled = await f.api.post(`/v2/payments/${started.identifier}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.data).toMatchObject({ transaction: null, status: { developer_approved: true, cancelled: true } })
  })
})
