// Issue #14, item 6: a refund paid on chain whose `complete` at Pi never answered. Pi's record
// still shows no transaction, yet the money moved. The ledger row, the payment's detail, its
// timeline and both CSV exports must tell the same txid, ledger and fee: the chain's.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport } from '../../../src/main/exports'
import { getPaymentDetail, listPayments, paymentDetailView } from '../../../src/main/ledger'
import type { RunningSandbox } from '../../../src/sandbox'
import { ledgerSql, tempDatabasePath } from '../../support'
import { readCsv } from '../exports/fixture'
import { openPayoutWorld, requestKey, startPayoutSandbox, type PayoutWorld } from '../payouts/fixture'

let sandbox: RunningSandbox
let world: PayoutWorld
let dir: string
let refundId: string
let sale: string

beforeAll(async () => {
  sandbox = await startPayoutSandbox()
  dir = mkdtempSync(join(tmpdir(), 'md-chain-facts-'))
  world = openPayoutWorld(sandbox, { databasePath: tempDatabasePath(dir, 'ledger.sqlite'), piTimeoutMs: 800 })
  sale = await world.completedSale(10)
  sandbox.platform.faults.add({ route: 'POST /v2/payments/*/complete', kind: 'timeout' })
  const paid = await world.service.refund({ idempotencyKey: requestKey(), paymentId: sale, amount: '2', confirmAmount: '2', reason: 'customer_request' })
  sandbox.platform.faults.clear()
  expect(paid.state).toBe('confirmed')
  refundId = paid.piPaymentId as string
})
afterAll(async () => {
  world.close()
  rmSync(dir, { recursive: true, force: true })
  await sandbox.close()
})

/** The transaction the simulated chain holds for the refund: the truth every place must tell. */
function onChain() {
  const [payment] = world.paymentsOnChain(refundId)
  if (payment === undefined) throw new Error('the refund is not on the simulated chain')
  const tx = sandbox.chain.transaction(payment.hash)
  if (tx === undefined || tx === null) throw new Error('no transaction record')
  return { hash: payment.hash, ledger: BigInt(tx.ledger), fee: BigInt(tx.feeCharged) }
}

describe("a paid refund Pi's record does not link yet", () => {
  it("Pi's record still has no transaction (the situation this test is about)", async () => {
    expect((await world.pi.getPayment(refundId)).transaction).toBeNull()
    expect(await ledgerSql(world.store).value('SELECT txid FROM payments WHERE identifier = ?', refundId)).toBeNull()
  })

  it('the ledger row shows the transaction the chain holds', async () => {
    const page = await listPayments(world.store, { networkId: 'sandbox', filter: { direction: 'app_to_user' } })
    expect(page.rows.map((row) => [row.identifier, row.txid])).toEqual([[refundId, onChain().hash]])
  })

  it('the detail tells the same txid, ledger and fee, and the timeline says the app sent it', async () => {
    const truth = onChain()
    const detail = await getPaymentDetail(world.store, { networkId: 'sandbox', identifier: refundId })
    if (detail === null) throw new Error('no detail')
    const view = paymentDetailView(detail, null)
    expect(view.row.txid).toBe(truth.hash)
    expect(view.chain.txid).toBe(truth.hash)
    expect(view.chain.ledger).toBe(Number(truth.ledger))
    expect(view.chain.fee).toBe('0.0100000')
    expect(truth.fee).toBe(100_000n)
    const created = view.timeline.find((entry) => entry.kind === 'created')
    expect(created?.label).toBe('Sent by the app, from Merchant Desk')
    const saleView = paymentDetailView((await getPaymentDetail(world.store, { networkId: 'sandbox', identifier: sale }))!, null)
    expect(saleView.timeline.find((entry) => entry.kind === 'created')?.label).toBe('Created by the buyer')
  })

  it('the payments and refunds CSVs carry the txid, the ledger and the fee the chain charged', async () => {
    const truth = onChain()
    const today = new Date().toISOString().slice(0, 10)
    for (const report of ['payments', 'refunds'] as const) {
      const destination = join(dir, `${report}.csv`)
      await runExport(
        world.store,
        { report, networkId: 'sandbox', from: today, to: today, timeZone: 'UTC', destination },
        { appVersion: 'test' }
      )
      const row = readCsv(destination).rows.find((r) => r.identifier === refundId)
      expect(row, report).toBeDefined()
      expect([row?.txid, row?.ledger, row?.fee, row?.net]).toEqual([truth.hash, String(truth.ledger), '0.0100000', '-2.0100000'])
    }
  })
})
