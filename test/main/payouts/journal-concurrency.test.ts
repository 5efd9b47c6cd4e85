// The journal's guarantees with asynchronous writers (invariant 4): queries now await, so two
// flows of one process can interleave between a read and a write. A step still moves a payout
// only from the state its caller saw, an intent's check and its insert still stand or fall
// together, a ledger write and a step still commit together, and one wallet still has one payer.
import { Keypair } from '@stellar/stellar-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withTransaction, type MerchantDb } from '../../../src/main/db'
import { acquireWalletLock, PayoutJournal } from '../../../src/main/payouts'
import { payoutIntent, refundIntent } from '../../../src/main/payouts/intent'
import { UserFacingError } from '../../../src/shared/errors'
import { openScratchLedger } from '../../support'

const WALLET = Keypair.random().publicKey()
const SALE = 'saleSALEsale0123456789abcdef'
const PI_PAYMENT = 'piPAYMENTpi0123456789abcdefg'

let store: MerchantDb
let journal: PayoutJournal
beforeEach(() => {
  store = openScratchLedger({ now: () => new Date(1_700_000_000_000) }).store
  journal = new PayoutJournal(store, () => 'maria')
})
afterEach(() => store.close())

let keys = 0
const requestKey = (): string => `concurrency-request-${(keys += 1)}`.padEnd(16, '0')
const auditActions = async (): Promise<string[]> =>
  (await store.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((row) => row.action)

function refundOf(amount: string) {
  return refundIntent(
    { idempotencyKey: requestKey(), paymentId: SALE, amount, confirmAmount: amount, reason: 'damaged' },
    { uid: 'buyer-1', memo: 'Tea set' }
  )
}

describe('the payout journal with concurrent writers', () => {
  it('moves a payout once when two steps start from the state both saw; the other is refused', async () => {
    const intent = payoutIntent({ idempotencyKey: requestKey(), uid: 'buyer-1', amount: '1', confirmAmount: '1', memo: 'Prize' })
    const recorded = await journal.record('sandbox', WALLET, intent, () => undefined)
    if (!('payout' in recorded)) throw new Error('no approval policy here: the payout is recorded')
    const { payout } = recorded
    const [first, second] = await Promise.allSettled([
      journal.transition(payout, 'failed', { problem: { code: 'cancelled', message: 'Cancelled by staff.' } }),
      journal.transition(payout, 'blocked', { problem: { code: 'too_many_payments', message: 'Pi refused.' } })
    ])
    // Exactly one moves it. Which one is the order the transactions reach the database in: the
    // first call on SQLite (one connection); on PostgreSQL whichever connection is ready first.
    const moved = [first, second].filter((outcome) => outcome.status === 'fulfilled')
    const refused = [first, second].filter((outcome) => outcome.status === 'rejected')
    expect(moved).toHaveLength(1)
    expect(refused).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: 'payout_moved' }) })])
    const winner = (moved[0] as PromiseFulfilledResult<{ state: string }>).value.state
    if (store.engine.kind === 'sqlite') expect(first).toMatchObject({ status: 'fulfilled', value: { state: 'failed' } })
    expect((await journal.get(payout.id)).state).toBe(winner)
    expect(await auditActions()).toEqual(['payout.request', `payout.${winner}`])
  })

  it('checks the refund cap and records the intent in one transaction: of two refunds started together, one is refused', async () => {
    // The cap as record() runs it: what the journal already holds for the sale, read through tx.
    const capOf10 = (amount: bigint) => async (tx: MerchantDb) => {
      const held = await new PayoutJournal(tx, () => 'maria').list({ networkId: 'sandbox', refundOf: SALE })
      const refunded = held.reduce((sum, one) => sum + one.amount, 0n)
      if (refunded + amount > 100_000_000n) throw new UserFacingError('refund_above_remainder', 'Above what remains.')
    }
    const a = refundOf('6')
    const b = refundOf('6')
    const outcomes = await Promise.allSettled([
      journal.record('sandbox', WALLET, a, capOf10(a.amount)),
      journal.record('sandbox', WALLET, b, capOf10(b.amount))
    ])
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { code: 'refund_above_remainder' } })
    expect(await journal.list({ networkId: 'sandbox', refundOf: SALE })).toHaveLength(1)
    expect(await auditActions()).toEqual(['refund.request'])
  })

  it('keeps a ledger write and a step together: a refused step leaves no ledger write behind', async () => {
    const recorded = await journal.record('sandbox', WALLET, refundOf('1'), () => undefined)
    if (!('payout' in recorded)) throw new Error('no approval policy here: the payout is recorded')
    const { payout } = recorded
    await journal.transition(payout, 'failed', { problem: { code: 'cancelled', message: 'Cancelled by staff.' } })
    const stale = withTransaction(store, async (tx) => {
      await tx.db.insertInto('settings').values({ key: 'written-with-the-step', value_json: '1', updated_at: 1 }).execute()
      return journal.within(tx).transition(payout, 'created', { piPaymentId: PI_PAYMENT, toAddress: WALLET })
    })
    await expect(stale).rejects.toMatchObject({ code: 'payout_moved' })
    expect(await store.db.selectFrom('settings').select('key').execute()).toEqual([])
    expect((await journal.get(payout.id)).state).toBe('failed')
  })

  it('lets one of two payers started together take a wallet', async () => {
    const outcomes = await Promise.allSettled([acquireWalletLock(store, WALLET), acquireWalletLock(store, WALLET)])
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { code: 'payout_in_progress' } })
    const held = outcomes.find((outcome) => outcome.status === 'fulfilled')
    if (held?.status !== 'fulfilled') throw new Error('no lock was taken')
    await held.value.release()
    const again = await acquireWalletLock(store, WALLET)
    await again.renew()
    await again.release()
  })
})
