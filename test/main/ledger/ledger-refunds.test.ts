// Issue #14, item 7: the Refunds page missed refunds paid before this desk existed (A2U refunds of
// sales, synced from the chain and Pi). The ledger's list holds every app-to-user payment it knows,
// whoever paid it, and marks the ones this desk's payout journal paid.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listLedgerRefunds } from '../../../src/main/ledger'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { ledgerSql, tempDatabasePath } from '../../support'
import { openPayoutWorld, requestKey, type PayoutWorld } from '../payouts/fixture'
import { wire } from '../sync/sandbox-harness'

let sandbox: RunningSandbox
let world: PayoutWorld
let dir: string
let ours: string

beforeAll(async () => {
  // A shop with a history, refunds among it, paid before Merchant Desk was installed.
  sandbox = await startSandbox({ payments: 200, seed: 31, ledgerIntervalMs: 0 })
  dir = mkdtempSync(join(tmpdir(), 'md-ledger-refunds-'))
  world = openPayoutWorld(sandbox, { databasePath: tempDatabasePath(dir, 'ledger.sqlite') })
  const sale = await world.completedSale(10)
  const refund = await world.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '3', confirmAmount: '3', reason: 'damaged' })
  expect(refund.state).toBe('completed')
  ours = refund.piPaymentId as string
  expect((await wire(sandbox, { store: world.store }).engine().run()).outcome).toBe('completed')
}, 120_000)
afterAll(async () => {
  world?.close()
  rmSync(dir, { recursive: true, force: true })
  await sandbox?.close()
})

describe("the ledger's refunds and payouts", () => {
  it('the history holds refunds this desk never paid (what this test is about)', async () => {
    const fromHistory = sandbox.dataset!.manifest.counts.fullRefunds + sandbox.dataset!.manifest.counts.partialRefunds
    expect(fromHistory).toBeGreaterThan(0)
    const journal = await ledgerSql(world.store).value('SELECT count(*) FROM payouts')
    expect(journal).toBe(1n)
  })

  it('lists every app-to-user payment of the ledger, newest first, and marks the one this desk paid', async () => {
    const { refunds, total } = await listLedgerRefunds(world.store, 'sandbox')
    const inLedger = await ledgerSql(world.store).values<string>(
      `SELECT identifier FROM payments WHERE network_id = 'sandbox' AND direction = 'app_to_user'`
    )
    expect(total).toBe(inLedger.length)
    expect(new Set(refunds.map((refund) => refund.row.identifier))).toEqual(new Set(inLedger))
    const times = refunds.map((refund) => refund.row.createdAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const paidHere = refunds.filter((refund) => refund.payoutId !== null).map((refund) => refund.row.identifier)
    expect(paidHere).toEqual([ours])
    // Every refund the dataset paid on chain before this desk is there, unmarked, with its transaction.
    const synced = refunds.filter((refund) => refund.payoutId === null && refund.book === 'on_chain')
    expect(synced.length).toBeGreaterThan(0)
    expect(synced.every((refund) => refund.row.txid !== null && sandbox.chain.transaction(refund.row.txid) !== undefined)).toBe(true)
  })

  it('shows the newest only past its limit, and still says how many there are', async () => {
    const { refunds, total } = await listLedgerRefunds(world.store, 'sandbox', 2)
    expect(refunds).toHaveLength(2)
    expect(total).toBeGreaterThan(2)
  })
})
