// The sync engine against the sandbox network: a generated merchant history, synced over HTTP and
// compared with what the generator put there (its manifest and the Platform's own records).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import type { DatasetManifest } from '../../../src/sandbox/dataset'
import { requestCount, wire } from './sandbox-harness'
import { ledgerSql } from '../../support'

const PAYMENTS = 1500
let sandbox: RunningSandbox
let manifest: DatasetManifest

beforeAll(async () => {
  sandbox = await startSandbox({ payments: PAYMENTS, seed: 7, ledgerIntervalMs: 0 })
  manifest = sandbox.dataset?.manifest as DatasetManifest
}, 60_000)
afterAll(() => sandbox?.close())

interface Row {
  identifier: string
  amount_stroops: bigint
  direction: string
  status: string
  chain_check: string
  chain_check_reasons_json: string | null
  source: string
}

const rows = async (store: MerchantDb): Promise<Map<string, Row>> =>
  new Map((await ledgerSql(store).all('SELECT * FROM payments') as Row[]).map((row) => [row.identifier, row]))

const sum = (values: Iterable<bigint>): bigint => [...values].reduce((a, b) => a + b, 0n)

describe('syncing a generated history from the sandbox', () => {
  it('reproduces every payment exactly: ids, amounts to the stroop, statuses and chain checks', async () => {
    const wired = wire(sandbox)
    const report = await wired.engine().run()
    expect(report.outcome).toBe('completed')
    expect(report.skippedCount).toBe(0)
    // What the chain cannot show comes from the shop's backend: track every id the sync did not find.
    const allIds = Object.values(manifest.ids.byCategory).flat()
    const found = await rows(wired.store)
    const tracked = await wired.track(allIds.filter((id) => !found.has(id)))
    expect(tracked.every((result) => result.outcome === 'tracked')).toBe(true)

    const ledger = await rows(wired.store)
    expect(new Set(ledger.keys())).toEqual(new Set(allIds))
    for (const [id, row] of ledger) {
      expect(row.amount_stroops, id).toBe(sandbox.platform.state.payment(id)?.amount)
    }
    const completed = [...ledger.values()].filter((row) => row.status === 'completed')
    expect(sum(completed.filter((r) => r.direction === 'user_to_app').map((r) => r.amount_stroops))).toBe(manifest.stroops.completedUserToApp)
    expect(sum(completed.filter((r) => r.direction === 'app_to_user').map((r) => r.amount_stroops))).toBe(manifest.stroops.completedAppToUser)
    const statuses = [...ledger.values()].map((row) => row.status)
    expect({
      completed: statuses.filter((s) => s === 'completed').length,
      cancelled: statuses.filter((s) => s === 'cancelled').length,
      userCancelled: statuses.filter((s) => s === 'user_cancelled').length,
      open: statuses.filter((s) => !['completed', 'cancelled', 'user_cancelled'].includes(s)).length
    }).toEqual(manifest.counts.byStatus)

    const check = (id: string) => [ledger.get(id)?.chain_check, JSON.parse(ledger.get(id)?.chain_check_reasons_json ?? '[]') as string[]]
    const { byCategory, byLie } = manifest.ids
    for (const id of [...byCategory.completed, ...byCategory.refund, ...byCategory.refund_in_flight, ...byCategory.incomplete_with_tx]) {
      expect(check(id), id).toEqual(['verified', []])
    }
    for (const id of [...byCategory.cancelled, ...byCategory.expired, ...byCategory.user_cancelled, ...byCategory.incomplete_without_tx]) {
      expect(check(id), id).toEqual(['unchecked', []])
    }
    const reasonOf: Record<keyof typeof byLie, string> = {
      wrong_amount: 'amount_mismatch',
      wrong_memo: 'memo_mismatch',
      wrong_destination: 'destination_mismatch',
      failed_transaction: 'transaction_failed',
      other_network: 'not_found',
      replayed_txid: 'memo_mismatch'
    }
    for (const [lie, ids] of Object.entries(byLie) as [keyof typeof byLie, string[]][]) {
      for (const id of ids) {
        expect(check(id)[0], `${lie} ${id}`).toBe('failed')
        expect(check(id)[1], `${lie} ${id}`).toContain(reasonOf[lie])
      }
    }
  }, 120_000)

  it('links every refund to the sale it refunds (metadata.refund_of), so the sale shows its refunds', async () => {
    const wired = wire(sandbox)
    await wired.engine().run()
    const refunds = [...manifest.ids.byCategory.refund, ...manifest.ids.byCategory.refund_in_flight]
    expect(refunds.length).toBeGreaterThan(0)
    for (const id of refunds) {
      const sale = sandbox.platform.state.payment(id)?.metadata.refund_of
      const row = await ledgerSql(wired.store).get('SELECT refund_of FROM payments WHERE identifier = ?', id) as { refund_of: string | null }
      expect(row.refund_of, id).toBe(sale)
      const count = await ledgerSql(wired.store).value('SELECT refund_count FROM payments WHERE identifier = ?', sale as string)
      expect(count, String(sale)).toBeGreaterThanOrEqual(1n)
    }
  }, 120_000)

  it('keeps every transfer of the wallet: what came in, what went out, and which were not Pi payments', async () => {
    const wired = wire(sandbox)
    await wired.engine().run()
    const ops = await ledgerSql(wired.store).all(`SELECT o.from_address, o.to_address, o.amount_stroops, o.classification, t.hash, t.successful
         FROM chain_operations o JOIN chain_transactions t ON t.hash = o.transaction_hash AND t.network_id = o.network_id
         WHERE o.type = 'payment'`) as { from_address: string; to_address: string; amount_stroops: bigint; classification: string; hash: string; successful: bigint }[]
    const wallet = sandbox.appWallet.publicKey
    const ok = ops.filter((op) => op.successful === 1n)
    expect(sum(ok.filter((op) => op.to_address === wallet).map((op) => op.amount_stroops))).toBe(manifest.stroops.receivedOnChain)
    expect(sum(ok.filter((op) => op.from_address === wallet).map((op) => op.amount_stroops))).toBe(manifest.stroops.paidOutOnChain)
    const direct = new Set(manifest.ids.directTransferTxids)
    const directOps = ops.filter((op) => direct.has(op.hash))
    expect(directOps).toHaveLength(manifest.counts.directTransfers)
    expect(directOps.every((op) => op.classification === 'direct_transfer')).toBe(true)
    expect(sum(directOps.map((op) => op.amount_stroops))).toBe(manifest.stroops.directTransfers)
    expect(ops.filter((op) => op.classification === 'unresolved')).toEqual([])
  }, 120_000)
})

describe('requests the sandbox receives', () => {
  it('stay within 1.02 per new payment on a first sync, and 2 + 1 per non-final payment on a re-sync', async () => {
    const wired = wire(sandbox)
    const engine = wired.engine()
    const before = requestCount(sandbox)
    const first = await engine.run()
    const firstRequests = requestCount(sandbox) - before
    expect(firstRequests).toBeLessThanOrEqual(Math.ceil(first.pi.paymentsAdded * 1.02))

    const nonFinal = Number(await ledgerSql(wired.store).value('SELECT count(*) FROM payments WHERE pi_final = 0'))
    const finals = new Set(await ledgerSql(wired.store).values('SELECT identifier FROM payments WHERE pi_final = 1') as string[])
    const mark = requestCount(sandbox)
    const piMark = sandbox.platform.requests.entries().length
    await engine.run()
    expect(requestCount(sandbox) - mark).toBeLessThanOrEqual(2 + nonFinal)
    const refetched = sandbox.platform.requests
      .entries()
      .slice(piMark)
      .filter((entry) => finals.has(entry.path.split('/').at(-1) ?? ''))
    expect(refetched).toEqual([])
  }, 120_000)
})
