// Issue 18, the rules of money: a person's role and the refund policy decide, inside the payout's
// own transaction, whether a refund is paid or kept as an approval request; another person
// approves it and it is paid once. Against the sandbox: what Pi was asked and what the chain
// shows, never the journal's word alone. Runs on both engines.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { trackPayments } from '../../../src/main/tracking'
import { addPerson, DeskSession, setPolicy, type Role } from '../../../src/main/people'
import type { MerchantDb } from '../../../src/main/db'
import type { RunningSandbox } from '../../../src/sandbox'
import type { PayoutFailpoint } from '../../../src/main/payouts'
import { openPayoutWorld, PI, requestKey, startPayoutSandbox, type PayoutWorld } from '../payouts/fixture'
import { ledgerSql } from '../../support'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 } as const
const PEOPLE: readonly [string, Role][] = [
  ['Olga', 'owner'],
  ['Maya', 'manager'],
  ['Sam', 'staff'],
  ['Alex', 'accountant'],
  ['Mo', 'manager']
]

let sandbox: RunningSandbox
const worlds: PayoutWorld[] = []

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
})
afterAll(async () => sandbox.close())
afterEach(() => {
  sandbox.horizon.faults.clear()
  sandbox.platform.faults.clear()
  for (const world of worlds.splice(0)) world.close()
})

interface Desk {
  readonly world: PayoutWorld
  /** Unlocks the desk as that person (their secret is their name, lower case, twice). */
  as(name: string): Promise<void>
}

/** A desk whose ledger has the five people above; staff may refund 5 Pi at once, 8 Pi a day. */
async function desk(failpoint?: (name: PayoutFailpoint) => void): Promise<Desk> {
  let session: DeskSession | null = null
  const world = openPayoutWorld(sandbox, {
    ...(failpoint ? { failpoint } : {}),
    session: (store: MerchantDb) => (session = new DeskSession({ store, ownerName: 'desktop' }))
  })
  worlds.push(world)
  for (const [name, role] of PEOPLE) await addPerson(world.store, 'test', { name, role, secret: secretOf(name) }, CHEAP)
  await setPolicy(world.store, 'Olga', { role: 'staff', maxRefund: '5', dailyLimit: '8', requireReason: false })
  return {
    world,
    as: async (name) => {
      await session!.unlock(name, secretOf(name))
    }
  }
}

function secretOf(name: string): string {
  return `${name.toLowerCase()}${name.toLowerCase()}`
}

const refund = (sale: string, amount: string) => ({ idempotencyKey: requestKey(), paymentId: sale, amount, confirmAmount: amount, reason: 'customer_request' as const })

function a2uCreates(): number {
  return sandbox.platform.requests.count('POST /v2/payments')
}

async function auditOf(w: PayoutWorld): Promise<{ actor: string; action: string }[]> {
  return ledgerSql(w.store).all<{ actor: string; action: string }>('SELECT actor, action FROM audit_log ORDER BY seq')
}

async function requestRow(w: PayoutWorld, id: number) {
  return ledgerSql(w.store).get<Record<string, unknown>>('SELECT state, requested_by, decided_by, payout_id, amount_stroops FROM approval_requests WHERE id = ?', id)
}

