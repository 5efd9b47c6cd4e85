// A lying buyer's payment: Pi will not cancel it (a transaction is linked) and Merchant Desk will
// not complete it (the chain does not show it paid). The queue, a refused cancel and the
// reconciliation say the same truthful path, none advises what the app refuses, and staff can mark
// it reviewed with a note: it leaves the "needs action" count, stays listed, and both marking and
// reopening are in the audit log. A payment the app can still act on cannot be hidden this way.
import { describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../../src/main/audit'
import { createRouter, type Handlers } from '../../../src/main/ipc'
import { queueHandlersOf } from '../../../src/main/queue'
import { UNPAID_LINKED_RULE } from '../../../src/shared/payments'
import { auditEntries, paidPayment, queueSandboxPerFile, type QueueWorld } from './fixture'
import { ledgerSql } from '../../support'

// The file's sandbox, and this test's ledger (closed after it).
const { openWorld } = queueSandboxPerFile()
let world: QueueWorld

describe('a payment whose linked transaction fails verification', () => {
  it('is told one truthful path in the queue and in a refused cancel, with no advice to cancel or complete it', async () => {
    world = openWorld()
    const liar = await paidPayment(world, { amount: 8, lie: 'wrong_amount' })
    await world.track(liar.id)

    const item = (await world.service.list()).items.find((one) => one.identifier === liar.id)!
    expect(item).toMatchObject({ kind: 'verification_failed', advice: 'do_not_deliver', actions: [] })
    expect(item.reason).toContain(UNPAID_LINKED_RULE)
    expect(item.reason).toContain("ask Pi's support to close it with the evidence pack")
    expect(item.reason).not.toMatch(/cancel it(?! while)|complete it if/i)

    const { results } = await world.service.act({ action: 'cancel', ids: [liar.id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'payment_tx_present' })
    expect(results[0]!.message).toContain(UNPAID_LINKED_RULE)
    expect(results[0]!.message).not.toMatch(/complete it if/i)
    expect(world.calls(liar.id, 'cancel')).toBe(0)
  })

  it('leaves the "needs action" count once marked reviewed, stays listed, and is audited with the note', async () => {
    world = openWorld()
    const liar = await paidPayment(world, { amount: 8, lie: 'wrong_amount' })
    const honest = await paidPayment(world, { amount: 3 })
    await world.track(liar.id, honest.id)
    expect(await world.service.list()).toMatchObject({ total: 2, reviewed: 0, needsAction: 2 })

    const note = 'Buyer contacted; Pi support ticket 4411 sent with the evidence pack.'
    const marked = await world.service.review({ id: liar.id, reviewed: true, note })
    expect(marked).toMatchObject({ identifier: liar.id, review: { by: 'maria', note } })

    const view = await world.service.list()
    expect(view).toMatchObject({ total: 2, reviewed: 1, needsAction: 1 })
    expect(view.items.find((one) => one.identifier === liar.id)?.review).toMatchObject({ by: 'maria', note })
    expect(view.items.find((one) => one.identifier === honest.id)?.review).toBeNull()
    expect(await ledgerSql(world.store).all('SELECT identifier, reviewed_by, note FROM payment_reviews')).toEqual([
      { identifier: liar.id, reviewed_by: 'maria', note }
    ])

    const reopened = await world.service.review({ id: liar.id, reviewed: false, note: 'The buyer answered: looking again.' })
    expect(reopened.review).toBeNull()
    expect(await world.service.list()).toMatchObject({ reviewed: 0, needsAction: 2 })

    const entries = (await auditEntries(world, liar.id)).filter((entry) => entry.action.startsWith('payment.re'))
    expect(entries.map((entry) => [entry.action, entry.actor, entry.after])).toEqual([
      ['payment.review', 'maria', { reviewed: true, note }],
      ['payment.reopen', 'maria', { reviewed: false, note: 'The buyer answered: looking again.' }]
    ])
    expect((await verifyAuditLog(world.store)).ok).toBe(true)
    // Reviewing moved no money and told Pi nothing.
    expect(world.calls(liar.id, 'cancel') + world.calls(liar.id, 'complete')).toBe(0)
  })

  it('refuses to hide a payment the app can still act on, or one not in the queue, writing nothing', async () => {
    world = openWorld()
    const honest = await paidPayment(world, { amount: 3 })
    await world.track(honest.id)
    const handlers = queueHandlersOf(world.service)
    const router = createRouter(handlers as unknown as Handlers)

    const refused = await router.call('queue:review', { id: honest.id, reviewed: true, note: 'Looks fine' })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'can_still_act',
        message:
          'Only a payment whose transaction failed the chain check can be marked reviewed: this one can still be approved, completed or cancelled from the queue.'
      }
    })
    const unknown = await router.call('queue:review', { id: 'A'.repeat(28), reviewed: true, note: 'x' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_in_queue' } })
    const noNote = await router.call('queue:review', { id: honest.id, reviewed: true, note: '  ' })
    expect(noNote).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await ledgerSql(world.store).value('SELECT count(*) FROM payment_reviews')).toBe(0n)
    expect((await auditEntries(world, honest.id)).filter((entry) => entry.action.startsWith('payment.re'))).toEqual([])
  })
})
