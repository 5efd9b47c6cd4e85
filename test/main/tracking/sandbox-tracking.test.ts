// Tracking ids handed over by the shop's backend, against the sandbox: valid, unknown, malformed,
// and payments that never reached the chain, which later syncs keep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import type { DatasetManifest } from '../../../src/sandbox/dataset'
import { parseIdsFromText } from '../../../src/main/tracking'
import { wire } from '../sync/sandbox-harness'

let sandbox: RunningSandbox
let manifest: DatasetManifest
beforeAll(async () => {
  sandbox = await startSandbox({ payments: 200, seed: 5, ledgerIntervalMs: 0 })
  manifest = sandbox.dataset?.manifest as DatasetManifest
}, 60_000)
afterAll(() => sandbox?.close())

describe('tracking payment ids against the sandbox', () => {
  it('tracks valid ids, refuses unknown and malformed ones, and keeps never-on-chain payments through later syncs', async () => {
    const wired = wire(sandbox)
    const { byCategory } = manifest.ids
    const cancelled = byCategory.cancelled[0] as string
    const waiting = byCategory.incomplete_without_tx[0] as string
    const completed = byCategory.completed[0] as string
    const unknown = 'A'.repeat(28)
    const csv = ['order,pi_payment_id', `o1,${cancelled}`, `o2,${waiting}`, `o3,${completed}`, `o4,${unknown}`, 'o5,abc'].join('\n')
    const parsed = parseIdsFromText(csv)
    expect(parsed).toMatchObject({ ids: [cancelled, waiting, completed, unknown], invalid: ['abc'], column: 'pi_payment_id' })

    const results = await wired.track([...parsed.ids, ...parsed.invalid])
    expect(results.map((result) => result.outcome)).toEqual(['tracked', 'tracked', 'tracked', 'not_found', 'invalid'])
    const row = (id: string) =>
      wired.store.sqlite.prepare('SELECT source, status, chain_check FROM payments WHERE identifier = ?').get(id)
    expect(row(cancelled)).toEqual({ source: 'tracked', status: 'cancelled', chain_check: 'unchecked' })
    expect(row(waiting)).toEqual({ source: 'tracked', status: 'approved', chain_check: 'unchecked' })
    // Not in the stored history yet: its transaction was fetched from Horizon and checked.
    expect(row(completed)).toEqual({ source: 'tracked', status: 'completed', chain_check: 'verified' })
    expect(row(unknown)).toBeUndefined()

    await wired.engine().run()
    await wired.engine().run()
    expect(row(cancelled)).toEqual({ source: 'tracked', status: 'cancelled', chain_check: 'unchecked' })
    expect(row(waiting)).toEqual({ source: 'tracked', status: 'approved', chain_check: 'unchecked' })
    expect(row(completed)).toEqual({ source: 'tracked', status: 'completed', chain_check: 'verified' })
    const linked = wired.store.sqlite.prepare('SELECT count(*) FROM chain_operations WHERE payment_identifier = ?').pluck().get(completed)
    expect(linked).toBe(1n)
  }, 60_000)
})
