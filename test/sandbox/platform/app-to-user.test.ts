import { Asset, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSignedPayment } from '../../../src/sandbox/buyer'
import { a2uBody, PI, startPlatformFixture, type PlatformFixture } from './fixture'

let f: PlatformFixture

beforeAll(async () => {
  f = await startPlatformFixture({ maxOpenAppToUserPayments: 3 })
})
afterAll(async () => {
  await f.close()
})

/** What the official SDKs do after create: build, sign and submit with the app wallet's seed. */
async function payOut(payment: { identifier: string; to_address: string; amount: number }, amount = String(payment.amount)) {
  const account = await f.server.loadAccount(f.shopWallet.publicKey())
  const timebounds = await f.server.fetchTimebounds(180)
  const tx = new TransactionBuilder(account, { fee: '100000', networkPassphrase: 'Pi Testnet', timebounds })
    .addOperation(Operation.payment({ destination: payment.to_address, asset: Asset.native(), amount }))
    .addMemo(Memo.text(payment.identifier))
    .build()
  tx.sign(f.shopWallet)
  const result = await f.server.submitTransaction(tx)
  return result.hash
}

describe('POST /v2/payments (A2U)', () => {
  it('creates an approved A2U payment from the app wallet to the buyer, shaped like PaymentDTO', async () => {
    const buyer = f.buyer('ann')
    const answer = await f.api.post('/v2/payments', a2uBody(buyer.uid, { amount: 2.5, memo: 'Refund', metadata: { refund_of: 'X' } }))
    expect(answer.status).toBe(200)
    const dto = answer.data
    expect(dto).toMatchObject({
      user_uid: buyer.uid,
      amount: 2.5,
      memo: 'Refund',
      metadata: { refund_of: 'X' },
      from_address: f.shopWallet.publicKey(),
      to_address: buyer.publicKey,
      direction: 'app_to_user',
      network: 'Pi Testnet',
      status: {
        developer_approved: true,
        transaction_verified: false,
        developer_completed: false,
        cancelled: false,
        user_cancelled: false
      },
      transaction: null
    })
    expect(dto.identifier).toMatch(/^[0-9A-Za-z]{28}$/)
    expect(Date.parse(dto.created_at)).not.toBeNaN()
    const documented = ['identifier', 'user_uid', 'amount', 'memo', 'metadata', 'from_address', 'to_address', 'direction', 'created_at', 'network', 'status', 'transaction']
    for (const key of Object.keys(dto)) expect([...documented, 'split_recipients', 'token_canonical']).toContain(key)
    expect((await f.api.post(`/v2/payments/${dto.identifier}/cancel`)).status).toBe(200)
  })

  it('refuses bad amounts, empty metadata and malformed bodies with 400 and Pi codes', async () => {
    const buyer = f.buyer('ben')
    for (const amount of [0, -1, '1', 1e-8, 0.123456789]) {
      const answer = await f.api.post('/v2/payments', a2uBody(buyer.uid, { amount }))
      expect(answer.status).toBe(400)
      expect(answer.data.error).toBe('invalid_amount')
    }
    for (const metadata of [{}, undefined, 'x', []]) {
      const answer = await f.api.post('/v2/payments', a2uBody(buyer.uid, { metadata }))
      expect(answer.status).toBe(400)
      expect(answer.data).toEqual({ error: 'invalid_metadata', error_message: "Metadata can't be empty." })
    }
    const notJson = await f.api.post('/v2/payments', '{"payment":', { headers: { 'Content-Type': 'application/json' } })
    expect(notJson.status).toBe(400)
    expect(notJson.data.error).toBe('invalid_arguments')
    expect((await f.api.post('/v2/payments', { amount: 1 })).data.error).toBe('invalid_arguments')
    expect(f.platform.state.openAppToUserPayments(f.shop)).toHaveLength(0)
  })

  it('answers missing_scope (401) for a buyer who never granted wallet_address, user_not_found (404) for an unknown uid', async () => {
    const carl = f.buyer('carl', { grantWalletAddress: false })
    const noScope = await f.api.post('/v2/payments', a2uBody(carl.uid))
    expect(noScope.status).toBe(401)
    expect(noScope.data.error).toBe('missing_scope')
    expect(noScope.data.error_message).toContain('wallet_address')
    const unknown = await f.api.post('/v2/payments', a2uBody('no-such-uid'))
    expect(unknown.status).toBe(404)
    expect(unknown.data.error).toBe('user_not_found')
  })

  it('answers missing_wallet for a user with no wallet on this network', async () => {
    const user = f.platform.state.registerUser({ app: f.shop, username: 'walletless', walletAddress: null })
    const answer = await f.api.post('/v2/payments', a2uBody(user.uid))
    expect(answer.status).toBe(400)
    expect(answer.data.error).toBe('missing_wallet')
  })

  it('answers ongoing_payment_found with the open payment, then too_many_payments past the app limit', async () => {
    const buyers = [f.buyer('dan'), f.buyer('dee'), f.buyer('dot'), f.buyer('dug')]
    const first = await f.api.post('/v2/payments', a2uBody(buyers[0]!.uid))
    const again = await f.api.post('/v2/payments', a2uBody(buyers[0]!.uid, { amount: 9 }))
    expect(again.status).toBe(400)
    expect(again.data.error).toBe('ongoing_payment_found')
    expect(again.data.payment).toEqual(first.data)
    await f.api.post('/v2/payments', a2uBody(buyers[1]!.uid))
    await f.api.post('/v2/payments', a2uBody(buyers[2]!.uid))
    const fourth = await f.api.post('/v2/payments', a2uBody(buyers[3]!.uid))
    expect(fourth.status).toBe(400)
    expect(fourth.data.error).toBe('too_many_payments')
    const open = await f.api.get('/v2/payments/incomplete_server_payments')
    expect(open.data.incomplete_server_payments).toHaveLength(3)
    for (const payment of open.data.incomplete_server_payments) {
      expect((await f.api.post(`/v2/payments/${payment.identifier}/cancel`)).data.status.cancelled).toBe(true)
    }
  })
})

