// A desk is SIGKILLed at a step of the payout journal, mid-refund; a second desk (another process,
// on the same ledger) then runs `payouts resume`. Counted on the sandbox chain: 0 double payments,
// 0 lost refunds, and where the killed desk had stored a signed envelope, the second desk finished
// the refund with that very envelope (the same transaction hash), never a new one. The steps are
// shared out between two small test files (the journal's early and late steps), each well under a minute.
import { expect } from 'vitest'
import { PAYOUT_FAILPOINTS, type PayoutFailpoint } from '../../src/main/payouts'
import type { RunningSandbox } from '../../src/sandbox'
import { appWalletPayments, paidSales, payoutRows, PI, refundAtDesk, refundsAtPi, runDesk } from './desks'

interface KilledAt {
  /** The journal's state the kill leaves. */
  readonly state: string
  /** Whether a signed envelope (its hash) is stored by then. */
  readonly envelope: boolean
  /** The refund's payments on chain by then. */
  readonly onChain: number
}

/** Every failpoint the product has (the Record makes a new one a type error here until it is listed). */
const KILLED_AT: Readonly<Record<PayoutFailpoint, KilledAt>> = {
  'intent-recorded': { state: 'recorded', envelope: false, onChain: 0 },
  'pi-payment-created': { state: 'recorded', envelope: false, onChain: 0 },
  'payment-stored': { state: 'created', envelope: false, onChain: 0 },
  'envelope-signed': { state: 'signed', envelope: true, onChain: 0 },
  'before-submit': { state: 'submitted', envelope: true, onChain: 0 },
  'transaction-submitted': { state: 'submitted', envelope: true, onChain: 1 },
  'payment-confirmed': { state: 'confirmed', envelope: true, onChain: 1 },
  'pi-completed': { state: 'confirmed', envelope: true, onChain: 1 }
}

/** The journal's steps in order, in two halves: up to the signed envelope, and from its submission on. */
export function journalSteps(half: 'early' | 'late'): PayoutFailpoint[] {
  const middle = Math.ceil(PAYOUT_FAILPOINTS.length / 2)
  return half === 'early' ? PAYOUT_FAILPOINTS.slice(0, middle) : PAYOUT_FAILPOINTS.slice(middle)
}

const REFUND = 15n * (PI / 10n)

/** For each step: a fresh 3 Pi sale, a desk killed there refunding 1.5 Pi of it, the other desk's resume. */
export async function killEachThenResume(sandbox: RunningSandbox, ledger: string, points: readonly PayoutFailpoint[]): Promise<void> {
  const sales = await paidSales(sandbox, ledger, points.map(() => 3))
  const paidBefore = appWalletPayments(sandbox).length
  const onChain = (id: string | null | undefined) => appWalletPayments(sandbox).filter((payment) => payment.memo === id)

  for (const [index, point] of points.entries()) {
    const sale = sales[index]!
    const killed = await refundAtDesk(sandbox, ledger, sale, '1.5', { crashAt: point })
    expect(killed.signal, `${point}: ${killed.stderr}`).toBe('SIGKILL')
    const left = (await payoutRows(ledger)).find((row) => row.refundOf === sale)
    expect(left?.state, point).toBe(KILLED_AT[point].state)
    expect(left?.txHash !== null, point).toBe(KILLED_AT[point].envelope)
    expect(onChain(left?.piPaymentId), point).toHaveLength(KILLED_AT[point].onChain)

    const resumed = await runDesk(sandbox, ledger, ['payouts', 'resume', '--json'])
    expect(resumed.code, `${point}: ${resumed.stderr}`).toBe(0)

    const finished = (await payoutRows(ledger)).find((row) => row.refundOf === sale)!
    expect(finished.state, point).toBe('completed')
    const paid = onChain(finished.piPaymentId)
    expect(paid, point).toHaveLength(1)
    expect(paid[0]!.amount, point).toBe(REFUND)
    expect(finished.txid, point).toBe(paid[0]!.hash)
    // The envelope the killed desk signed is the one that paid.
    if (left?.txHash !== null) expect(paid[0]!.hash, point).toBe(left?.txHash)
  }

  // The whole run, counted on the chain and at Pi: one payment per refund, no more, none missing.
  const paid = appWalletPayments(sandbox).slice(paidBefore)
  expect(paid).toHaveLength(points.length)
  expect(new Set(paid.map((payment) => payment.memo)).size).toBe(points.length)
  for (const sale of sales) {
    const atPi = refundsAtPi(sandbox, sale)
    expect(atPi, sale).toEqual([{ identifier: expect.any(String), amount: REFUND, completed: true }])
    expect(paid.filter((payment) => payment.memo === atPi[0]!.identifier), sale).toHaveLength(1)
  }
  expect((await payoutRows(ledger)).map((row) => row.state)).toEqual(points.map(() => 'completed'))
}
