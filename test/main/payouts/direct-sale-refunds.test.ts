// A Pi sale refunded straight to the address that paid it (issue 19, item 5), when Pi will not
// make the A2U payment: Pi's refusal says the direct refund is possible, the direct refund counts
// against the sale's one refund cap together with A2U refunds, and the refund policy and four eyes
// apply to direct refunds exactly as to A2U refunds (a walk-in payment's too). Both engines.
import { describe, expect, it } from 'vitest'
import { addPerson, DeskSession, setPolicy } from '../../../src/main/people'
import type { MerchantDb } from '../../../src/main/db'
import { createSyncEngine } from '../../../src/main/sync'
import { directRefundOffered } from '../../../src/shared/contract/payouts'
import { toPayoutView } from '../../../src/main/payouts'
import { ledgerSql } from '../../support'
import { payoutSandboxPerFile, PI, requestKey, type PayoutWorld } from './fixture'

const { sandbox, openWorld } = payoutSandboxPerFile()

const saleRefund = (paymentId: string, amount: string) => ({ idempotencyKey: requestKey(), paymentId, amount, confirmAmount: amount, reason: 'damaged' as const })

function a2uRefundsOf(sale: string) {
  return [...sandbox().platform.state.payments()].filter((p) => p.app === sandbox().app && p.direction === 'app_to_user' && p.metadata.refund_of === sale)
}

function paidWithMemo(w: PayoutWorld, memo: string): { to: string; amount: bigint }[] {
  return sandbox()
    .chain.accountTransactions(w.appWallet, { order: 'asc', limit: 1_000_000 })
    .flatMap((transaction) =>
      transaction.successful && transaction.sourceAccount === w.appWallet && transaction.memo.type === 'text' && transaction.memo.value === memo
        ? transaction.operations.flatMap((operation) => (operation.kind === 'payment' ? [{ to: operation.to, amount: operation.amount }] : []))
        : []
    )
}

describe('a Pi sale Pi will not refund', () => {
  it('Pi refuses the A2U refund: the refund fails with nothing paid and its sentence offers the direct refund, which pays the paying address', async () => {
    const w = openWorld()
    // The buyer never granted wallet_address: Pi refuses to create the refund (missing_scope).
    const buyer = w.buyer({ grantWalletAddress: false })
    const sale = await w.completedSale(10, buyer)
    const refused = await w.service.refund(saleRefund(sale, '4'))
    expect(refused).toMatchObject({ state: 'failed', piPaymentId: null, problem: { code: 'missing_scope' } })
    expect(refused.problem?.message).toContain(`it can be paid straight back to the address that paid the sale, on chain: a direct refund (merchant-desk refund ${sale} --direct`)
    expect(directRefundOffered(toPayoutView(refused, null))).toBe(true)
    expect(a2uRefundsOf(sale)).toEqual([])

    const before = sandbox().chain.account(buyer.publicKey)!.balance
    const direct = await w.service.refundDirect(saleRefund(sale, '4'))
    expect(direct).toMatchObject({ state: 'completed', route: 'direct', refundOf: sale, refundOfOperation: null, piPaymentId: null, toAddress: buyer.publicKey, uid: buyer.uid })
    expect(directRefundOffered(toPayoutView(direct, null))).toBe(false)
    expect(paidWithMemo(w, direct.chainMemo!)).toEqual([{ to: buyer.publicKey, amount: 4n * PI }])
    expect(sandbox().chain.account(buyer.publicKey)!.balance - before).toBe(4n * PI)
    expect(a2uRefundsOf(sale)).toEqual([])
  })

  it('a direct refund and A2U refunds share the sale’s one cap', async () => {
    const w = openWorld()
    const buyer = w.buyer()
    const sale = await w.completedSale(10, buyer)
    expect((await w.service.refundDirect(saleRefund(sale, '6'))).state).toBe('completed')
    const rows = (await ledgerSql(w.store).value<bigint>('SELECT COUNT(*) FROM payouts'))!
    await expect(w.service.refund(saleRefund(sale, '5'))).rejects.toThrow(`Only 4.0000000 Pi of payment ${sale} is left to refund, less than 5.0000000 Pi.`)
    expect(a2uRefundsOf(sale)).toEqual([])
    expect((await w.service.refund(saleRefund(sale, '3'))).state).toBe('completed')
    await expect(w.service.refundDirect(saleRefund(sale, '1.0000001'))).rejects.toThrow(`Only 1.0000000 Pi of payment ${sale} is left to refund`)
    expect(await ledgerSql(w.store).value<bigint>('SELECT COUNT(*) FROM payouts')).toBe(rows + 1n)
    // The chain: 6 Pi direct and 3 Pi through Pi, nothing more.
    const paidToBuyer = sandbox()
      .chain.accountTransactions(w.appWallet, { order: 'asc', limit: 1_000_000 })
      .flatMap((transaction) => (transaction.successful ? transaction.operations : []))
      .flatMap((operation) => (operation.kind === 'payment' && operation.to === buyer.publicKey ? [operation.amount] : []))
    expect(paidToBuyer).toEqual([6n * PI, 3n * PI])
  })
})