describe('the A2U flow: create, pay on chain with the app wallet seed, complete', () => {
  it('verifies the transaction on chain at complete and links it; Pi showed transaction null until then', async () => {
    const buyer = f.buyer('eve', { funding: 5n * PI })
    const created = (await f.api.post('/v2/payments', a2uBody(buyer.uid, { amount: 1.5 }))).data
    const listed = await f.api.get('/v2/payments/incomplete_server_payments')
    expect(Object.keys(listed.data)).toEqual(['incomplete_server_payments'])
    expect(listed.data.incomplete_server_payments).toEqual([created])

    const txid = await payOut(created)
    expect(f.chain.account(buyer.publicKey)?.balance).toBe(65n * PI / 10n)
    const meanwhile = (await f.api.get(`/v2/payments/${created.identifier}`)).data
    expect(meanwhile.transaction).toBeNull()
    expect(meanwhile.status.developer_completed).toBe(false)

    const completed = await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid })
    expect(completed.status).toBe(200)
    expect(completed.data.status).toMatchObject({ transaction_verified: true, developer_completed: true })
    expect(completed.data.transaction).toEqual({ txid, verified: true, _link: `${f.horizon.url}/transactions/${txid}` })
    const onHorizon = await f.server.transactions().transaction(txid).call()
    expect(onHorizon.memo).toBe(created.identifier)
    expect((await f.api.get('/v2/payments/incomplete_server_payments')).data).toEqual({ incomplete_server_payments: [] })

    const twice = await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid })
    expect(twice.status).toBe(400)
    expect(twice.data).toMatchObject({ error: 'already_completed', txid_matches: true, payment: completed.data })
    const otherTxid = 'ab'.repeat(32)
    expect((await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid: otherTxid })).data.txid_matches).toBe(false)
    const cancelDone = await f.api.post(`/v2/payments/${created.identifier}/cancel`)
    expect(cancelDone.data.error).toBe('already_completed')
  })

  it('refuses to complete with a txid that is missing, unknown, or pays the wrong amount', async () => {
    const buyer = f.buyer('fay')
    const created = (await f.api.post('/v2/payments', a2uBody(buyer.uid, { amount: 2 }))).data
    const missing = await f.api.post(`/v2/payments/${created.identifier}/complete`, {})
    expect(missing.status).toBe(400)
    expect(missing.data.error).toBe('missing_txid')
    const unknown = await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid: 'cd'.repeat(32) })
    expect(unknown.data).toMatchObject({ error: 'verification_failed', verification_error: 'tx_not_found' })
    const short = await payOut(created, '1.9999999')
    const wrong = await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid: short })
    expect(wrong.status).toBe(400)
    expect(wrong.data).toMatchObject({ error: 'verification_failed', verification_error: 'tx_amount_mismatch' })
    const still = (await f.api.get(`/v2/payments/${created.identifier}`)).data
    expect(still.status.developer_completed).toBe(false)
    expect(still.transaction).toBeNull()
    await f.api.post(`/v2/payments/${created.identifier}/cancel`)
  })

  it('refuses a transaction with the right memo, recipient and amount paid by someone other than the app wallet', async () => {
    const recipient = f.buyer('ivy')
    const stranger = f.buyer('jon')
    const created = (await f.api.post('/v2/payments', a2uBody(recipient.uid, { amount: 1 }))).data
    const envelope = buildSignedPayment({
      chain: f.chain,
      signer: stranger.keypair,
      transfers: [{ destination: recipient.publicKey, amount: PI }],
      memoText: created.identifier
    })
    expect(f.chain.submit(envelope.xdr).kind).toBe('applied')
    const answer = await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid: envelope.hash })
    expect(answer.data).toMatchObject({ error: 'verification_failed', verification_error: 'tx_sender_mismatch' })
    await f.api.post(`/v2/payments/${created.identifier}/cancel`)
  })

  it('cancels an open A2U payment once; completing or approving it afterwards is refused', async () => {
    const buyer = f.buyer('gus')
    const created = (await f.api.post('/v2/payments', a2uBody(buyer.uid))).data
    const approve = await f.api.post(`/v2/payments/${created.identifier}/approve`)
    expect(approve.status).toBe(400)
    expect(approve.data.error).toBe('invalid_arguments')
    const cancelled = await f.api.post(`/v2/payments/${created.identifier}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.data.status).toMatchObject({ cancelled: true, user_cancelled: false, developer_completed: false })
    const again = await f.api.post(`/v2/payments/${created.identifier}/cancel`)
    expect(again.data).toMatchObject({ error: 'cancelled_payment', payment: cancelled.data })
    const complete = await f.api.post(`/v2/payments/${created.identifier}/complete`, { txid: 'ef'.repeat(32) })
    expect(complete.data.error).toBe('cancelled_payment')
    expect((await f.api.get('/v2/payments/incomplete_server_payments')).data.incomplete_server_payments).toEqual([])
    expect((await f.api.get('/v2/payments/0000000000000000000000000000')).data.error).toBe('payment_not_found')
  })
})

describe('amounts on the wire', () => {
  it('sends amounts as JSON numbers, a one-stroop payment as 1e-7', async () => {
    const buyer = f.buyer('hal')
    const created = await f.api.post('/v2/payments', a2uBody(buyer.uid, { amount: 1e-7 }), {
      responseType: 'text',
      transformResponse: (raw: string) => raw
    })
    expect(created.data).toContain('"amount":1e-7')
    const id = (JSON.parse(created.data) as { identifier: string }).identifier
    expect(f.platform.state.payment(id)?.amount).toBe(1n)
    await f.api.post(`/v2/payments/${id}/cancel`)
  })
})
