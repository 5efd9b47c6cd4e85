import { Keypair, TransactionBuilder, type Transaction } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Buyer } from '../../../src/sandbox/buyer'
import { PI, startPlatformFixture, type PlatformFixture } from '../platform/fixture'

let f: PlatformFixture

beforeAll(async () => {
  f = await startPlatformFixture()
})
afterAll(async () => {
  await f.close()
})

const order = { amount: 4, memo: 'Sticker pack', metadata: { orderId: 'SO-3' } }

async function approved(buyer: Buyer): Promise<string> {
  const id = buyer.startPayment(order).identifier
  await f.api.post(`/v2/payments/${id}/approve`)
  return id
}

function envelopeOf(txid: string | null): Transaction {
  const tx = f.chain.transaction(txid ?? '')
  if (tx === undefined) throw new Error(`no transaction ${txid}`)
  return TransactionBuilder.fromXDR(tx.envelopeXdr, 'Pi Testnet') as Transaction
}

describe('a sandbox buyer', () => {
  it('signs up with the app (uid, token, scopes) and gets a funded account on the ledger', () => {
    const keypair = Keypair.random()
    const buyer = Buyer.create({ platform: f.platform.state, app: f.shop, username: 'quinn', keypair, funding: 42n * PI })
    expect(buyer.publicKey).toBe(keypair.publicKey())
    expect(f.chain.account(keypair.publicKey())?.balance).toBe(42n * PI)
    expect(f.platform.state.user(f.shop, buyer.uid)).toMatchObject({ username: 'quinn', walletAddress: keypair.publicKey() })
    expect(f.platform.state.userByAccessToken(buyer.accessToken)?.uid).toBe(buyer.uid)
    expect(() => Buyer.attach({ platform: f.platform.state, user: buyer.user, keypair: Keypair.random() })).toThrow(/not their wallet/)
  })

  it("submits a real envelope: signed by the buyer, Pi's fee per operation, text memo = identifier, timebounds from the ledger clock", async () => {
    const buyer = f.buyer('rita')
    const id = await approved(buyer)
    const { txid, outcome } = buyer.submitPayment(id)
    expect(outcome?.kind).toBe('applied')
    const tx = envelopeOf(txid)
    expect(tx.hash().toString('hex')).toBe(txid)
    expect(tx.source).toBe(buyer.publicKey)
    expect(tx.fee).toBe('100000')
    expect(tx.memo.type).toBe('text')
    expect(String(tx.memo.value)).toBe(id)
    expect(tx.operations).toEqual([
      expect.objectContaining({ type: 'payment', destination: f.shopWallet.publicKey(), amount: '4.0000000' })
    ])
    expect(tx.timeBounds?.minTime).toBe('0')
    const maxTime = Number(tx.timeBounds?.maxTime)
    expect(Math.abs(maxTime - (Math.floor(f.chain.now().getTime() / 1000) + 180))).toBeLessThanOrEqual(2)
    expect(tx.signatures).toHaveLength(1)
    expect(buyer.keypair.verify(tx.hash(), tx.signatures[0]!.signature())).toBe(true)
  })

  it('can leave Pi unaware of a transaction that did land (the wallet never reported it)', async () => {
    const buyer = f.buyer('sam')
    const id = await approved(buyer)
    const { txid, check, payment } = buyer.submitPayment(id, { reportToPi: false })
    expect(check).toBeNull()
    expect(payment.transaction).toBeNull()
    expect(f.chain.transaction(txid ?? '')?.memo).toEqual({ type: 'text', value: id })
    // The chain is the authority: complete still verifies and links it.
    const completed = await f.api.post(`/v2/payments/${id}/complete`, { txid })
    expect(completed.status).toBe(200)
    expect(completed.data.transaction.txid).toBe(txid)
  })

  it('pays half when lying about the amount, and pays a friend when lying about the destination', async () => {
    const shopBefore = f.chain.account(f.shopWallet.publicKey())?.balance ?? 0n
    const short = f.buyer('tom')
    const shortId = await approved(short)
    const shortTx = short.submitPayment(shortId, { lie: 'wrong_amount' })
    expect(envelopeOf(shortTx.txid).operations[0]).toMatchObject({ amount: '2.0000000' })
    const away = f.buyer('uma')
    const awayId = await approved(away)
    const awayTx = away.submitPayment(awayId, { lie: 'wrong_destination' })
    const friend = envelopeOf(awayTx.txid).operations[0] as { destination: string }
    expect(friend.destination).not.toBe(f.shopWallet.publicKey())
    expect(f.chain.account(friend.destination)?.balance).toBe(14n * PI)
    expect(f.chain.account(f.shopWallet.publicKey())?.balance).toBe(shopBefore + 2n * PI)
  })

  it('writes another identifier as memo when lying about the memo', async () => {
    const buyer = f.buyer('vic')
    const id = await approved(buyer)
    const { txid } = buyer.submitPayment(id, { lie: 'wrong_memo' })
    const memo = f.chain.transaction(txid ?? '')?.memo
    expect(memo?.type).toBe('text')
    expect(memo?.type === 'text' && memo.value).toMatch(/^[0-9A-Za-z]{28}$/)
    expect(memo?.type === 'text' && memo.value).not.toBe(id)
  })

  it('cannot submit before the developer approved, nor replay without an earlier settled payment', async () => {
    const buyer = f.buyer('wes')
    const id = buyer.startPayment(order).identifier
    expect(() => buyer.submitPayment(id)).toThrow(expect.objectContaining({ code: 'not_verified' }))
    await f.api.post(`/v2/payments/${id}/approve`)
    expect(() => buyer.submitPayment(id, { lie: 'replayed_txid' })).toThrow(/no settled transaction/)
  })

  it("sends a plain transfer with any memo (another payment's id), or a failed one that only costs the fee", () => {
    const buyer = Buyer.create({ platform: f.platform.state, app: f.shop, username: 'mallory' })
    const payee = Buyer.create({ platform: f.platform.state, app: f.shop, username: 'trent' })
    const memo = 'a'.repeat(28)
    const sent = buyer.sendTransfer({ to: payee.publicKey, amount: 1n, memo })
    expect(sent.kind).toBe('applied')
    const applied = sent.kind === 'applied' ? sent.transaction : null
    expect(applied?.memo).toEqual({ type: 'text', value: memo })
    expect(applied?.sourceAccount).toBe(buyer.publicKey)
    const before = f.chain.account(payee.publicKey)!.balance
    const failed = buyer.sendTransfer({ to: payee.publicKey, amount: 1n, memo, fail: true })
    expect(failed.kind === 'applied' ? failed.transaction.successful : failed.recorded?.successful).toBe(false)
    expect(f.chain.account(payee.publicKey)!.balance).toBe(before)
  })
})