describe('staff refunds within and above their policy', () => {
  it('pays a refund within the limit, naming the person in the journal and the log', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    const paid = await w.service.refund(refund(sale, '4'))
    expect(paid.state).toBe('completed')
    expect(paid.requestedBy).toBe('Sam')
    expect(w.refundedOnChain(sale)).toBe(4n * PI)
    expect(await auditOf(w)).toEqual(expect.arrayContaining([{ actor: 'Sam', action: 'refund.request' }, { actor: 'Sam', action: 'refund.completed' }]))
  })

  it('keeps a refund above the limit as a request: nothing created at Pi, nothing on chain', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    const balance = w.walletBalance()
    const creates = a2uCreates()
    await as('Sam')
    const asked = w.service.refund(refund(sale, '7'))
    await expect(asked).rejects.toMatchObject({ code: 'approval_requested', details: { requestId: 1 } })
    await expect(asked).rejects.toThrow(/request 1: 7(\.0+)? Pi is above the 5(\.0+)? Pi staff may refund at once/)
    expect(a2uCreates()).toBe(creates)
    expect(w.walletBalance()).toBe(balance)
    expect(await ledgerSql(w.store).value('SELECT COUNT(*) FROM payouts')).toBe(0n)
    expect(await requestRow(w, 1)).toMatchObject({ state: 'open', requested_by: 'Sam', decided_by: null, amount_stroops: 7n * PI })
    expect((await auditOf(w)).at(-1)).toEqual({ actor: 'Sam', action: 'refund.ask_approval' })
  })

  it('sends the same form again: the same request, never a second one', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    const form = refund(sale, '7')
    await expect(w.service.refund(form)).rejects.toMatchObject({ code: 'approval_requested', details: { requestId: 1 } })
    await expect(w.service.refund(form)).rejects.toMatchObject({ code: 'approval_requested', details: { requestId: 1 } })
    expect(await ledgerSql(w.store).value('SELECT COUNT(*) FROM approval_requests')).toBe(1n)
  })

  it('sends the same form again once its request was decided: the payout it became, or the denial, never a second payment', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(20)
    await as('Sam')
    const paidForm = refund(sale, '6')
    const deniedForm = refund(sale, '5.5')
    await expect(w.service.refund(paidForm)).rejects.toMatchObject({ code: 'approval_requested', details: { requestId: 1 } })
    await as('Maya')
    const { payout } = await w.service.approve(1, 'ok')
    await as('Sam')
    await expect(w.service.refund(deniedForm)).rejects.toMatchObject({ code: 'approval_requested', details: { requestId: 2 } })
    await as('Maya')
    await w.service.deny(2, 'Already refunded in store credit')
    await as('Sam')
    const creates = a2uCreates()
    const again = await w.service.refund(paidForm)
    expect(again).toMatchObject({ id: payout.id, state: 'completed', requestedBy: 'Sam' })
    await expect(w.service.refund(deniedForm)).rejects.toMatchObject({ code: 'request_denied' })
    await expect(w.service.refund(deniedForm)).rejects.toThrow(/request 2, which Maya denied: "Already refunded in store credit"/)
    expect(a2uCreates()).toBe(creates)
    expect(w.refundedOnChain(sale)).toBe(6n * PI)
  })

  it("counts the day's refunds: above the daily limit the next refund waits for approval", async () => {
    const { world: w, as } = await desk()
    const first = await w.completedSale(10)
    const second = await w.completedSale(10)
    await as('Sam')
    expect((await w.service.refund(refund(first, '5'))).state).toBe('completed')
    await expect(w.service.refund(refund(second, '4'))).rejects.toThrow(/Sam has refunded 5(\.0+)? Pi today; with 4(\.0+)? Pi more that is above the 8(\.0+)? Pi a day/)
    expect((await w.service.refund(refund(second, '3'))).state).toBe('completed')
    expect(w.refundedOnChain(first) + w.refundedOnChain(second)).toBe(8n * PI)
  })

  it('refuses a refund without a reason in words when the policy asks for one, audited, nothing paid', async () => {
    const { world: w, as } = await desk()
    await setPolicy(w.store, 'Olga', { role: 'staff', requireReason: true })
    const sale = await w.completedSale(10)
    await as('Sam')
    const creates = a2uCreates()
    await expect(w.service.refund(refund(sale, '1'))).rejects.toMatchObject({ code: 'refund_reason_required' })
    expect((await w.service.refund({ ...refund(sale, '1'), reason: 'other', reasonText: 'the lid was cracked' })).state).toBe('completed')
    expect(a2uCreates()).toBe(creates + 1)
    expect(await auditOf(w)).toContainEqual({ actor: 'Sam', action: 'refund.refused' })
  })
})

