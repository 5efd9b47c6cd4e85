import { afterEach, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { PiApiError } from '../../../src/main/pi'
import { createSyncEngine, isSyncError, strictPageReader, type SyncEngineOptions, type SyncProgress } from '../../../src/main/sync'
import { readPayment, derivePaymentStatus } from '../../../src/shared/payments'
import { FakeWorld } from './fake-world'
import { rowCounts } from './ledger-dump'
import { ledgerSql, openScratchLedger } from '../../support'

const NOW = new Date(Date.UTC(2025, 5, 1))
const stores: MerchantDb[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

function setup(world: FakeWorld, options: Partial<SyncEngineOptions> & { pageLimit?: number } = {}) {
  const store = openScratchLedger({ now: () => NOW }).store
  stores.push(store)
  const horizon = world.horizon()
  const engine = createSyncEngine({
    store,
    networkId: 'sandbox',
    pi: world.pi(),
    horizon,
    appWallet: world.appWallet,
    pageReader: strictPageReader(horizon, world.appWallet, options.pageLimit ?? 5),
    ...options
  })
  return { store, engine }
}

interface PaymentRow {
  identifier: string
  amount_stroops: bigint
  status: string
  source: string
  chain_check: string
  chain_check_reasons_json: string | null
  txid: string | null
  pi_final: bigint
}

async function paymentRows(store: MerchantDb): Promise<Map<string, PaymentRow>> {
  const rows = await ledgerSql(store).all('SELECT * FROM payments') as PaymentRow[]
  return new Map(rows.map((row) => [row.identifier, row]))
}

async function classifications(store: MerchantDb): Promise<Record<string, number>> {
  const rows = await ledgerSql(store).all('SELECT classification, count(*) AS n FROM chain_operations GROUP BY classification') as { classification: string; n: bigint }[]
  return Object.fromEntries(rows.map((row) => [row.classification, Number(row.n)]))
}

describe('a first sync', () => {
  it('stores every payment found on chain exactly as Pi reports it, with our chain check', async () => {
    const world = new FakeWorld(7, 60)
    const { store, engine } = setup(world)
    const report = await engine.run()

    expect(report.outcome).toBe('completed')
    const rows = (await paymentRows(store))
    const onChain = [...world.expected].filter(([, expected]) => expected.onChain)
    expect(rows.size).toBe(onChain.length)
    for (const [id, expected] of onChain) {
      const row = rows.get(id)
      const pi = readPayment(world.piRecords.get(id))
      expect(row, id).toBeDefined()
      expect(row?.amount_stroops).toBe(pi.amount)
      expect(row?.txid).toBe(pi.transaction?.txid ?? null)
      expect(row?.status).toBe(derivePaymentStatus({ ...pi, now: NOW, chain: expected.check }).status)
      expect(row?.chain_check, `${id} (${expected.kind})`).toBe(expected.check.outcome)
      expect(row?.chain_check_reasons_json ?? null).toBe(expected.check.outcome === 'failed' ? JSON.stringify(expected.check.reasons) : null)
    }
  })

  it('classifies every operation: linked to its payment, or a direct transfer; none left unresolved', async () => {
    const world = new FakeWorld(11, 40)
    const { store, engine } = setup(world)
    await engine.run()

    const linked = await ledgerSql(store).value(`SELECT count(*) FROM chain_operations o JOIN chain_transactions t ON t.hash = o.transaction_hash
         WHERE o.classification = 'pi_payment' AND t.memo = o.payment_identifier`)
    const counts = (await classifications(store))
    const onChainPayments = [...world.expected.values()].filter((expected) => expected.onChain).length
    expect(counts.unresolved ?? 0).toBe(0)
    expect(Number(linked)).toBe(onChainPayments)
    expect(counts.pi_payment).toBe(onChainPayments)
    expect((counts.pi_payment ?? 0) + (counts.direct_transfer ?? 0)).toBe(world.history.length)
  })

  it('asks Pi once per payment id on chain and Horizon once per page', async () => {
    const world = new FakeWorld(3, 500)
    const { engine } = setup(world, { pageLimit: 200 })
    const report = await engine.run()

    const memoIds = new Set(world.history.map((record) => record.transaction?.memo).filter((memo) => memo?.length === 28))
    // Pi's open A2U list already brought the in-flight refund: its id needs no lookup.
    const incomplete = new Set(world.incompleteIds())
    expect(world.calls.getPayment).toBe([...memoIds].filter((id) => !incomplete.has(id as string)).length)
    expect([...world.fetchedIds.values()].every((count) => count === 1)).toBe(true)
    expect(world.calls.paymentsPage).toBe(Math.ceil((world.history.length + 1) / 200))
    expect(world.calls.checkNetwork).toBe(1)
    expect(world.calls.incompleteServerPayments).toBe(1)
    // Nothing else: Horizon's GET /, Pi's open A2U list, pages, one lookup per id.
    expect(world.totalCalls()).toBe(2 + world.calls.paymentsPage + world.calls.getPayment)
    expect(report.requests).toEqual({ horizon: world.calls.paymentsPage + 1, pi: world.calls.getPayment + 1 })
  })

  it('reports its steps in order through onProgress, never past their totals', async () => {
    const world = new FakeWorld(5, 30)
    const events: SyncProgress[] = []
    const { engine } = setup(world, { onProgress: (event) => events.push(event) })
    await engine.run()

    const phases = [...new Set(events.map((event) => event.phase))]
    expect(phases).toEqual(['checking_network', 'reading_chain', 'incomplete_payments', 'repolling', 'looking_up', 'verifying', 'done'])
    for (const event of events) if (event.total !== null) expect(event.done).toBeLessThanOrEqual(event.total)
  })
})

describe('a re-sync', () => {
  it('with nothing new asks Pi only for the payments that are not final, and Horizon for one page', async () => {
    const world = new FakeWorld(21, 80)
    const { store, engine } = setup(world)
    await engine.run()
    const nonFinal = [...(await paymentRows(store)).values()].filter((row) => row.pi_final === 0n).map((row) => row.identifier)
    const finals = [...(await paymentRows(store)).values()].filter((row) => row.pi_final === 1n).map((row) => row.identifier)
    world.resetCalls()

    await engine.run()

    expect(world.calls.paymentsPage).toBe(1)
    expect(world.calls.checkNetwork).toBe(0)
    expect(world.calls.incompleteServerPayments).toBe(1)
    const incomplete = new Set(world.incompleteIds())
    expect(new Set(world.fetchedIds.keys())).toEqual(new Set(nonFinal.filter((id) => !incomplete.has(id))))
    for (const id of finals) expect(world.fetchedIds.has(id)).toBe(false)
    expect(world.totalCalls()).toBeLessThanOrEqual(2 + nonFinal.length)
  })

  it('picks up a payment that became final, then never fetches it again', async () => {
    const world = new FakeWorld(22, 40)
    const { store, engine } = setup(world)
    await engine.run()
    const open = [...world.expected].find(([, e]) => e.kind === 'incomplete_with_tx')?.[0] as string
    world.complete(open)

    await engine.run()
    expect((await paymentRows(store)).get(open)?.status).toBe('completed')
    world.resetCalls()
    await engine.run()
    expect(world.fetchedIds.has(open)).toBe(false)
  })

  it('fetches each payment that arrived since the last sync exactly once', async () => {
    const world = new FakeWorld(23, 30)
    const { store, engine } = setup(world)
    await engine.run()
    const added = [world.addSale('completed'), world.addSale('completed'), world.addSale('wrong_amount')]
    world.resetCalls()

    const report = await engine.run()
    for (const id of added) expect(world.fetchedIds.get(id)).toBe(1)
    expect(report.pi.paymentsAdded).toBe(3)
    expect((await paymentRows(store)).get(added[2] as string)?.chain_check_reasons_json).toBe('["amount_mismatch"]')
  })

  it('in a new engine (a restarted app) checks the network again but still fetches no final payment', async () => {
    const world = new FakeWorld(24, 30)
    const { store, engine } = setup(world)
    await engine.run()
    const finals = [...(await paymentRows(store)).values()].filter((row) => row.pi_final === 1n).map((row) => row.identifier)
    world.resetCalls()
    const again = createSyncEngine({ store, networkId: 'sandbox', pi: world.pi(), horizon: world.horizon(), appWallet: world.appWallet })

    await again.run()
    expect(world.calls.checkNetwork).toBe(1)
    for (const id of finals) expect(world.fetchedIds.has(id)).toBe(false)
  })
})

describe('refusing the wrong network or key', () => {
  it('stops on a Horizon of another network before asking Pi, writing nothing', async () => {
    const world = new FakeWorld(31, 20)
    world.servedPassphrase = 'Pi Network'
    const { store, engine } = setup(world)

    const error = await engine.run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('wrong_network')
    expect((error as Error).message).toMatch(/Pi Network/)
    expect(world.calls.incompleteServerPayments + world.calls.paymentsPage).toBe(0)
    expect(await rowCounts(store)).toEqual({ payments: 0, chain_transactions: 0, chain_operations: 0, sync_cursors: 0 })
    expect(engine.status().lastError?.code).toBe('wrong_network')
  })

  it('stops on a refused key, writing nothing', async () => {
    const world = new FakeWorld(32, 20)
    world.key = 'rejected'
    const { store, engine } = setup(world)

    const error = await engine.run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_key_rejected')
    expect(await rowCounts(store)).toEqual({ payments: 0, chain_transactions: 0, chain_operations: 0, sync_cursors: 0 })
  })

  it('stops on the key of another app or network (Pi knows none of the ids), writing nothing', async () => {
    const world = new FakeWorld(33, 20)
    world.key = 'other_app'
    const { store, engine } = setup(world)

    const error = await engine.run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_key_unknown_payments')
    expect(await rowCounts(store)).toEqual({ payments: 0, chain_transactions: 0, chain_operations: 0, sync_cursors: 0 })
  })

  it('stops when a known payment is unknown to a new key, before the next page is written', async () => {
    const world = new FakeWorld(34, 20)
    const { store } = setup(world)
    await createSyncEngine({ store, networkId: 'sandbox', pi: world.pi(), horizon: world.horizon(), appWallet: world.appWallet }).run()
    const before = await rowCounts(store)
    world.addSale('completed')
    world.key = 'other_app'

    const fresh = createSyncEngine({ store, networkId: 'sandbox', pi: world.pi(), horizon: world.horizon(), appWallet: world.appWallet })
    const error = await fresh.run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_key_unknown_payments')
    expect(await rowCounts(store)).toEqual(before)
  })
})

describe('failures and cancellation', () => {
  it('ends with a clear error when Pi keeps failing mid-lookups, keeps what was stored, and the next run finishes', async () => {
    const world = new FakeWorld(41, 40)
    const { store, engine } = setup(world)
    let lookups = 0
    world.fault = (call) =>
      call === 'getPayment' && ++lookups > 12 ? new PiApiError({ code: 'pi_unavailable', httpStatus: 500, retryable: true }) : undefined

    const error = await engine.run().catch((e: unknown) => e)
    expect(isSyncError(error) && error.code).toBe('pi_unavailable')
    expect((error as Error).message).toMatch(/looking up payments on Pi/)
    expect(isSyncError(error) && error.report?.outcome).toBe('failed')
    const partial = (await paymentRows(store)).size
    expect(partial).toBeGreaterThan(0)
    expect((await classifications(store)).unresolved).toBeGreaterThan(0)

    world.fault = null
    await engine.run()
    expect((await classifications(store)).unresolved ?? 0).toBe(0)
    expect((await paymentRows(store)).size).toBe([...world.expected.values()].filter((e) => e.onChain).length)
  })

  it('stops between steps when cancelled, resolves as cancelled, and the next run completes the ledger', async () => {
    const world = new FakeWorld(42, 40)
    const controller = new AbortController()
    const { store, engine } = setup(world, {
      onProgress: (event) => {
        if (event.phase === 'reading_chain' && event.done === 3) controller.abort()
      }
    })
    const report = await engine.run({ signal: controller.signal })

    expect(report.outcome).toBe('cancelled')
    expect(report.chain.pages).toBe(3)
    expect((await paymentRows(store)).size).toBe(0)
    await engine.run()
    expect((await paymentRows(store)).size).toBe([...world.expected.values()].filter((e) => e.onChain).length)
  })

  it('refuses a second run while one is under way', async () => {
    const world = new FakeWorld(43, 10)
    const { engine } = setup(world)
    const first = engine.run()
    await expect(engine.run()).rejects.toMatchObject({ code: 'sync_already_running' })
    expect(engine.status().running).toBe(true)
    await first
    expect(engine.status()).toMatchObject({ running: false, lastError: null })
  })
})
