import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIE_KINDS, VERIFICATION_ERROR_OF_LIE } from '../../../src/sandbox/buyer'
import { SimChain } from '../../../src/sandbox/chain'
import {
  APP_WALLET_OPENING_STROOPS,
  CATEGORY_SHARES,
  DATASET_FEE_STROOPS,
  DIRECT_TRANSFER_RATIO,
  FULL_REFUND_SHARE,
  generateDataset,
  manifestDigest,
  PAYMENT_CATEGORIES
} from '../../../src/sandbox/dataset'
import { checkPaymentTransaction, PlatformState } from '../../../src/sandbox/platform'
import { FROM, loadDataset, SHOP, TO, type LoadedDataset } from './fixture'

describe('generateDataset: determinism', () => {
  it('gives the same manifest, ids, Pi records and ledger for the same seed, and another history for another seed', () => {
    const a = loadDataset(11, 3_000, 60)
    const b = loadDataset(11, 3_000, 60)
    const c = loadDataset(12, 3_000, 60)
    expect(manifestDigest(a.manifest)).toBe(manifestDigest(b.manifest))
    expect(a.manifest.ids).toEqual(b.manifest.ids)
    expect(manifestDigest(c.manifest)).not.toBe(manifestDigest(a.manifest))
    const idsOfC = new Set(c.manifest.ids.byCategory.completed)
    expect(a.manifest.ids.byCategory.completed.some((id) => idsOfC.has(id))).toBe(false)

    const dtosOf = (d: typeof a) => [...d.state.payments()].map((p) => JSON.stringify(d.state.toDTO(p)))
    expect(dtosOf(a)).toEqual(dtosOf(b))
    expect(a.buyers.map((buyer) => [buyer.address, buyer.user.uid, buyer.user.accessToken])).toEqual(
      b.buyers.map((buyer) => [buyer.address, buyer.user.uid, buyer.user.accessToken])
    )
    expect(a.chain.account(SHOP.walletPublicKey)).toEqual(b.chain.account(SHOP.walletPublicKey))
    const txid = a.state.payment(a.manifest.ids.byCategory.completed[0] ?? '')?.transaction?.txid ?? ''
    const { envelopeXdr: envelopeA, ...txA } = a.chain.transaction(txid) ?? {}
    const { envelopeXdr: envelopeB, ...txB } = b.chain.transaction(txid) ?? {}
    expect(txA).toEqual(txB)
    expect(envelopeA).toBe(envelopeB)
    for (const d of [a, b, c]) d.chain.stop()
  })
})