describe('four eyes', () => {
  it("a manager's approval pays the request exactly once, in the requester's name; approving again pays nothing", async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    await as('Maya')
    const { request, payout } = await w.service.approve(1, 'Customer is a regular')
    expect(payout.state).toBe('completed')
    expect(payout.requestedBy).toBe('Sam')
    expect(request).toMatchObject({ state: 'paid', decidedBy: 'Maya', payoutId: payout.id })
    expect(w.refundedOnChain(sale)).toBe(7n * PI)
    const creates = a2uCreates()
    await expect(w.service.approve(1, '')).rejects.toMatchObject({ code: 'request_paid' })
    expect(a2uCreates()).toBe(creates)
    expect(w.refundedOnChain(sale)).toBe(7n * PI)
    const log = await auditOf(w)
    expect(log).toContainEqual({ actor: 'Sam', action: 'refund.ask_approval' })
    expect(log).toContainEqual({ actor: 'Maya', action: 'refund.approve' })
    expect(log).toContainEqual({ actor: 'Maya', action: 'request.approve_refused' })
  })

  it('a crash right after the approved payout is recorded: the request is paid by that payout, approving again pays nothing, resume pays it once', async () => {
    let crash = true
    const { world: w, as } = await desk((name) => {
      if (crash && name === 'intent-recorded') throw new Error('power cut')
    })
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    await as('Maya')
    await expect(w.service.approve(1, 'ok')).rejects.toThrow('power cut')
    crash = false
    // The payout row and the request's link to it were written in one transaction.
    expect(await requestRow(w, 1)).toMatchObject({ state: 'paid', payout_id: 1n })
    expect(await ledgerSql(w.store).get('SELECT state, requested_by FROM payouts WHERE id = 1')).toEqual({ state: 'recorded', requested_by: 'Sam' })
    const creates = a2uCreates()
    await as('Mo')
    await expect(w.service.approve(1, '')).rejects.toMatchObject({ code: 'request_paid' })
    expect(a2uCreates()).toBe(creates)
    const [finished] = await w.service.resume()
    expect(finished).toMatchObject({ id: 1, state: 'completed' })
    expect(w.refundedOnChain(sale)).toBe(7n * PI)
  })

  it('the requester cannot approve their own request; staff and accountants cannot approve at all', async () => {
    const { world: w, as } = await desk()
    await setPolicy(w.store, 'Olga', { role: 'manager', maxRefund: '2' })
    const sale = await w.completedSale(10)
    await as('Maya')
    await expect(w.service.refund(refund(sale, '3'))).rejects.toMatchObject({ code: 'approval_requested' })
    const creates = a2uCreates()
    await expect(w.service.approve(1, 'mine')).rejects.toMatchObject({ code: 'own_request' })
    await as('Sam')
    await expect(w.service.approve(1, '')).rejects.toMatchObject({ code: 'not_allowed' })
    await as('Alex')
    await expect(w.service.approve(1, '')).rejects.toThrow(/Alex works as an accountant, who may not approve or deny other people's requests: ask an owner or a manager/)
    expect(a2uCreates()).toBe(creates)
    expect(await requestRow(w, 1)).toMatchObject({ state: 'open', decided_by: null })
    const log = await auditOf(w)
    expect(log).toContainEqual({ actor: 'Maya', action: 'request.approve_refused' })
    expect(log).toContainEqual({ actor: 'Alex', action: 'access.refused' })
    // Another manager may.
    await as('Mo')
    expect((await w.service.approve(1, 'ok')).payout.state).toBe('completed')
  })

  it('the database itself refuses an approval by the requester', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    await expect(
      ledgerSql(w.store).run(`UPDATE approval_requests SET state = 'approved', decided_by = 'Sam', decided_at = 1, approval_expires_at = 2 WHERE id = 1`)
    ).rejects.toThrow()
    expect(await requestRow(w, 1)).toMatchObject({ state: 'open' })
  })

  it('a denial needs a note and pays nothing; a denied request cannot be approved', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    await as('Maya')
    await expect(w.service.deny(1, '  ')).rejects.toMatchObject({ code: 'deny_note_missing' })
    expect(await w.service.deny(1, 'Item was used')).toMatchObject({ state: 'denied', decidedBy: 'Maya', decisionNote: 'Item was used' })
    const creates = a2uCreates()
    await as('Mo')
    await expect(w.service.approve(1, '')).rejects.toMatchObject({ code: 'request_denied' })
    expect(a2uCreates()).toBe(creates)
    // Denied, it no longer holds the sale: the owner may refund all of it.
    await as('Olga')
    expect((await w.service.refund(refund(sale, '10'))).state).toBe('completed')
  })

  it('an expired approval is refused and pays nothing', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    await as('Maya')
    // Approved while Horizon cannot be reached: nothing could be paid then.
    sandbox.horizon.faults.add({ route: /./, kind: 'html500', status: 503 })
    await expect(w.service.approve(1, 'go ahead')).rejects.toThrow()
    sandbox.horizon.faults.clear()
    expect(await requestRow(w, 1)).toMatchObject({ state: 'approved', decided_by: 'Maya', payout_id: null })
    // Its time runs out before anyone tries again.
    await ledgerSql(w.store).run('UPDATE approval_requests SET approval_expires_at = ? WHERE id = 1', Date.now() - 1000)
    const creates = a2uCreates()
    await as('Mo')
    await expect(w.service.approve(1, '')).rejects.toMatchObject({ code: 'approval_expired' })
    expect(a2uCreates()).toBe(creates)
    expect(w.refundedOnChain(sale)).toBe(0n)
  })
})

