// The wallet check on a sandbox of its own: a period of honest sales, a refund and their fees
// reconciles to nothing, and opening + received - paid - fees equals the chain's closing balance to
// the stroop, for a period holding the activity and for one after it. A movement missing from the
// synced history, or one the sync has not seen yet, makes the check fail, by exactly its amount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { openReconcileWorld, PI, startReconcileSandbox, utcDay, type ReconcileWorld } from './fixture'
import { runReconciliation } from '../../../src/main/reconcile'
import { buildSignedPayment } from '../../../src/sandbox/buyer'
import { Keypair } from '@stellar/stellar-sdk'
import { ledgerSql } from '../../support'

const FUNDING = 10_000n * PI
const FEE = 100_000n

let sandbox: RunningSandbox
let world: ReconcileWorld
let refundTxid: string

beforeAll(async () => {
  sandbox = await startReconcileSandbox(47)
  world = openReconcileWorld(sandbox)
  const first = await world.completedSale(10)
  await world.completedSale(7)
  refundTxid = (await world.backendRefund(first.id, first.buyer, 3n * PI)).txid
  await world.sync()
})
afterAll(async () => {
  world.close()
  await sandbox.close()
})

describe('a clean period', () => {
  it('reports nothing, and the wallet balances to the stroop', async () => {
    const result = await world.reconcile()
    expect(result.discrepancies).toEqual([])
    expect(result.paymentsChecked).toBe(3)
    expect(result.piRecordsRead).toBe(3)
    const balance = sandbox.chain.account(world.wallet)!.balance
    expect(result.walletCheck).toEqual({
      wallet: world.wallet,
      opening: 0n,
      openingSource: 'history',
      // The wallet's creation is money received too.
      received: FUNDING + 17n * PI,
      paid: 3n * PI,
      fees: FEE,
      expectedClosing: balance,
      afterPeriod: 0n,
      horizonBalance: balance,
      closingOnChain: balance,
      difference: 0n,
      balanced: true,
      historyBehind: false
    })
    expect(balance).toBe(FUNDING + 14n * PI - FEE)
  })

  it('balances for a later period too, everything before it being the opening balance', async () => {
    const result = await runReconciliation({
      store: world.store,
      pi: world.pi,
      horizon: world.horizon,
      networkId: 'sandbox',
      appWallet: world.wallet,
      from: utcDay(2),
      to: utcDay(3),
      timeZone: 'Pacific/Kiritimati'
    })
    expect(result.paymentsChecked).toBe(0)
    expect(result.walletCheck).toMatchObject({
      opening: FUNDING + 14n * PI - FEE,
      received: 0n,
      paid: 0n,
      fees: 0n,
      difference: 0n,
      balanced: true
    })
  })
})

describe('a movement missing', () => {
  it('from the synced history makes the check fail by exactly its amount', async () => {
    const missing = openReconcileWorld(sandbox)
    try {
      await missing.sync()
      await ledgerSql(missing.store).run('DELETE FROM chain_operations WHERE transaction_hash = ?', refundTxid)
      const result = await missing.reconcile()
      expect(result.walletCheck).toMatchObject({ paid: 0n, fees: FEE, difference: -3n * PI, balanced: false, historyBehind: false })
      const mismatch = result.discrepancies.filter((item) => item.type === 'wallet_balance_mismatch')
      expect(mismatch).toEqual([
        expect.objectContaining({
          subjectKind: 'wallet',
          subject: world.wallet,
          amount: 3n * PI,
          sentence: expect.stringMatching(/^The app wallet holds 3\.0000000 Pi less than its synced history explains: a payment out of it, or a fee, is missing/)
        })
      ])
      expect(mismatch[0]?.evidence).toContainEqual({ what: 'Difference', expected: '0.0000000 Pi', found: '-3.0000000 Pi' })
    } finally {
      missing.close()
    }
  })

  it('because the sync has not seen it yet says to sync, not that the history is wrong', async () => {
    const behind = openReconcileWorld(sandbox)
    try {
      await behind.sync()
      behind.directTransfer(2n * PI, 'late tip')
      const result = await behind.reconcile()
      expect(result.walletCheck).toMatchObject({ difference: 2n * PI, balanced: false, historyBehind: true })
      const [mismatch] = result.discrepancies.filter((item) => item.type === 'wallet_balance_mismatch')
      expect(mismatch?.sentence).toBe(
        'The chain shows movements of the app wallet that the ledger has not synced yet, so its history cannot explain the balance. Sync, then reconcile again.'
      )
      await behind.sync()
      const synced = await behind.reconcile()
      expect(synced.walletCheck).toMatchObject({ difference: 0n, balanced: true, historyBehind: false })
      expect(synced.discrepancies.map((item) => item.type)).toEqual(['direct_transfer'])
    } finally {
      behind.close()
    }
  })
})

describe('a transaction of the wallet that failed', () => {
  it('moved only its fee, which the check counts', async () => {
    const failing = openReconcileWorld(sandbox)
    try {
      const payee = failing.buyer()
      const before = sandbox.chain.account(world.wallet)!.balance
      // The second payment cannot be covered: the chain records the transaction as failed and charges its fee.
      const envelope = buildSignedPayment({
        chain: sandbox.chain,
        signer: Keypair.fromSecret(sandbox.appWallet.seed),
        transfers: [
          { destination: payee.publicKey, amount: PI },
          { destination: payee.publicKey, amount: before }
        ],
        memoText: 'two payouts at once'
      })
      const outcome = sandbox.chain.submit(envelope.xdr)
      expect(outcome.kind === 'applied' && outcome.transaction.successful).toBe(false)
      expect(sandbox.chain.account(world.wallet)!.balance).toBe(before - 2n * FEE)
      await failing.sync()
      const result = await failing.reconcile()
      expect(result.walletCheck).toMatchObject({ paid: 3n * PI, fees: FEE + 2n * FEE, difference: 0n, balanced: true })
    } finally {
      failing.close()
    }
  })
})
