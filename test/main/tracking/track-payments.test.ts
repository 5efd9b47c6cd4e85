import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { PiApiError } from '../../../src/main/pi'
import { createSyncEngine, type SyncEngine } from '../../../src/main/sync'
import { trackPayments, type TrackResult } from '../../../src/main/tracking'
import { readPayment } from '../../../src/shared/payments'
import { FakeWorld, type SaleKind } from '../sync/fake-world'

const NOW = new Date(Date.UTC(2025, 5, 1))
const stores: MerchantDb[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

function setup(seed = 5, sales = 40) {
  const world = new FakeWorld(seed, sales)
  const store = openDatabase(':memory:', { now: () => NOW })
  stores.push(store)
  const track = (ids: readonly string[]): Promise<TrackResult[]> =>
    trackPayments({ store, pi: world.pi(), horizon: world.horizon(), networkId: 'sandbox', appWallet: world.appWallet, ids })
  const engine = (): SyncEngine =>
    createSyncEngine({ store, networkId: 'sandbox', pi: world.pi(), horizon: world.horizon(), appWallet: world.appWallet })
  return { world, store, track, engine }
}

function idsOf(world: FakeWorld, kind: SaleKind): string[] {
  return [...world.expected].filter(([, expected]) => expected.kind === kind).map(([id]) => id)
}

function row(store: MerchantDb, id: string) {
  return store.sqlite.prepare('SELECT * FROM payments WHERE identifier = ?').get(id) as
    | { source: string; chain_check: string; chain_check_reasons_json: string | null; amount_stroops: bigint; status: string }
    | undefined
}

describe('trackPayments', () => {
  it('stores payments that never reached the chain as tracked, exactly as Pi reports them', async () => {
    const { world, store, track } = setup()
    const ids = [...idsOf(world, 'cancelled'), ...idsOf(world, 'incomplete_without_tx')]
    expect(ids.length).toBeGreaterThan(1)

    const results = await track(ids)
    expect(results).toEqual(ids.map((id) => ({ id, outcome: 'tracked', message: null })))
    for (const id of ids) {
      const pi = readPayment(world.piRecords.get(id))
      expect(row(store, id)).toMatchObject({ source: 'tracked', chain_check: 'unchecked', amount_stroops: pi.amount })
    }
    expect(row(store, idsOf(world, 'cancelled')[0] as string)?.status).toBe('cancelled')
  })

  it('answers per id: unknown, malformed and repeated ids, in the order given', async () => {
    const { world, store, track } = setup()
    const known = idsOf(world, 'cancelled')[0] as string
    const unknown = 'Qq3dE5gH7jK9mN1pQ3sT5vW7yZ0b'
    const results = await track([known, 'not-an-id', unknown, ` ${known} `, `${known}x`])

    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      [known, 'tracked'],
      ['not-an-id', 'invalid'],
      [unknown, 'not_found'],
      [`${known}x`, 'invalid']
    ])
    expect(results[2]?.message).toMatch(/no payment with this id/)
    expect(row(store, unknown)).toBeUndefined()
  })

  it('checks a tracked payment on chain: a lie about the transaction becomes a flagged row', async () => {
    const { world, store, track, engine } = setup(9, 80)
    await engine().run()
    const wrongMemo = idsOf(world, 'wrong_memo')[0] as string
    const wrongDestination = idsOf(world, 'wrong_destination')[0] as string
    const otherNetwork = idsOf(world, 'other_network')[0] as string
    world.resetCalls()

    await track([wrongMemo, wrongDestination, otherNetwork])
    expect(row(store, wrongMemo)).toMatchObject({ chain_check: 'failed', chain_check_reasons_json: '["memo_mismatch"]' })
    expect(row(store, wrongDestination)).toMatchObject({ chain_check: 'failed', chain_check_reasons_json: '["destination_mismatch"]' })
    expect(row(store, otherNetwork)).toMatchObject({ chain_check: 'failed', chain_check_reasons_json: '["not_found"]' })
    // The wrong-memo transaction is in the wallet's stored history: only the other two were fetched.
    expect(world.calls.transaction).toBe(2)
  })

  it('never downgrades a payment found on chain, and does not fetch a final one again', async () => {
    const { world, store, track, engine } = setup()
    await engine().run()
    const completed = idsOf(world, 'completed')[0] as string
    const open = idsOf(world, 'incomplete_with_tx')[0] as string
    world.resetCalls()

    const results = await track([completed, open])
    expect(results.map((r) => r.outcome)).toEqual(['updated', 'updated'])
    expect(results[0]?.message).toMatch(/not fetched again/)
    expect([...world.fetchedIds.keys()]).toEqual([open])
    expect(row(store, completed)?.source).toBe('chain')
    expect(row(store, open)?.source).toBe('chain')
  })

  it('links operations still waiting for their lookup, and the next sync needs no request for them', async () => {
    const { world, store, track, engine } = setup(13, 30)
    const controller = new AbortController()
    // Stop right after the chain is stored, before any lookup.
    const interrupted = createSyncEngine({
      store, networkId: 'sandbox', pi: world.pi(), horizon: world.horizon(), appWallet: world.appWallet,
      onProgress: (event) => {
        if (event.phase === 'incomplete_payments') controller.abort()
      }
    })
    await interrupted.run({ signal: controller.signal })
    const completed = idsOf(world, 'completed')[0] as string

    await track([completed])
    const linked = store.sqlite
      .prepare("SELECT count(*) FROM chain_operations WHERE payment_identifier = ? AND classification = 'pi_payment'")
      .pluck()
      .get(completed)
    expect(linked).toBe(1n)
    expect(row(store, completed)?.chain_check).toBe('verified')
    world.resetCalls()
    await engine().run()
    expect(world.fetchedIds.has(completed)).toBe(false)
  })

  it('reports a failure for one id without losing the others', async () => {
    const { world, store, track } = setup()
    const [first, second] = idsOf(world, 'cancelled')
    world.fault = (call, id) =>
      call === 'getPayment' && id === second ? new PiApiError({ code: 'pi_unavailable', httpStatus: 502, retryable: true }) : undefined

    const results = await track([first as string, second as string])
    expect(results[0]?.outcome).toBe('tracked')
    expect(results[1]).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/Pi servers are having trouble/) })
    expect(row(store, second as string)).toBeUndefined()
  })

  it('a sync followed by tracking the ids the chain cannot show reproduces every payment of the app', async () => {
    const { world, store, track, engine } = setup(17, 120)
    await engine().run()
    const offChain = [...world.expected].filter(([, expected]) => !expected.onChain).map(([id]) => id)
    await track(offChain)

    const rows = store.sqlite.prepare('SELECT identifier, amount_stroops, chain_check, chain_check_reasons_json FROM payments').all() as {
      identifier: string
      amount_stroops: bigint
      chain_check: string
      chain_check_reasons_json: string | null
    }[]
    expect(new Set(rows.map((r) => r.identifier))).toEqual(new Set(world.piRecords.keys()))
    for (const r of rows) {
      const expected = world.expected.get(r.identifier)
      expect(r.amount_stroops).toBe(readPayment(world.piRecords.get(r.identifier)).amount)
      expect([r.chain_check, r.chain_check_reasons_json]).toEqual([
        expected?.check.outcome,
        expected?.check.outcome === 'failed' ? JSON.stringify(expected.check.reasons) : null
      ])
    }
  })
})