describe('the refund cap counts requests', () => {
  it('two requests cannot together exceed what remains; an open request holds its amount', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    await expect(w.service.refund(refund(sale, '6'))).rejects.toMatchObject({ code: 'refund_above_remainder' })
    await expect(w.service.refund(refund(sale, '6'))).rejects.toThrow(/Only 3(\.0+)? Pi .* \(7(\.0+)? Pi of it waits for approval/)
    await as('Olga')
    await expect(w.service.refund(refund(sale, '4'))).rejects.toMatchObject({ code: 'refund_above_remainder' })
    expect((await w.service.refund(refund(sale, '3'))).state).toBe('completed')
    expect(await ledgerSql(w.store).value('SELECT COUNT(*) FROM approval_requests')).toBe(1n)
  })

  it('a request whose sale was refunded in full meanwhile (on another desk) is refused at approval, nothing paid', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Sam')
    await expect(w.service.refund(refund(sale, '7'))).rejects.toMatchObject({ code: 'approval_requested' })
    // Another desk, with its own ledger, refunds the whole sale.
    const other = openPayoutWorld(sandbox, {})
    worlds.push(other)
    await trackPayments({ store: other.store, pi: other.pi, horizon: other.horizon, networkId: 'sandbox', appWallet: sandbox.appWallet.publicKey, ids: [sale] })
    expect((await other.service.refund(refund(sale, '10'))).state).toBe('completed')
    const creates = a2uCreates()
    await as('Maya')
    await expect(w.service.approve(1, 'ok')).rejects.toMatchObject({ code: 'refund_above_remainder' })
    expect(a2uCreates()).toBe(creates)
    expect(w.refundedOnChain(sale)).toBe(10n * PI)
    expect(await auditOf(w)).toContainEqual({ actor: 'Maya', action: 'request.approve_refused' })
  })
})

describe('roles without the right', () => {
  it('an accountant cannot move money: refused before anything is asked of Pi, audited', async () => {
    const { world: w, as } = await desk()
    const sale = await w.completedSale(10)
    await as('Alex')
    const creates = a2uCreates()
    await expect(w.service.refund(refund(sale, '1'))).rejects.toMatchObject({ code: 'not_allowed' })
    await expect(w.service.payout({ idempotencyKey: requestKey(), uid: 'buyer-1', amount: '1', confirmAmount: '1', memo: 'Prize' })).rejects.toMatchObject({ code: 'not_allowed' })
    await expect(w.service.resume()).rejects.toMatchObject({ code: 'not_allowed' })
    expect(a2uCreates()).toBe(creates)
    expect((await auditOf(w)).filter((entry) => entry.action === 'access.refused')).toHaveLength(3)
  })

  it('a locked desk does nothing', async () => {
    const { world: w } = await desk()
    const sale = await w.completedSale(10)
    await expect(w.service.refund(refund(sale, '1'))).rejects.toMatchObject({ code: 'desk_locked' })
  })

  it('every payout by staff needs approval', async () => {
    const { world: w, as } = await desk()
    await w.knowsAppWallet()
    await as('Sam')
    const creates = a2uCreates()
    await expect(w.service.payout({ idempotencyKey: requestKey(), uid: 'buyer-1', amount: '1', confirmAmount: '1', memo: 'Prize' })).rejects.toThrow(/every payout by staff needs approval/)
    expect(a2uCreates()).toBe(creates)
  })
})