describe('generateDataset: the history it writes', () => {
  let d: LoadedDataset
  let manifest: LoadedDataset['manifest']
  let state: LoadedDataset['state']
  let chain: LoadedDataset['chain']

  beforeAll(() => {
    d = loadDataset(5, 20_000, 400)
    ;({ manifest, state, chain } = d)
  })
  afterAll(() => {
    chain.stop()
  })

  it('matches the documented shares within tolerance', () => {
    const total = manifest.counts.payments
    expect(total).toBe(20_000)
    for (const category of PAYMENT_CATEGORIES) {
      const share = manifest.counts.byCategory[category] / total
      expect(Math.abs(share - CATEGORY_SHARES[category]), category).toBeLessThan(0.002)
    }
    expect(manifest.counts.byCategory.refund_in_flight).toBe(1)
    expect((manifest.counts.byStatus.completed / total)).toBeCloseTo(0.85, 2)
    const lies = LIE_KINDS.map((kind) => manifest.counts.byLie[kind])
    expect(Math.max(...lies) - Math.min(...lies)).toBeLessThanOrEqual(1)
    expect(manifest.counts.directTransfers).toBe(Math.round(total * DIRECT_TRANSFER_RATIO))
    const refunds = manifest.counts.fullRefunds + manifest.counts.partialRefunds
    expect(refunds).toBe(manifest.counts.byCategory.refund)
    expect(Math.abs(manifest.counts.fullRefunds / refunds - FULL_REFUND_SHARE)).toBeLessThan(0.08)
  })

  it("agrees with the Platform state's records, count by count and stroop by stroop", () => {
    let completed = 0
    let cancelled = 0
    let userCancelled = 0
    let open = 0
    let userToApp = 0n
    let appToUser = 0n
    for (const p of state.payments()) {
      if (p.status.developerCompleted) {
        completed++
        if (p.direction === 'user_to_app') userToApp += p.amount
        else appToUser += p.amount
      } else if (p.status.userCancelled) userCancelled++
      else if (p.status.cancelled) cancelled++
      else open++
    }
    expect({ completed, cancelled, userCancelled, open }).toEqual(manifest.counts.byStatus)
    expect(userToApp).toBe(manifest.stroops.completedUserToApp)
    expect(appToUser).toBe(manifest.stroops.completedAppToUser)
    expect(state.paymentCount).toBe(manifest.counts.payments)
  })

  it('puts on the ledger what each category says: settled sales verify, lies fail with their own error', () => {
    for (const category of ['completed', 'incomplete_with_tx', 'refund'] as const) {
      for (const id of manifest.ids.byCategory[category]) {
        const payment = state.payment(id)
        expect(payment?.transaction?.verified, id).toBe(true)
        const check = checkPaymentTransaction(chain, payment!, payment!.transaction!.txid, state.paymentById)
        expect(check.ok, `${category} ${id}`).toBe(true)
      }
    }
    for (const kind of LIE_KINDS) {
      for (const id of manifest.ids.byLie[kind]) {
        const payment = state.payment(id)!
        expect(payment.transaction?.verified).toBe(false)
        const check = checkPaymentTransaction(chain, payment, payment.transaction!.txid, state.paymentById)
        expect(check.ok === false && check.verificationError, `${kind} ${id}`).toBe(VERIFICATION_ERROR_OF_LIE[kind])
      }
    }
    for (const category of ['cancelled', 'expired', 'user_cancelled', 'incomplete_without_tx'] as const) {
      for (const id of manifest.ids.byCategory[category]) expect(state.payment(id)?.transaction).toBeNull()
    }
  })

  it('leaves the in-flight refund with transaction null on Pi while its payment landed on chain', () => {
    const [id] = manifest.ids.byCategory.refund_in_flight
    const refund = state.payment(id ?? '')!
    expect(refund.transaction).toBeNull()
    expect(state.openAppToUserPayments(SHOP)).toEqual([refund])
    const recent = chain.accountTransactions(SHOP.walletPublicKey, { order: 'desc', limit: 50 })
    const landed = recent.find((tx) => tx.memo.type === 'text' && tx.memo.value === id)
    expect(landed?.operations).toEqual([{ kind: 'payment', from: SHOP.walletPublicKey, to: refund.toAddress, amount: refund.amount }])
  })

  it("balances the app wallet: opening + received - paid out - refund fees", () => {
    const refundsOnChain = BigInt(manifest.counts.appToUser)
    const opening = APP_WALLET_OPENING_STROOPS + BigInt(manifest.counts.payments) * DATASET_FEE_STROOPS
    const expected = opening + manifest.stroops.receivedOnChain - manifest.stroops.paidOutOnChain - refundsOnChain * DATASET_FEE_STROOPS
    expect(chain.account(SHOP.walletPublicKey)?.balance).toBe(expected)
    for (const txid of manifest.ids.directTransferTxids.slice(0, 50)) {
      const tx = chain.transaction(txid)!
      expect(tx.successful).toBe(true)
      expect(tx.memo.type === 'none' || (tx.memo.type === 'text' && state.payment(tx.memo.value) === undefined)).toBe(true)
    }
  })
})

describe('generateDataset: what it refuses', () => {
  it('refuses a ledger that already has live transactions after the period starts', () => {
    const chain = new SimChain({ ledgerIntervalMs: null, genesisTime: new Date(FROM.getTime() - 86_400_000) })
    chain.fund('GCFIRY65OQE7DFP5KLNS2PF2LVZMUZYJX4OZIEQ36N2IQANUB5XVYOJR', 10n * 10_000_000n)
    const state = new PlatformState({ apps: [SHOP], networks: [{ chain, horizonUrl: 'http://h' }], clock: () => chain.now() })
    expect(() => generateDataset({ seed: 1, buyers: 5, payments: 50, from: FROM, to: TO, app: SHOP, platform: state })).toThrow(
      /before the latest ledger/
    )
    expect(() =>
      generateDataset({ seed: 1, buyers: 5, payments: 50, from: FROM, to: new Date(FROM.getTime() + 60_000), app: SHOP, platform: state })
    ).toThrow(/longer than 10 minutes/)
    chain.stop()
  })
})

describe.runIf(process.env.SANDBOX_MILLION === '1')('generateDataset at scale (SANDBOX_MILLION=1)', () => {
  it('generates a million payments in well under a minute', { timeout: 120_000 }, () => {
    const started = performance.now()
    const d = loadDataset(1, 1_000_000, 20_000)
    const seconds = (performance.now() - started) / 1000
    expect(d.manifest.counts.payments).toBe(1_000_000)
    expect(d.state.paymentCount).toBe(1_000_000)
    expect(seconds).toBeLessThan(60)
    d.chain.stop()
  })
})
