// Refunds to the paying address (issue 19, item 5), as a cashier and an attacker would meet them:
// a walk-in customer paid the app wallet straight from their wallet, and is paid back on chain
// through the payout journal, never twice. The simulated chain is the judge: payments FROM the app
// wallet TO the customer carrying the refund's own memo, counted, not the journal's opinion.
import { describe, expect, it } from 'vitest'
import { DIRECT_REFUND_FAILPOINTS, type PayoutFailpoint } from '../../../src/main/payouts'
import { createSyncEngine } from '../../../src/main/sync'
import type { Buyer } from '../../../src/sandbox/buyer'
import { ledgerSql } from '../../support'
import { payoutSandboxPerFile, PI, requestKey, type PayoutWorld } from './fixture'

const { sandbox, openWorld } = payoutSandboxPerFile()

/** A customer at the counter sends `amount` Pi to the app wallet; the ledger syncs; the payment's operation id. */
async function walkIn(w: PayoutWorld, amount: bigint, buyer: Buyer = w.buyer()): Promise<{ operationId: string; buyer: Buyer }> {
  const sent = buyer.sendTransfer({ to: w.appWallet, amount, memo: 'counter sale' })
  if (sent.kind !== 'applied') throw new Error(`the walk-in payment did not apply: ${sent.kind}`)
  await createSyncEngine({ store: w.store, networkId: 'sandbox', pi: w.pi, horizon: w.horizon, appWallet: w.appWallet }).run()
  const operationId = await ledgerSql(w.store).value<string>('SELECT id FROM chain_operations WHERE transaction_hash = ?', sent.transaction.hash)
  if (operationId === undefined) throw new Error('the sync did not bring the walk-in payment in')
  return { operationId, buyer }
}

const directRefund = (operationId: string, amount: string, key = requestKey()) => ({
  idempotencyKey: key,
  operationId,
  amount,
  confirmAmount: amount,
  reason: 'customer_request' as const
})

/** Successful payments on chain from the app wallet with this memo: [to, amount, hash]. */
function paidWithMemo(w: PayoutWorld, memo: string): { to: string; amount: bigint; hash: string }[] {
  const history = sandbox().chain.accountTransactions(w.appWallet, { order: 'asc', limit: 1_000_000 })
  return history.flatMap((transaction) =>
    transaction.successful && transaction.sourceAccount === w.appWallet && transaction.memo.type === 'text' && transaction.memo.value === memo
      ? transaction.operations.flatMap((operation) => (operation.kind === 'payment' ? [{ to: operation.to, amount: operation.amount, hash: transaction.hash }] : []))
      : []
  )
}

const payoutCount = async (w: PayoutWorld) => ledgerSql(w.store).value<bigint>('SELECT COUNT(*) FROM payouts')

