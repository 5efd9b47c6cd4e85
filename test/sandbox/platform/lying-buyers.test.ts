import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIE_KINDS, VERIFICATION_ERROR_OF_LIE, type LieKind } from '../../../src/sandbox/buyer'
import { startPlatformFixture, type PlatformFixture } from './fixture'

let f: PlatformFixture

beforeAll(async () => {
  f = await startPlatformFixture()
})
afterAll(async () => {
  await f.close()
})

const order = { amount: 2, memo: 'Tea', metadata: { orderId: 'SO-9' } }

async function approvedPaymentOf(username: string) {
  const buyer = f.buyer(username)
  const started = buyer.startPayment(order)
  await f.api.post(`/v2/payments/${started.identifier}/approve`)
  return { buyer, id: started.identifier }
}

describe('lying buyers: complete refuses what the chain does not show', () => {
  async function expectRefused(id: string, txid: string | null, lie: LieKind): Promise<void> {
    expect(txid).toMatch(/^[0-9a-f]{64}$/)
    const seen = (await f.api.get(`/v2/payments/${id}`)).data
    expect(seen.transaction).toMatchObject({ txid, verified: false })
    expect(seen.status.transaction_verified).toBe(false)
    const complete = await f.api.post(`/v2/payments/${id}/complete`, { txid })
    expect(complete.status).toBe(400)
    expect(complete.data).toMatchObject({ error: 'verification_failed', verification_error: VERIFICATION_ERROR_OF_LIE[lie] })
    expect((await f.api.get(`/v2/payments/${id}`)).data.status.developer_completed).toBe(false)
  }

  it.each(LIE_KINDS.filter((lie) => lie !== 'replayed_txid'))(
    '%s: Pi links the txid unverified and complete answers verification_failed',
    async (lie) => {
      const { buyer, id } = await approvedPaymentOf(`liar-${lie}`)
      const submission = buyer.submitPayment(id, { lie })
      expect(submission.check?.ok).toBe(false)
      await expectRefused(id, submission.txid, lie)
    }
  )

  it('replayed_txid: the txid of an earlier settled payment is refused as already linked', async () => {
    const { buyer, id: earlier } = await approvedPaymentOf('replayer')
    const paid = buyer.submitPayment(earlier)
    expect((await f.api.post(`/v2/payments/${earlier}/complete`, { txid: paid.txid })).status).toBe(200)
    const next = buyer.startPayment(order)
    await f.api.post(`/v2/payments/${next.identifier}/approve`)
    const submission = buyer.submitPayment(next.identifier, { lie: 'replayed_txid' })
    expect(submission.outcome).toBeNull()
    expect(submission.txid).toBe(paid.txid)
    await expectRefused(next.identifier, submission.txid, 'replayed_txid')
  })

  it('records a failed transaction on the ledger (op_underfunded, fee charged) and Pi refuses it', async () => {
    const { buyer, id } = await approvedPaymentOf('broke')
    const before = f.chain.account(buyer.publicKey)?.balance ?? 0n
    const submission = buyer.submitPayment(id, { lie: 'failed_transaction' })
    expect(submission.outcome).toMatchObject({ kind: 'rejected', resultCodes: { transaction: 'tx_failed' } })
    expect(submission.outcome?.kind === 'rejected' && submission.outcome.resultCodes.operations).toContain('op_underfunded')
    expect(f.chain.account(buyer.publicKey)?.balance).toBe(before - 200_000n)
    const onHorizon = await f.server.transactions().transaction(submission.txid ?? '').call()
    expect(onHorizon.successful).toBe(false)
  })

  it('puts an other-network transaction on the other ledger only', async () => {
    const { buyer, id } = await approvedPaymentOf('elsewhere')
    const submission = buyer.submitPayment(id, { lie: 'other_network' })
    expect(f.otherChain.transaction(submission.txid ?? '')?.memo).toEqual({ type: 'text', value: id })
    expect(f.chain.transaction(submission.txid ?? '')).toBeUndefined()
  })

  it('the honest transaction of the same kind of payment completes', async () => {
    const { buyer, id } = await approvedPaymentOf('honest')
    const submission = buyer.submitPayment(id)
    expect(submission.check?.ok).toBe(true)
    expect((await f.api.post(`/v2/payments/${id}/complete`, { txid: submission.txid })).status).toBe(200)
  })
})
