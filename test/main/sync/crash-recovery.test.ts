// Invariant 5: a crash at any point leaves a database the next run continues from, and the
// result is the same database one clean sync gives. A crash is simulated by throwing from inside
// a store step just before its transaction commits (as a killed process would lose it), by
// aborting between steps, and by a Pi or Horizon call failing for good; the "restart" is a new
// engine on the same database.
import { afterEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { HorizonError } from '../../../src/main/horizon'
import { PiApiError } from '../../../src/main/pi'
import { createSyncEngine, strictPageReader, type SyncEngineOptions } from '../../../src/main/sync'
import { FakeWorld, type CallName } from './fake-world'
import { dumpLedger } from './ledger-dump'
import { openScratchLedger } from '../../support'

const NOW = new Date(Date.UTC(2025, 5, 1))
const SEEDS = Array.from({ length: 24 }, (_, i) => 1000 + i * 7919)
const stores: MerchantDb[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

class Crash extends Error {}

function open(): MerchantDb {
  const store = openScratchLedger({ now: () => NOW }).store
  stores.push(store)
  return store
}

function engineFor(world: FakeWorld, store: MerchantDb, extra: Partial<SyncEngineOptions> = {}) {
  const horizon = world.horizon()
  return createSyncEngine({
    store,
    networkId: 'sandbox',
    pi: world.pi(),
    horizon,
    appWallet: world.appWallet,
    concurrency: 3,
    pageReader: strictPageReader(horizon, world.appWallet, 4),
    ...extra
  })
}

async function cleanSync(seed: number): Promise<{ dump: Record<string, unknown[]>; commits: number; progressEvents: number; calls: number }> {
  const world = new FakeWorld(seed, 30)
  const store = open()
  let commits = 0
  let progressEvents = 0
  await engineFor(world, store, { testHooks: { beforeCommit: () => void (commits += 1) }, onProgress: () => void (progressEvents += 1) }).run()
  return { dump: await dumpLedger(store), commits, progressEvents, calls: world.totalCalls() }
}

/** A small seeded choice, so each seed crashes somewhere else. */
function pick(seed: number, salt: number, n: number): number {
  return (((seed * 2654435761) ^ (salt * 40503)) >>> 0) % n
}

describe('a sync interrupted anywhere, then run again', () => {
  it.each(SEEDS)('gives the same database as one clean sync after a crash inside a store step (seed %i)', async (seed) => {
    const clean = await cleanSync(seed)
    const world = new FakeWorld(seed, 30)
    const store = open()
    // Two crashes in a row at different commits, then a run that completes.
    for (const salt of [1, 2]) {
      const crashAt = 1 + pick(seed, salt, clean.commits)
      let commits = 0
      const crashing = engineFor(world, store, {
        testHooks: {
          beforeCommit: () => {
            commits += 1
            if (commits === crashAt) throw new Crash(`crash at commit ${crashAt}`)
          }
        }
      })
      const outcome = await crashing.run().then(
        () => 'completed',
        (error: unknown) => (error instanceof Crash ? 'crashed' : error)
      )
      expect(['crashed', 'completed']).toContain(outcome)
    }
    await engineFor(world, store).run()
    expect(await dumpLedger(store)).toEqual(clean.dump)
  })

  it.each(SEEDS)('gives the same database as one clean sync after a cancel between steps (seed %i)', async (seed) => {
    const clean = await cleanSync(seed)
    const world = new FakeWorld(seed, 30)
    const store = open()
    const controller = new AbortController()
    const stopAt = 1 + pick(seed, 3, clean.progressEvents)
    let events = 0
    const report = await engineFor(world, store, {
      onProgress: () => {
        if (++events === stopAt) controller.abort()
      }
    }).run({ signal: controller.signal })
    expect(['cancelled', 'completed']).toContain(report.outcome)

    await engineFor(world, store).run()
    expect(await dumpLedger(store)).toEqual(clean.dump)
  })

  it.each(SEEDS)('gives the same database as one clean sync after a server kept failing mid-run (seed %i)', async (seed) => {
    const clean = await cleanSync(seed)
    const world = new FakeWorld(seed, 30)
    const store = open()
    const failAt = 1 + pick(seed, 4, clean.calls)
    let calls = 0
    world.fault = (call: CallName) => {
      if (++calls < failAt) return undefined
      return call === 'getPayment' || call === 'incompleteServerPayments'
        ? new PiApiError({ code: 'pi_unavailable', httpStatus: 503, retryable: true })
        : new HorizonError({ code: 'horizon_unavailable', httpStatus: 503, retryable: true })
    }
    const error = await engineFor(world, store).run().then(() => null, (e: unknown) => e)
    expect(error === null || (error as { code?: string }).code?.endsWith('_unavailable')).toBe(true)

    world.fault = null
    await engineFor(world, store).run()
    expect(await dumpLedger(store)).toEqual(clean.dump)
  })
})