describe('a walk-in payment refunded to the address that paid it', () => {
  it('pays the customer back once, from the app wallet, with the refund’s own memo, through the journal', async () => {
    const w = openWorld()
    const { operationId, buyer } = await walkIn(w, 5n * PI)
    const before = sandbox().chain.account(buyer.publicKey)!.balance
    const key = requestKey()
    const paid = await w.service.refundDirect(directRefund(operationId, '2', key))
    expect(paid).toMatchObject({ state: 'completed', route: 'direct', kind: 'refund', refundOf: null, refundOfOperation: operationId, piPaymentId: null, toAddress: buyer.publicKey })
    expect(paid.chainMemo).toMatch(/^rf-[0-9A-HJKMNP-TV-Z]{16}$/)
    expect(paidWithMemo(w, paid.chainMemo!)).toEqual([{ to: buyer.publicKey, amount: 2n * PI, hash: paid.txid }])
    expect(sandbox().chain.account(buyer.publicKey)!.balance - before).toBe(2n * PI)
    // The same form sent again answers the same refund and pays nothing more.
    const again = await w.service.refundDirect(directRefund(operationId, '2', key))
    expect(again.id).toBe(paid.id)
    expect(paidWithMemo(w, paid.chainMemo!)).toHaveLength(1)
    // No Pi payment was ever made for it.
    expect([...sandbox().platform.state.payments()].filter((p) => p.app === sandbox().app && p.direction === 'app_to_user')).toEqual([])
    // Audited under the walk-in payment, each step with its person.
    const actions = await ledgerSql(w.store).values<string>('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq', operationId)
    expect(actions).toEqual(['refund.request', 'refund.signed', 'refund.submitted', 'refund.confirmed', 'refund.completed'])
  })

  it('refuses more than is left of the payment, with nothing written and nothing paid', async () => {
    const w = openWorld()
    const { operationId } = await walkIn(w, 5n * PI)
    await w.service.refundDirect(directRefund(operationId, '3'))
    const rows = await payoutCount(w)
    const audits = await ledgerSql(w.store).value<bigint>('SELECT COUNT(*) FROM audit_log')
    const balance = w.walletBalance()
    await expect(w.service.refundDirect(directRefund(operationId, '2.0000001'))).rejects.toMatchObject({
      code: 'refund_above_remainder',
      message: `Only 2.0000000 Pi of transfer ${operationId} is left to refund, less than 2.0000001 Pi. Enter at most 2.0000000. Nothing was paid.`
    })
    expect(await payoutCount(w)).toBe(rows)
    expect(await ledgerSql(w.store).value<bigint>('SELECT COUNT(*) FROM audit_log')).toBe(audits)
    expect(w.walletBalance()).toBe(balance)
    // What is left can still be refunded, and then nothing more.
    expect((await w.service.refundDirect(directRefund(operationId, '2'))).state).toBe('completed')
    await expect(w.service.refundDirect(directRefund(operationId, '0.0000001'))).rejects.toThrow(`Transfer ${operationId} has already been refunded in full. Nothing was paid.`)
  })

  it.each([
    ['an 8th decimal', '1.00000001'],
    ['zero', '0'],
    ['a negative amount', '-1'],
    ['no number', 'one pi']
  ])('refuses %s with a sentence, writing and paying nothing', async (_what, amount) => {
    const w = openWorld()
    const { operationId } = await walkIn(w, 5n * PI)
    const balance = w.walletBalance()
    const error = await w.service.refundDirect(directRefund(operationId, amount)).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ message: expect.stringMatching(/\.$/) })
    expect(await payoutCount(w)).toBe(0n)
    expect(w.walletBalance()).toBe(balance)
  })

  it('refuses what is not a walk-in payment into the app wallet: an unknown id, a payment the wallet sent', async () => {
    const w = openWorld()
    await expect(w.service.refundDirect(directRefund('99999999999', '1'))).rejects.toMatchObject({ code: 'refund_transfer_unknown' })
    await expect(w.service.refundDirect(directRefund('12x', '1'))).rejects.toMatchObject({ code: 'refund_transfer_invalid' })
    const { operationId } = await walkIn(w, 5n * PI)
    const refund = await w.service.refundDirect(directRefund(operationId, '1'))
    await createSyncEngine({ store: w.store, networkId: 'sandbox', pi: w.pi, horizon: w.horizon, appWallet: w.appWallet }).run()
    const outgoing = await ledgerSql(w.store).value<string>('SELECT id FROM chain_operations WHERE transaction_hash = ?', refund.txid)
    await expect(w.service.refundDirect(directRefund(outgoing!, '0.5'))).rejects.toMatchObject({ code: 'refund_not_a_walk_in_payment' })
    expect(await payoutCount(w)).toBe(1n)
  })
})

describe('a crash at every step of a direct refund', () => {
  it.each(DIRECT_REFUND_FAILPOINTS.map((point) => [point]))('killed at %s, resumed: the customer is paid exactly once', async (point: PayoutFailpoint) => {
    let crash = true
    const w = openWorld({
      failpoint: (name) => {
        if (crash && name === point) throw new Error(`power cut at ${name}`)
      }
    })
    const { operationId, buyer } = await walkIn(w, 5n * PI)
    await expect(w.service.refundDirect(directRefund(operationId, '1.5'))).rejects.toThrow(`power cut at ${point}`)
    crash = false
    const [stopped] = await w.service.list('sandbox')
    expect(stopped?.refundOfOperation).toBe(operationId)
    const [resumed] = await w.service.resume()
    expect(resumed?.state).toBe('completed')
    // Resuming again changes nothing and pays nothing.
    expect(await w.service.resume()).toEqual([])
    const paid = paidWithMemo(w, stopped!.chainMemo!)
    expect(paid).toEqual([{ to: buyer.publicKey, amount: 15_000_000n, hash: resumed!.txid }])
    // At most one envelope was ever signed for it: the stored one is sent again, never a new one.
    expect(resumed!.envelopesBuilt).toBe(1)
  })
})

describe('an envelope that can no longer land', () => {
  it('is rebuilt only once it is past its max time and absent from the chain; the customer is paid once, by the new one', async () => {
    let crash = true
    const w = openWorld({
      failpoint: (name) => {
        if (crash && name === 'before-submit') throw new Error('power cut')
      }
    })
    const { operationId, buyer } = await walkIn(w, 5n * PI)
    await expect(w.service.refundDirect(directRefund(operationId, '2'))).rejects.toThrow('power cut')
    crash = false
    const [stored] = await w.service.list('sandbox')
    expect(stored).toMatchObject({ state: 'submitted', envelopesBuilt: 1 })
    const oldHash = stored!.envelope!.hash
    // Past its max time by the ledger's own clock: the old envelope can never land now.
    sandbox().chain.advanceTime(Math.max(0, stored!.envelope!.maxTime * 1000 - sandbox().chain.now().getTime()) + 60_000)
    sandbox().chain.closeLedger()
    const [resumed] = await w.service.resume(stored!.id)
    expect(resumed).toMatchObject({ state: 'completed', envelopesBuilt: 2 })
    expect(resumed!.txid).not.toBe(oldHash)
    expect(sandbox().chain.transaction(oldHash)).toBeUndefined()
    expect(paidWithMemo(w, stored!.chainMemo!)).toEqual([{ to: buyer.publicKey, amount: 2n * PI, hash: resumed!.txid }])
  })
})

