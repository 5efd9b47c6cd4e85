// Every refusal issue #6 lists: a clear sentence, nothing written to the journal, and nothing
// asked of Pi or the chain.
import { Keypair } from '@stellar/stellar-sdk'
import { describe, expect, it } from 'vitest'
import { acquireWalletLock } from '../../../src/main/payouts'
import { type openPayoutWorld, payoutSandboxPerFile, requestKey, type PayoutWorld } from './fixture'
import { ledgerSql } from '../../support'

const { sandbox, openWorld } = payoutSandboxPerFile()

function open(options: Parameters<typeof openPayoutWorld>[1] = {}): PayoutWorld {
  return openWorld(options)
}

async function nothingHappened(w: PayoutWorld, piCreatesBefore: number, submitsBefore: number): Promise<void> {
  expect(await ledgerSql(w.store).value('SELECT COUNT(*) FROM payouts')).toBe(0n)
  expect(sandbox().platform.requests.count('POST /v2/payments')).toBe(piCreatesBefore)
  expect(sandbox().horizon.requests.count('POST /transactions')).toBe(submitsBefore)
}

async function refused(w: PayoutWorld, attempt: () => Promise<unknown>, code: string, sentence: RegExp): Promise<void> {
  const creates = sandbox().platform.requests.count('POST /v2/payments')
  const submits = sandbox().horizon.requests.count('POST /transactions')
  await expect(attempt()).rejects.toMatchObject({ code, message: expect.stringMatching(sentence) })
  await nothingHappened(w, creates, submits)
}

describe('refusals with nothing paid', () => {
  it('an amount with 8 decimals', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    await refused(
      w,
      () => w.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '1.00000001', confirmAmount: '1.00000001', reason: 'other' }),
      'too_many_decimals',
      /7 decimals/
    )
  })

  it('a zero amount', async () => {
    const w = open()
    const buyer = w.buyer()
    await refused(w, () => w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '0', confirmAmount: '0', memo: 'Prize' }), 'amount_not_positive', /above zero|more than 0/i)
  })

  it('an amount retyped differently', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    await refused(
      w,
      () => w.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '5', confirmAmount: '50', reason: 'other' }),
      'amount_confirmation_mismatch',
      /differ/
    )
  })

  it('a refund above what the sale brought in', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    await refused(
      w,
      () => w.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '10.0000001', confirmAmount: '10.0000001', reason: 'other' }),
      'refund_above_remainder',
      /Only 10\.0000000 Pi/
    )
  })

  it('a refund of a sale that is not completed', async () => {
    const w = open()
    const buyer = w.buyer()
    const id = buyer.startPayment({ amount: 3, memo: 'Mug', metadata: { orderId: 'SO-9' } }).identifier
    await w.pi.approvePayment(id)
    const { trackPayments } = await import('../../../src/main/tracking')
    await trackPayments({ store: w.store, pi: w.pi, horizon: w.horizon, networkId: 'sandbox', appWallet: sandbox().appWallet.publicKey, ids: [id] })
    await refused(
      w,
      () => w.service.refund({ idempotencyKey: requestKey(), paymentId: id, amount: '1', confirmAmount: '1', reason: 'other' }),
      'refund_sale_not_completed',
      /not completed/
    )
  })

  it('a payment the ledger does not know', async () => {
    const w = open()
    await refused(
      w,
      () => w.service.refund({ idempotencyKey: requestKey(), paymentId: 'A'.repeat(28), amount: '1', confirmAmount: '1', reason: 'other' }),
      'refund_payment_unknown',
      /not in this network's ledger/
    )
  })

  it('the seed of another wallet', async () => {
    const w = open({ signerSeed: Keypair.random().secret() })
    const buyer = w.buyer()
    await refused(w, () => w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' }), 'wrong_app_wallet', /not the app wallet/)
  })

  it('the seed of another wallet on a ledger that knows no app wallet yet: sync first', async () => {
    const seed = Keypair.random()
    const w = open({ signerSeed: seed.secret(), appWallet: seed.publicKey() })
    const buyer = w.buyer()
    const piCallsBefore = sandbox().platform.requests.count()
    await refused(
      w,
      () => w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' }),
      'app_wallet_unknown',
      /merchant-desk sync.*Nothing was paid/
    )
    expect(sandbox().platform.requests.count()).toBe(piCallsBefore)
  })

  it('no seed at all', async () => {
    const w = open({ signerSeed: null })
    const buyer = w.buyer()
    await refused(w, () => w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' }), 'wallet_seed_missing', /Settings/)
  })

  it('another app instance paying from the same wallet at the same time', async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer()
    // Another process (this test's parent, alive) holds the wallet's lease.
    await acquireWalletLock(w.store, sandbox().appWallet.publicKey, { pid: process.ppid })
    await refused(
      w,
      () => w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' }),
      'payout_in_progress',
      /Another Merchant Desk/
    )
  })

  it('a crashed instance’s lease does not block: its process is gone', async () => {
    const w = open()
    await w.knowsAppWallet()
    const buyer = w.buyer()
    await acquireWalletLock(w.store, sandbox().appWallet.publicKey, { pid: 2 ** 22 + 12345, isAlive: () => false })
    const payout = await w.service.payout({ idempotencyKey: requestKey(), uid: buyer.uid, amount: '1', confirmAmount: '1', memo: 'Prize' })
    expect(payout.state).toBe('completed')
  })

  it('a request key reused for a different refund', async () => {
    const w = open()
    const sale = await w.completedSale(10)
    const key = requestKey()
    await w.service.refund({ idempotencyKey: key, paymentId: sale, amount: '1', confirmAmount: '1', reason: 'other' })
    await expect(
      w.service.refund({ idempotencyKey: key, paymentId: sale, amount: '2', confirmAmount: '2', reason: 'other' })
    ).rejects.toMatchObject({ code: 'request_key_reused' })
    expect(await ledgerSql(w.store).value('SELECT COUNT(*) FROM payouts')).toBe(1n)
  })
})
