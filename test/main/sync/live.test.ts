// Live mode: records from Horizon's stream go through the same store step as a sync, and a record
// the stream could not read is recovered by paging from the saved cursor.
import { afterEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { HorizonError } from '../../../src/main/horizon'
import { createSyncEngine } from '../../../src/main/sync'
import { FakeWorld } from './fake-world'
import { ledgerSql, openScratchLedger } from '../../support'

const stores: MerchantDb[] = []
const controllers: AbortController[] = []
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort()
  for (const store of stores.splice(0)) store.close()
})

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function startLive(world: FakeWorld) {
  const store = openScratchLedger().store
  stores.push(store)
  const engine = createSyncEngine({ store, networkId: 'sandbox', pi: world.pi(), horizon: world.horizon(), appWallet: world.appWallet })
  const controller = new AbortController()
  controllers.push(controller)
  let changes = 0
  const errors: unknown[] = []
  const following = engine.follow({
    signal: controller.signal,
    onChange: () => void (changes += 1),
    onError: (error) => void errors.push(error),
    retryDelayMs: 10
  })
  return { store, engine, controller, following, errors, changes: () => changes }
}

const row = async (store: MerchantDb, id: string) =>
  await ledgerSql(store).get('SELECT status, chain_check, source FROM payments WHERE identifier = ?', id)
const cursor = async (store: MerchantDb) => await ledgerSql(store).value('SELECT cursor FROM sync_cursors')

describe('follow', () => {
  it('catches up from the cursor, then stores each streamed payment, looks it up and checks it', async () => {
    const world = new FakeWorld(51, 20)
    const live = startLive(world)
    await until(() => world.streams.length === 1, 'the stream to open')
    const stream = world.streams[0]
    expect(stream?.options.cursor).toBe(world.history.at(-1)?.pagingToken)
    const before = live.changes()

    const id = world.addSale('completed')
    stream?.options.onPayment(world.history.at(-1) as never)
    await until(() => live.changes() > before, 'the ledger to change')

    expect(await row(live.store, id)).toEqual({ status: 'completed', chain_check: 'verified', source: 'chain' })
    expect(await cursor(live.store)).toBe(world.history.at(-1)?.pagingToken)
    expect(world.fetchedIds.get(id)).toBe(1)
    live.controller.abort()
    await live.following
    expect(stream?.stopped).toBe(true)
    expect(live.engine.status().running).toBe(false)
  })

  it('never stores past a record the stream could not read: it pages from the cursor first', async () => {
    const world = new FakeWorld(52, 10)
    const live = startLive(world)
    await until(() => world.streams.length === 1, 'the stream to open')
    const stream = world.streams[0]
    const lost = world.addSale('completed')
    const next = world.addSale('completed')
    const pagesBefore = world.calls.paymentsPage

    // The stream skipped `lost` (unreadable for it) and delivers `next`.
    stream?.options.onError?.(new HorizonError({ code: 'horizon_malformed_answer', httpStatus: 200 }))
    stream?.options.onPayment(world.history.at(-1) as never)
    await until(async () => (await row(live.store, next)) !== undefined, 'the next payment')
    // The skipped one is stored and verified too (a step after the page's commit: on a team
    // database another connection may read between them).
    await until(async () => (await row(live.store, lost))?.chain_check === 'verified', 'the skipped payment, verified')

    expect(world.calls.paymentsPage).toBeGreaterThan(pagesBefore)
    expect(await row(live.store, lost)).toMatchObject({ chain_check: 'verified' })
    expect(live.errors).toHaveLength(1)
  })

  it('lets a full sync run while following, and refuses a second live mode', async () => {
    const world = new FakeWorld(53, 10)
    const live = startLive(world)
    await until(() => world.streams.length === 1, 'the stream to open')
    await expect(live.engine.follow({ signal: new AbortController().signal })).rejects.toMatchObject({ code: 'sync_already_following' })

    const open = [...world.expected].find(([, e]) => e.kind === 'incomplete_with_tx')?.[0] as string
    world.complete(open)
    const report = await live.engine.run()
    expect(report.outcome).toBe('completed')
    expect(await row(live.store, open)).toMatchObject({ status: 'completed' })
    expect(live.engine.status()).toMatchObject({ running: false, following: true })
  })
})
