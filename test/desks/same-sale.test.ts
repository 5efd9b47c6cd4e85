// Two desks refund the SAME sale at the same moment, 7 Pi each of a 10 Pi sale: together they ask
// for more than the sale brought in. Exactly one refund may be paid; the other desk must say
// nothing was paid and why, and the ledger must never show more refunded than the sale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { appWalletPayments, atTheSameMoment, deskLedgers, paidSales, payoutRows, PI, refundAtDesk, refundsAtPi, startDeskSandbox } from './desks'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startDeskSandbox()
})
afterAll(async () => sandbox.close())

describe.each(deskLedgers())('two desks on one $engine ledger', (ledgers) => {
  afterAll(() => ledgers.cleanUp())

  it('refund 7 + 7 Pi of one 10 Pi sale at once: one is paid, the other is refused by the cap', async () => {
    const ledger = ledgers.location()
    const [sale] = (await paidSales(sandbox, ledger, [10])) as [string]
    const paidBefore = appWalletPayments(sandbox).length

    const desks = await atTheSameMoment(sandbox, [() => refundAtDesk(sandbox, ledger, sale, '7'), () => refundAtDesk(sandbox, ledger, sale, '7')])

    const winners = desks.filter((desk) => desk.code === 0)
    const losers = desks.filter((desk) => desk.code !== 0)
    expect(winners, desks.map((desk) => desk.stderr).join('\n---\n')).toHaveLength(1)
    expect(losers).toHaveLength(1)
    expect(losers[0]!.signal).toBeNull()
    expect(losers[0]!.stderr).toContain(`Only 3.0000000 Pi of payment ${sale} is left to refund, less than 7.0000000 Pi.`)
    expect(losers[0]!.stderr).toContain('Nothing was paid.')

    // The chain: exactly one payment left the app wallet, 7 Pi to the buyer, carrying the refund's Pi payment id.
    const paid = appWalletPayments(sandbox).slice(paidBefore)
    expect(paid).toHaveLength(1)
    expect(paid[0]!.amount).toBe(7n * PI)
    // Pi: one refund of the sale, completed, and it is that payment.
    const atPi = refundsAtPi(sandbox, sale)
    expect(atPi).toEqual([{ identifier: paid[0]!.memo, amount: 7n * PI, completed: true }])
    // The ledger: one refund row, completed, never more refunded than the sale.
    const rows = await payoutRows(ledger)
    expect(rows.map((row) => [row.refundOf, row.state, row.piPaymentId, row.txid])).toEqual([[sale, 'completed', paid[0]!.memo, paid[0]!.hash]])
    const refunded = rows.filter((row) => row.state !== 'failed').reduce((sum, row) => sum + row.amount, 0n)
    expect(refunded).toBeLessThanOrEqual(10n * PI)
  }, 60_000)
})