const CHEAP = { N: 2 ** 10, r: 8, p: 1 } as const

/** A desk with people; staff may refund 2 Pi at once without approval. */
async function peopleDesk(): Promise<{ w: PayoutWorld; as(name: string): Promise<void> }> {
  let session: DeskSession | null = null
  const w = openWorld({ session: (store: MerchantDb) => (session = new DeskSession({ store, ownerName: 'desktop' })) })
  for (const [name, role] of [['Olga', 'owner'], ['Sam', 'staff']] as const) await addPerson(w.store, 'test', { name, role, secret: `${name}-secret` }, CHEAP)
  await setPolicy(w.store, 'Olga', { role: 'staff', maxRefund: '2', dailyLimit: null, requireReason: false })
  return {
    w,
    as: async (name) => {
      await session!.unlock(name, `${name}-secret`)
    }
  }
}

describe('the refund policy applies to direct refunds as to A2U refunds', () => {
  it("staff's walk-in refund above their limit waits for approval, holds the payment's remainder, and is paid once when the owner approves", async () => {
    const { w, as } = await peopleDesk()
    await as('Sam')
    const buyer = w.buyer()
    const sent = buyer.sendTransfer({ to: w.appWallet, amount: 5n * PI, memo: 'counter' })
    if (sent.kind !== 'applied') throw new Error('not applied')
    await createSyncEngine({ store: w.store, networkId: 'sandbox', pi: w.pi, horizon: w.horizon, appWallet: w.appWallet }).run()
    const operationId = (await ledgerSql(w.store).value<string>('SELECT id FROM chain_operations WHERE transaction_hash = ?', sent.transaction.hash))!
    const ask = { idempotencyKey: requestKey(), operationId, amount: '4', confirmAmount: '4', reason: 'customer_request' as const }
    const waiting = await w.service.refundDirect(ask).catch((error: unknown) => error)
    expect(waiting).toMatchObject({ code: 'approval_requested' })
    expect(await ledgerSql(w.store).value<bigint>('SELECT COUNT(*) FROM payouts')).toBe(0n)
    const request = (await ledgerSql(w.store).get<{ id: bigint; route: string; refund_of_operation: string; state: string }>('SELECT id, route, refund_of_operation, state FROM approval_requests'))!
    expect(request).toMatchObject({ route: 'direct', refund_of_operation: operationId, state: 'open' })
    // While it waits, it holds 4 of the 5 Pi: 2 more is above what is left.
    await expect(w.service.refundDirect({ ...ask, idempotencyKey: requestKey(), amount: '2', confirmAmount: '2' })).rejects.toThrow(
      `Only 1.0000000 Pi of transfer ${operationId} is left to refund (4.0000000 Pi of it waits for approval`
    )
    // Staff may not approve (their own or any); the owner does, and it is paid once, to the address that paid.
    await expect(w.service.approve(Number(request.id), 'ok')).rejects.toMatchObject({ code: 'not_allowed' })
    await as('Olga')
    const { payout } = await w.service.approve(Number(request.id), 'checked the till')
    expect(payout).toMatchObject({ state: 'completed', route: 'direct', refundOfOperation: operationId, toAddress: buyer.publicKey, requestedBy: 'Sam' })
    const again = await w.service.approve(Number(request.id), 'again').catch((error: unknown) => error)
    expect(again).toMatchObject({ code: 'request_paid' })
    expect(paidWithMemo(w, payout.chainMemo!)).toEqual([{ to: buyer.publicKey, amount: 4n * PI }])
  })
})
