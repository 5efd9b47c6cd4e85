// claimFromRow: the one mapping from a stored payment to what the chain check compares. The
// sync's check, the queue's actions and reconciliation all read a claim through it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { CLAIM_COLUMNS, claimFromRow, verifyPaymentOnChain } from '../../../src/main/payments'
import { claimOf, readStoredPayment } from '../../../src/main/queue/queue-store'
import { APP_WALLET, BUYER_WALLET, PAYMENT_ID, paymentRow } from '../db/helpers'
import { openScratchLedger } from '../../support'

let store: MerchantDb
beforeEach(() => {
  store = openScratchLedger().store
})
afterEach(() => store.close())

describe('claimFromRow', () => {
  it('reads the claim of a stored payment: id, stroops exactly, both addresses, direction and network', async () => {
    await store.db.insertInto('payments').values(paymentRow({ amount_stroops: 9_007_199_254_740_993n })).execute()
    const row = await store.db.selectFrom('payments').select(CLAIM_COLUMNS).executeTakeFirstOrThrow()
    expect(claimFromRow(row)).toEqual({
      identifier: PAYMENT_ID,
      amount: 9_007_199_254_740_993n,
      fromAddress: BUYER_WALLET,
      toAddress: APP_WALLET,
      direction: 'user_to_app',
      network: 'Pi Testnet'
    })
  })

  it('gives the check what it compares: a transaction matching the row verifies, one a stroop short fails', async () => {
    await store.db.insertInto('payments').values(paymentRow()).execute()
    const claim = claimFromRow(await store.db.selectFrom('payments').select(CLAIM_COLUMNS).executeTakeFirstOrThrow())
    const transaction = (amount: bigint) => ({
      hash: 'a'.repeat(64),
      successful: true,
      memoType: 'text' as const,
      memo: PAYMENT_ID,
      transfers: [{ native: true, from: BUYER_WALLET, to: APP_WALLET, amount }]
    })
    const expected = { appWallet: APP_WALLET, passphrase: 'Pi Testnet' }
    expect(verifyPaymentOnChain(claim, transaction(31_400_000n), expected)).toEqual({ outcome: 'verified' })
    expect(verifyPaymentOnChain(claim, transaction(31_399_999n), expected)).toEqual({ outcome: 'failed', reasons: ['amount_mismatch'] })
  })

  it("is the queue's claim too", async () => {
    await store.db.insertInto('payments').values(paymentRow({ amount_stroops: 5n })).execute()
    const row = await store.db.selectFrom('payments').select(CLAIM_COLUMNS).executeTakeFirstOrThrow()
    const queued = await readStoredPayment(store, 'sandbox', PAYMENT_ID)
    expect(queued === undefined ? undefined : claimOf(queued)).toEqual(claimFromRow(row))
  })
})