describe("a stranger's transfer carrying a direct refund's memo", () => {
  it('is never taken for the refund: the customer is paid by the app wallet once, the transfer is reported', async () => {
    let crash = true
    const w = openWorld({
      failpoint: (name) => {
        if (crash && name === 'intent-recorded') throw new Error('power cut')
      }
    })
    const { operationId, buyer } = await walkIn(w, 5n * PI)
    await expect(w.service.refundDirect(directRefund(operationId, '3'))).rejects.toThrow('power cut')
    crash = false
    const [stopped] = await w.service.list('sandbox')
    const memo = stopped!.chainMemo!
    // The stranger learns the memo and pays the app wallet with it, and the customer the exact amount.
    const stranger = w.buyer()
    const tiny = stranger.sendTransfer({ to: w.appWallet, amount: 1n, memo })
    expect(tiny.kind).toBe('applied')
    stranger.sendTransfer({ to: buyer.publicKey, amount: 3n * PI, memo })
    const before = sandbox().chain.account(buyer.publicKey)!.balance

    const [resumed] = await w.service.resume(stopped!.id)
    expect(resumed?.state).toBe('completed')
    expect(sandbox().chain.account(buyer.publicKey)!.balance - before).toBe(3n * PI)
    expect(paidWithMemo(w, memo)).toEqual([{ to: buyer.publicKey, amount: 3n * PI, hash: resumed!.txid }])
    expect(resumed!.txid).not.toBe(tiny.kind === 'applied' ? tiny.transaction.hash : null)
    const reported = (await ledgerSql(w.store).values<string>("SELECT after_json FROM audit_log WHERE action = 'refund.discrepancy'")).map((json) => JSON.parse(json) as Record<string, unknown>)
    expect(reported).toContainEqual(expect.objectContaining({ txid: tiny.kind === 'applied' ? tiny.transaction.hash : '', from: stranger.publicKey, amount: '0.0000001' }))
  })
})

describe('a Horizon 504 after the refund was applied', () => {
  it('reads the chain, finds the refund landed, and never sends a second one', async () => {
    const w = openWorld()
    const { operationId, buyer } = await walkIn(w, 5n * PI)
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'applyThen504', times: 1 })
    const paid = await w.service.refundDirect(directRefund(operationId, '4'))
    sandbox().horizon.faults.clear()
    expect(paid.state).toBe('completed')
    expect(paid.envelopesBuilt).toBe(1)
    expect(paidWithMemo(w, paid.chainMemo!)).toEqual([{ to: buyer.publicKey, amount: 4n * PI, hash: paid.txid }])
  })
})

describe('two desks refunding one walk-in payment beyond its amount', () => {
  it('4 + 4 Pi of a 5 Pi payment at once: exactly one is paid, the other is refused by the cap', async () => {
    const first = openWorld()
    const second = openWorld({ databasePath: first.databasePath })
    const { operationId, buyer } = await walkIn(first, 5n * PI)
    // Slow submissions: whichever desk pays first is still paying when the other reaches the wallet.
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'latency', ms: 300 })
    const results = await Promise.allSettled([
      first.service.refundDirect(directRefund(operationId, '4')),
      second.service.refundDirect(directRefund(operationId, '4'))
    ])
    sandbox().horizon.faults.clear()
    const paid = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code: string; message: string }] : []))
    expect(paid.map((payout) => payout.state)).toEqual(['completed'])
    expect(refused).toEqual([expect.objectContaining({ code: 'refund_above_remainder' })])
    expect(refused[0]!.message).toContain('Nothing was paid.')
    expect(paidWithMemo(first, paid[0]!.chainMemo!)).toEqual([{ to: buyer.publicKey, amount: 4n * PI, hash: paid[0]!.txid }])
    const toBuyer = sandbox()
      .chain.accountTransactions(first.appWallet, { order: 'asc', limit: 1_000_000 })
      .filter((transaction) => transaction.successful && transaction.operations.some((operation) => operation.kind === 'payment' && operation.to === buyer.publicKey))
    expect(toBuyer).toHaveLength(1)
    expect(await payoutCount(first)).toBe(1n)
    second.close()
  })
})
