// Refunds to the paying address (issue 19) from the real CLI, as a cashier types them:
// `merchant-desk refund --transfer <operation id>`. One desk is killed (SIGKILL) at every step of
// the journal a direct refund passes and the OTHER desk resumes; two desks refund one walk-in
// payment beyond its amount at the same moment. The sandbox chain is the judge: payments from the
// app wallet to the customer, counted per refund memo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIRECT_REFUND_FAILPOINTS } from '../../src/main/payouts'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { appWalletPayments, deskLedgers, PI, readLedger, runDesk, startDeskSandbox, type DeskRun } from './desks'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startDeskSandbox()
})
afterAll(async () => sandbox.close())

let customers = 0

/** Customers at the counter pay the app wallet directly; the desk syncs; their payments' operation ids. */
async function walkIns(ledger: string, amounts: readonly bigint[]): Promise<{ operationId: string; customer: string }[]> {
  const paid = amounts.map((amount) => {
    customers += 1
    const buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: `walk-in${customers}` })
    const sent = buyer.sendTransfer({ to: sandbox.appWallet.publicKey, amount, memo: `till ${customers}` })
    if (sent.kind !== 'applied') throw new Error(`the walk-in payment did not apply: ${sent.kind}`)
    return { hash: sent.transaction.hash, customer: buyer.publicKey }
  })
  const synced = await runDesk(sandbox, ledger, ['sync'])
  if (synced.code !== 0) throw new Error(`the desk could not sync: ${synced.stderr}`)
  return readLedger(ledger, async (store) => {
    const found: { operationId: string; customer: string }[] = []
    for (const { hash, customer } of paid) {
      const row = await store.db.selectFrom('chain_operations').select('id').where('transaction_hash', '=', hash).executeTakeFirstOrThrow()
      found.push({ operationId: row.id, customer })
    }
    return found
  })
}

function refundTransfer(ledger: string, operationId: string, amountPi: string, crashAt?: (typeof DIRECT_REFUND_FAILPOINTS)[number]): Promise<DeskRun> {
  return runDesk(sandbox, ledger, ['refund', '--transfer', operationId, '--amount', amountPi, '--reason', 'customer_request', '--yes', '--json'], crashAt ? { crashAt } : {})
}

describe.each(deskLedgers())('direct refunds from two desks on one $engine ledger', (ledgers) => {
  afterAll(() => ledgers.cleanUp())

  it(`a desk killed at ${DIRECT_REFUND_FAILPOINTS.join(', ')}; the other resumes: each customer paid back exactly once`, async () => {
    const ledger = ledgers.location()
    const payments = await walkIns(ledger, DIRECT_REFUND_FAILPOINTS.map(() => 3n * PI))
    for (const [index, point] of DIRECT_REFUND_FAILPOINTS.entries()) {
      const crashed = await refundTransfer(ledger, payments[index]!.operationId, '1.25', point)
      expect(crashed.signal, `${point}: ${crashed.stderr}`).toBe('SIGKILL')
      const resumed = await runDesk(sandbox, ledger, ['payouts', 'resume', '--json'])
      expect(resumed.code, `${point}: ${resumed.stderr}`).toBe(0)
    }
    const rows = await readLedger(ledger, (store) =>
      store.db.selectFrom('payouts').select(['refund_of_operation', 'chain_memo', 'state', 'to_address', 'txid']).orderBy('id').execute()
    )
    expect(rows.map((row) => row.state)).toEqual(DIRECT_REFUND_FAILPOINTS.map(() => 'completed'))
    const paidOut = appWalletPayments(sandbox)
    for (const [index, point] of DIRECT_REFUND_FAILPOINTS.entries()) {
      const { operationId, customer } = payments[index]!
      const row = rows.find((candidate) => candidate.refund_of_operation === operationId)
      expect(row, point).toBeDefined()
      // Exactly one payment to the customer with the refund's memo, and nothing else to them.
      expect(paidOut.filter((payment) => payment.memo === row!.chain_memo), point).toEqual([{ hash: row!.txid, memo: row!.chain_memo, to: customer, amount: 12_500_000n }])
      expect(paidOut.filter((payment) => payment.to === customer), point).toHaveLength(1)
    }
  }, 180_000)

  it('two desks refund 4 + 4 Pi of one 5 Pi walk-in payment at once: one is paid, the other refused by the cap', async () => {
    const ledger = ledgers.location()
    const [{ operationId, customer }] = (await walkIns(ledger, [5n * PI])) as [{ operationId: string; customer: string }]
    // Slow submissions: whichever desk pays first is still paying when the other reaches the wallet.
    sandbox.horizon.faults.add({ route: 'POST /transactions', kind: 'latency', ms: 2_500 })
    let desks: DeskRun[]
    try {
      desks = await Promise.all([refundTransfer(ledger, operationId, '4'), refundTransfer(ledger, operationId, '4')])
    } finally {
      sandbox.horizon.faults.clear()
    }
    const winners = desks.filter((desk) => desk.code === 0)
    const losers = desks.filter((desk) => desk.code !== 0)
    expect(winners, desks.map((desk) => desk.stderr).join('\n---\n')).toHaveLength(1)
    expect(losers).toHaveLength(1)
    expect(losers[0]!.stderr).toContain(`Only 1.0000000 Pi of transfer ${operationId} is left to refund, less than 4.0000000 Pi.`)
    expect(losers[0]!.stderr).toContain('Nothing was paid.')
    expect(appWalletPayments(sandbox).filter((payment) => payment.to === customer).map((payment) => payment.amount)).toEqual([4n * PI])
  }, 60_000)
})
