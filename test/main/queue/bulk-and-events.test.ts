// Bulk actions (one result per row, each audited), the channel handlers and their input schema,
// and the `queue:changed` event for payments that join the queue while the app is open.
import { describe, expect, it } from 'vitest'
import { auditHandlers, listAudit, verifyAuditLog } from '../../../src/main/audit'
import { createQueueService, queueHandlers } from '../../../src/main/queue'
import { EventBus } from '../../../src/main/ipc'
import { channels } from '../../../src/shared/contract'
import { ORDER, paidPayment, PI, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { sandbox, openWorld } = queueSandboxPerFile()
let world: QueueWorld

describe('bulk actions', () => {
  it('approve many rows: one result per distinct row, in order, each audited', async () => {
    world = openWorld()
    const first = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    const leaver = world.buyer()
    const cancelled = leaver.startPayment({ amount: 2, ...ORDER }).identifier
    const payout = await world.pi.createPayment({ amount: 1n * PI, memo: 'Refund', metadata: { a: 1 }, uid: leaver.uid })
    const unknown = 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Q'
    await world.track(first, cancelled, payout.identifier)
    leaver.cancelPayment(cancelled)

    const { results } = await world.service.act({ action: 'approve', ids: [first, cancelled, payout.identifier, unknown, first] })
    expect(results.map((r) => [r.identifier, r.outcome, r.code])).toEqual([
      [first, 'done', 'approved'],
      [cancelled, 'refused', 'cancelled_payment'],
      [payout.identifier, 'refused', 'not_user_to_app'],
      [unknown, 'refused', 'not_in_ledger']
    ])
    expect(results.map((r) => r.auditSeq)).toEqual([1, 2, 3, 4])
    expect(world.calls(first, 'approve')).toBe(1)
    expect(world.calls(payout.identifier, 'approve')).toBe(0)
    expect(await verifyAuditLog(world.store)).toMatchObject({ ok: true, entries: 4 })
    expect((await listAudit(world.store, { subject: unknown })).entries[0]).toMatchObject({
      action: 'payment.approve',
      actor: 'maria',
      before: { payment: null },
      after: { payment: null, result: { outcome: 'refused', code: 'not_in_ledger' } }
    })
  })

  it('complete many rows: the honest one is completed, the liar refused, and Pi hears of the honest one only', async () => {
    world = openWorld()
    const honest = await paidPayment(world)
    const liar = await paidPayment(world, { lie: 'wrong_destination' })
    await world.track(honest.id, liar.id)
    const { results } = await world.service.act({ action: 'complete', ids: [liar.id, honest.id] })
    expect(results.map((r) => [r.outcome, r.code, r.status])).toEqual([
      ['refused', 'refused_by_chain', 'submitted'],
      ['done', 'completed', 'completed']
    ])
    expect(sandbox().platform.requests.count('POST /v2/payments/:payment_id/complete')).toBeGreaterThanOrEqual(1)
    expect(world.calls(liar.id, 'complete')).toBe(0)
    expect(world.calls(honest.id, 'complete')).toBe(1)
  })
})

describe('the channels', () => {
  it('validate their input: a typed txid goes with one payment to complete, ids are Pi ids', () => {
    const act = channels['queue:act'].input
    const id = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'
    expect(act.safeParse({ action: 'complete', ids: [id], txid: 'AB'.repeat(32) }).success).toBe(true)
    expect(act.safeParse({ action: 'complete', ids: [id, id.replace('a', 'b')], txid: 'ab'.repeat(32) }).success).toBe(false)
    expect(act.safeParse({ action: 'approve', ids: [id], txid: 'ab'.repeat(32) }).success).toBe(false)
    expect(act.safeParse({ action: 'complete', ids: [id], txid: 'xyz' }).success).toBe(false)
    expect(act.safeParse({ action: 'refund', ids: [id] }).success).toBe(false)
    expect(act.safeParse({ action: 'cancel', ids: ['not an id'] }).success).toBe(false)
    expect(act.safeParse({ action: 'cancel', ids: [] }).success).toBe(false)
    expect(act.safeParse({ action: 'cancel', ids: Array.from({ length: 501 }, () => id) }).success).toBe(false)
    expect(channels['queue:list'].input.safeParse(undefined).success).toBe(true)
    expect(channels['audit:list'].input.parse(undefined)).toEqual({ limit: 50 })
  })

  it('answer through the handlers the router calls', async () => {
    world = openWorld()
    // The audit log's channels are the audit folder's, mounted beside the queue's as the app does.
    const handlers = {
      ...queueHandlers({
        store: world.store,
        actor: () => 'desktop',
        networkId: () => 'sandbox',
        connect: async () => world.connection,
        now: () => world.now(),
        sleep: async () => undefined,
        payouts: world.payouts
      }),
      ...auditHandlers(world.store)
    }
    const id = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(id)
    expect((await handlers['queue:list'](undefined)).items.map((item) => item.identifier)).toEqual([id])
    const acted = await handlers['queue:act'](channels['queue:act'].input.parse({ action: 'approve', ids: [id] }))
    expect(acted.results[0]).toMatchObject({ outcome: 'done', auditSeq: 1 })
    const page = await handlers['audit:list'](channels['audit:list'].input.parse({}))
    expect(page.entries.map((entry) => [entry.seq, entry.actor, entry.action, entry.subject])).toEqual([[1, 'desktop', 'payment.approve', id]])
    expect(await handlers['audit:verify'](undefined)).toMatchObject({ ok: true, entries: 1, firstBrokenSeq: null })
  })

  it('list the queue without a connection, and refuse to act without one', async () => {
    world = openWorld()
    const handlers = queueHandlers({
      store: world.store,
      actor: () => 'desktop',
      networkId: () => 'sandbox',
      connect: async () => {
        const { UserFacingError } = await import('../../../src/shared/errors')
        throw new UserFacingError('api_key_missing', 'No Pi API key is set for Sandbox.')
      },
      payouts: world.payouts
    })
    const id = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(id)
    expect((await handlers['queue:list'](undefined)).items).toHaveLength(1)
    await expect(handlers['queue:act']({ action: 'approve', ids: [id] })).rejects.toThrow('No Pi API key is set for Sandbox.')
  })
})

/** The watcher reads the ledger asynchronously: let the look an event started finish (no I/O, only queries). */
/**
 * Waits until the look the event started has finished: looks run one after another, so a look
 * asked for now ends after it (and finds nothing more). On SQLite one tick would do; a team
 * database answers over the network.
 */
const lookedForNewItems = async (service: { checkForNewItems(): Promise<number> }): Promise<void> => {
  expect(await service.checkForNewItems()).toBe(0)
}

describe('queue:changed', () => {
  it('announces payments that join the queue after the app opened, not the ones already waiting', async () => {
    world = openWorld()
    const already = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(already)
    // The app opens on a ledger that already holds one waiting payment.
    const bus = new EventBus()
    const announced: unknown[] = []
    bus.on('queue:changed', (payload) => announced.push(payload))
    const service = createQueueService({
      store: world.store,
      actor: () => 'desktop',
      networkId: () => 'sandbox',
      connect: async () => world.connection,
      events: bus,
      payouts: world.payouts
    })
    expect(await service.checkForNewItems()).toBe(0)

    const fresh = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(fresh)
    bus.emit('ledger:changed', { reason: 'sync' })
    await lookedForNewItems(service)
    expect(announced).toEqual([{ newItems: 1, total: 2 }])
    bus.emit('ledger:changed', { reason: 'sync' })
    await lookedForNewItems(service)
    expect(announced).toHaveLength(1)
    service.dispose()
    bus.emit('ledger:changed', { reason: 'sync' })

    // A refresh that finds new open payouts (this one, and any other the app has) announces them.
    await world.service.checkForNewItems()
    const seen = world.events.length
    const payout = await world.pi.createPayment({ amount: 1n * PI, memo: 'Payout', metadata: { b: 1 }, uid: world.buyer().uid })
    const openPayouts = (await world.pi.incompleteServerPayments()).length
    await world.service.list({ refresh: true })
    expect(world.events.slice(seen).filter((event) => event.name === 'queue:changed')).toEqual([
      { name: 'queue:changed', payload: { newItems: openPayouts, total: 2 + openPayouts } }
    ])
    expect(await world.row(payout.identifier)).toMatchObject({ source: 'incomplete_server_payments' })
  })
})
