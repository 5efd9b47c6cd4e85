// Two desks refund two DIFFERENT sales at the same moment, one wallet paying both: each refund is
// paid exactly once, and the wallet pays one at a time (never two payouts in flight together,
// which would collide on its sequence number), as the journal's and the audit log's times show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { appWalletPayments, atTheSameMoment, deskLedgers, paidSales, payoutRows, payoutSteps, PI, refundAtDesk, refundsAtPi, startDeskSandbox } from './desks'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startDeskSandbox()
})
afterAll(async () => sandbox.close())

describe.each(deskLedgers())('two desks on one $engine ledger', (ledgers) => {
  afterAll(() => ledgers.cleanUp())

  it('refund 2 Pi of one sale and 3 Pi of another at once: both paid once, one after the other', async () => {
    const ledger = ledgers.location()
    const [first, second] = (await paidSales(sandbox, ledger, [5, 5])) as [string, string]
    const paidBefore = appWalletPayments(sandbox).length

    const desks = await atTheSameMoment(sandbox, [() => refundAtDesk(sandbox, ledger, first, '2'), () => refundAtDesk(sandbox, ledger, second, '3')])

    for (const desk of desks) expect(desk.code, desk.stderr).toBe(0)
    // The chain: exactly two payments left the app wallet, one per refund, each with its own Pi payment id.
    const paid = appWalletPayments(sandbox).slice(paidBefore)
    expect(paid.map((payment) => payment.amount).sort()).toEqual([2n * PI, 3n * PI])
    const [firstAtPi, secondAtPi] = [refundsAtPi(sandbox, first), refundsAtPi(sandbox, second)]
    expect(firstAtPi).toEqual([{ identifier: expect.any(String), amount: 2n * PI, completed: true }])
    expect(secondAtPi).toEqual([{ identifier: expect.any(String), amount: 3n * PI, completed: true }])
    expect(paid.map((payment) => payment.memo).sort()).toEqual([firstAtPi[0]!.identifier, secondAtPi[0]!.identifier].sort())

    const rows = await payoutRows(ledger)
    expect(rows.map((row) => [row.refundOf, row.state])).toEqual(
      expect.arrayContaining([
        [first, 'completed'],
        [second, 'completed']
      ])
    )
    expect(rows).toHaveLength(2)
    // One at a time: the later payout was recorded only after the earlier one finished...
    const [earlier, later] = rows as [(typeof rows)[0], (typeof rows)[0]]
    expect(later.createdAt).toBeGreaterThanOrEqual(earlier.finishedAt!)
    // ...and no step of one falls between the first and last step of the other.
    const steps = await payoutSteps(ledger)
    const order = steps.map((step) => step.payout)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(steps.filter((step) => step.payout === earlier.id).at(-1)!.action).toBe('refund.completed')
  }, 60_000)
})
