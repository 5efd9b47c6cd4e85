// The sync engine against a misbehaving sandbox: faults on every route it calls, crashes inside
// store steps, the wrong key or network. Whatever happens, the ledger ends right (the clients
// retry) or the run ends with a clear error and a database the next run completes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { isSyncError } from '../../../src/main/sync'
import { startHorizon, type RunningHorizon } from '../../../src/sandbox/horizon'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { dumpLedger, rowCounts } from './ledger-dump'
import { wire } from './sandbox-harness'
import { ledgerSql } from '../../support'

let sandbox: RunningSandbox
let clean: Record<string, unknown[]>
/** Write transactions of one clean sync: a crash is injected at each of them in turn. */
let commits = 0

beforeAll(async () => {
  sandbox = await startSandbox({ payments: 400, seed: 11, ledgerIntervalMs: 0 })
  const wired = wire(sandbox)
  await wired.engine({ testHooks: { beforeCommit: () => void (commits += 1) } }).run()
  clean = await dumpLedger(wired.store)
}, 60_000)
afterAll(() => sandbox?.close())
afterEach(() => {
  sandbox.platform.faults.clear()
  sandbox.horizon.faults.clear()
})

const EMPTY = { payments: 0, chain_transactions: 0, chain_operations: 0, sync_cursors: 0 }

describe('faults on every route', () => {
  it('are absorbed by retries: HTML 500s, 429 with Retry-After, timeouts, resets and cut-short JSON', async () => {
    const pi = sandbox.platform.faults
    const horizon = sandbox.horizon.faults
    pi.add({ route: 'GET /v2/payments/incomplete_server_payments', kind: 'html500', times: 1 })
    pi.add({ route: 'GET /v2/payments/:payment_id', kind: 'html500', status: 502, times: 3, skip: 20 })
    pi.add({ route: 'GET /v2/payments/:payment_id', kind: 'status429', retryAfter: 1, times: 1, skip: 60 })
    pi.add({ route: 'GET /v2/payments/:payment_id', kind: 'timeout', times: 1, skip: 90 })
    pi.add({ route: 'GET /v2/payments/:payment_id', kind: 'malformedJson', times: 1, skip: 120 })
    pi.add({ route: 'GET /v2/payments/:payment_id', kind: 'reset', times: 1, skip: 150 })
    horizon.add({ route: 'GET /', kind: 'html500', times: 1 })
    // One after the other on the first page: each fires once, then the page answers.
    horizon.add({ route: 'GET /accounts/:account_id/payments', kind: 'malformedJson', times: 1 })
    horizon.add({ route: 'GET /accounts/:account_id/payments', kind: 'status429', retryAfter: 1, times: 1 })
    horizon.add({ route: 'GET /accounts/:account_id/payments', kind: 'timeout', times: 1 })
    horizon.add({ route: 'GET /accounts/:account_id/payments', kind: 'html500', status: 503, times: 1 })

    const wired = wire(sandbox, { timeoutMs: 800 })
    const report = await wired.engine().run()
    expect(report.outcome).toBe('completed')
    expect(await dumpLedger(wired.store)).toEqual(clean)
    expect([...pi.list(), ...horizon.list()]).toEqual([]) // every fault fired
  }, 60_000)

  it('that never stop end the run with a clear error; the next run completes the same ledger', async () => {
    sandbox.platform.faults.add({ route: 'GET /v2/payments/:payment_id', kind: 'html500', skip: 100 })
    const wired = wire(sandbox)

    const error = await wired.engine().run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_unavailable')
    expect((error as Error).message).toMatch(/^Sync stopped while looking up payments on Pi; what was found so far is saved\. The Pi servers are having trouble \(HTTP 500\)/)
    const partial = await rowCounts(wired.store)
    expect(partial.payments).toBeGreaterThanOrEqual(100)
    expect(partial.chain_operations).toBe(clean.chain_operations?.length)

    sandbox.platform.faults.clear()
    await wired.engine().run()
    expect(await dumpLedger(wired.store)).toEqual(clean)
  }, 60_000)

  it('on the transaction routes leave a tracked payment unchecked until the next check, never wrongly checked', async () => {
    const wired = wire(sandbox)
    await wired.engine().run()
    const lie = sandbox.dataset?.manifest.ids.byLie.wrong_destination[0] as string
    sandbox.horizon.faults.add({ route: 'GET /transactions/:hash', kind: 'html500' })

    const [result] = await wired.track([lie])
    expect(result).toMatchObject({ outcome: 'tracked', message: expect.stringMatching(/not checked yet/) })
    expect(await ledgerSql(wired.store).value('SELECT chain_check FROM payments WHERE identifier = ?', lie)).toBe('unchecked')

    sandbox.horizon.faults.clear()
    await wired.engine().run()
    expect(await ledgerSql(wired.store).value('SELECT chain_check_reasons_json FROM payments WHERE identifier = ?', lie)).toBe(
      '["destination_mismatch"]'
    )
  }, 60_000)
})

describe('a crash inside a store step', () => {
  it('at each write transaction in turn, followed by a sync in a new engine, gives the same database as one clean sync', async () => {
    expect(commits).toBeGreaterThan(3)
    for (let crashAt = 1; crashAt <= commits; crashAt += 1) {
      const wired = wire(sandbox)
      let seen = 0
      const crashing = wired.engine({
        testHooks: {
          beforeCommit: () => {
            if (++seen === crashAt) throw new Error(`simulated crash at ${crashAt}`)
          }
        }
      })
      await expect(crashing.run()).rejects.toThrow(`simulated crash at ${crashAt}`)
      await wired.engine().run()
      expect(await dumpLedger(wired.store), `crash at commit ${crashAt}`).toEqual(clean)
    }
  }, 60_000)
})

describe('the wrong network or key', () => {
  let otherHorizon: RunningHorizon | null = null
  afterAll(() => otherHorizon?.close())

  it('refuses a wrong API key with a clear error, writing nothing', async () => {
    const wired = wire(sandbox, { apiKey: 'not-a-real-key' })
    const error = await wired.engine().run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_key_rejected')
    expect((error as Error).message).toMatch(/Pi API key was refused/)
    expect(await rowCounts(wired.store)).toEqual(EMPTY)
  })

  it('refuses the key of the app on the other network, writing nothing', async () => {
    const wired = wire(sandbox, { apiKey: sandbox.otherNetwork.app.apiKey })
    const error = await wired.engine().run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_key_unknown_payments')
    expect((error as Error).message).toMatch(/another app or network/)
    expect(await rowCounts(wired.store)).toEqual(EMPTY)
  })

  it('refuses a Horizon serving another passphrase, writing nothing and asking Pi nothing', async () => {
    otherHorizon = await startHorizon({ chain: sandbox.otherNetwork.chain })
    const piBefore = sandbox.platform.requests.count()
    const wired = wire(sandbox, { horizonUrl: otherHorizon.url })
    const error = await wired.engine().run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('wrong_network')
    expect((error as Error).message).toMatch(/serves 'Pi Network' but the app is set to 'Pi Testnet'/)
    expect(sandbox.platform.requests.count()).toBe(piBefore)
    expect(await rowCounts(wired.store)).toEqual(EMPTY)
  })
})
