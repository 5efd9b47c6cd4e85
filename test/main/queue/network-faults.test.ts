// Network errors on Pi's writes are retried without double effects: an unanswered POST is read
// back first, and sent again only when Pi's record shows it did not take effect.
import { describe, expect, it } from 'vitest'
import { approvedPayment, auditEntries, ORDER, paidPayment, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { sandbox, openWorld } = queueSandboxPerFile()
let world: QueueWorld

describe('a Pi write that does not answer', () => {
  it('is not sent again when Pi applied it before answering 504: read back, it counts as done', async () => {
    world = openWorld()
    const { id } = await paidPayment(world)
    await world.track(id)
    sandbox().platform.faults.add({ route: `POST /v2/payments/${id}/complete`, kind: 'applyThen504', times: 1 })
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'completed', status: 'completed' })
    expect(world.calls(id, 'complete')).toBe(1)
  })

  it('is sent again after a timeout once the read-back shows it did not take effect', async () => {
    world = openWorld({ piTimeoutMs: 300 })
    const id = world.buyer().startPayment({ amount: 2, ...ORDER }).identifier
    await world.track(id)
    sandbox().platform.faults.add({ route: `POST /v2/payments/${id}/approve`, kind: 'timeout', times: 1 })
    const { results } = await world.service.act({ action: 'approve', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'approved', status: 'approved' })
    expect(world.calls(id, 'approve')).toBe(2)
    expect(sandbox().platform.state.payment(id)?.status.developerApproved).toBe(true)
  })

  it('is sent again after an HTML error page, and after a 429', async () => {
    world = openWorld()
    const { id } = await approvedPayment(world)
    await world.track(id)
    world.advance(16 * 60_000)
    sandbox().platform.faults.add({ route: `POST /v2/payments/${id}/cancel`, kind: 'html500', status: 502, times: 1 })
    sandbox().platform.faults.add({ route: `POST /v2/payments/${id}/cancel`, kind: 'status429', times: 1 })
    const { results } = await world.service.act({ action: 'cancel', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'cancelled', status: 'cancelled' })
    expect(world.calls(id, 'cancel')).toBe(3)
  })

  it('lands late after the client gave up: the second attempt meets Pi\'s own answer and nothing happens twice', async () => {
    world = openWorld({ piTimeoutMs: 300 })
    const { id } = await paidPayment(world)
    await world.track(id)
    // Applied after 600 ms, long after the client stopped waiting; the retry is not delayed.
    sandbox().platform.faults.add({ route: `POST /v2/payments/${id}/complete`, kind: 'latency', ms: 600, times: 1 })
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', status: 'completed' })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(sandbox().platform.state.payment(id)?.status.developerCompleted).toBe(true)
    expect(world.calls(id, 'complete')).toBe(2)
  })

  it('gives up after three attempts with a clear message, leaving the payment as it was', async () => {
    world = openWorld()
    const { id } = await paidPayment(world)
    await world.track(id)
    sandbox().platform.faults.add({ route: `POST /v2/payments/${id}/complete`, kind: 'html500' })
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'failed', code: 'outcome_unknown', status: 'verified' })
    expect(results[0]?.message).toBe(
      "Pi did not answer, so it is not known whether it was completed; Pi's record shows it not completed yet. Try again: a second attempt cannot complete it twice."
    )
    expect(world.calls(id, 'complete')).toBe(3)
    expect(sandbox().platform.state.payment(id)?.status.developerCompleted).toBe(false)
    expect((await auditEntries(world, id))[0]).toMatchObject({ after: { result: { outcome: 'failed', code: 'outcome_unknown' } } })

    sandbox().platform.faults.clear()
    const again = await world.service.act({ action: 'complete', ids: [id] })
    expect(again.results[0]).toMatchObject({ outcome: 'done', code: 'completed' })
  })
})
