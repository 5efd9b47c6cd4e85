// The sync run in flight, held by SyncRuns for every front door: one run at a time, the failure of
// a background run kept for the status, a missing key said in the status, and `upToDate` joining
// the run under way instead of starting a second one.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { tempDatabasePath } from '../../support'
import { SyncRuns, type SyncEngine, type SyncReport, type SyncStatus } from '../../../src/main/sync'
import { UserFacingError } from '../../../src/shared/errors'

let dir: string
let store: MerchantDb
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-sync-runs-'))
  store = openDatabase(tempDatabasePath(dir, 'merchant-desk.sqlite'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** An engine whose runs end when the test says, as the real one's end when the chain is read. */
function fakeEngine() {
  let status: SyncStatus = { running: false, following: false, phase: null, lastFinishedAt: null, lastError: null, lastReport: null }
  const finishers: Array<(error?: Error) => void> = []
  let runs = 0
  const engine: SyncEngine = {
    run: () => {
      runs += 1
      status = { ...status, running: true }
      return new Promise<SyncReport>((resolve, reject) => {
        finishers.push((error) => {
          status = { ...status, running: false, lastFinishedAt: new Date(), lastError: error ? { code: 'sync_failed', message: error.message } : null }
          if (error) reject(error)
          else resolve({ outcome: 'completed' } as SyncReport)
        })
      })
    },
    follow: async () => undefined,
    status: () => status
  }
  return { engine, runs: () => runs, finish: (error?: Error) => finishers.shift()?.(error) }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('SyncRuns', () => {
  it('starts one run at a time, tells when it ended, and keeps why it failed for the status', async () => {
    const fake = fakeEngine()
    let ended = 0
    const runs = new SyncRuns({ store, target: async () => ({ connection: { networkId: 'sandbox' }, sync: () => fake.engine }), onRunEnded: () => (ended += 1) })
    expect(await runs.start()).toMatchObject({ running: true, paymentsKnown: 0 })
    expect(await runs.start()).toMatchObject({ running: true })
    expect(fake.runs()).toBe(1)
    fake.finish(new UserFacingError('horizon_unreachable', 'Horizon did not answer.'))
    await tick()
    expect(ended).toBe(1)
    expect(await runs.status()).toMatchObject({ running: false, lastError: 'Horizon did not answer.' })
  })

  it('says in the status, not as a failure, that the key or wallet is missing', async () => {
    const runs = new SyncRuns({
      store,
      target: async () => ({
        connection: { networkId: 'mainnet' },
        sync: () => {
          throw new UserFacingError('api_key_missing', 'No Pi API key is set for Mainnet.')
        }
      })
    })
    expect(await runs.status()).toEqual({ running: false, lastFinishedAt: null, lastError: 'No Pi API key is set for Mainnet.', paymentsKnown: 0 })
  })

  it('brings the ledger up to date by joining the run under way, and passes on its failure', async () => {
    const fake = fakeEngine()
    const runs = new SyncRuns({ store, target: async () => ({ connection: { networkId: 'sandbox' }, sync: () => fake.engine }) })
    await runs.start()
    const joined = runs.upToDate()
    await tick()
    fake.finish(new Error('the chain answered nonsense'))
    await expect(joined).rejects.toThrow('the chain answered nonsense')
    expect(fake.runs()).toBe(1)

    const own = runs.upToDate()
    await tick()
    expect(fake.runs()).toBe(2)
    fake.finish()
    await expect(own).resolves.toBeUndefined()
  })
})
