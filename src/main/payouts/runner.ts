// The payout state machine (design.md invariant 4). Each call moves one payout as far as it can:
//
//   recorded --create Pi payment--> created --search chain, sign, store--> signed --submit--> submitted
//   submitted --chain shows it--> confirmed --Pi complete--> completed
//   submitted --envelope can no longer land--> created (a new envelope may be built)
//   any step --operator must act--> blocked --resume--> the step it stopped at
//   recorded/created/blocked --cancel, nothing on chain--> failed
//
// A direct refund (route 'direct': a chain payment back to the paying address) has no Pi payment:
//
//   recorded --search chain for its own memo, sign, store--> signed --submit--> submitted
//   submitted --chain shows it--> confirmed --close--> completed
//   submitted --envelope can no longer land--> recorded (a new envelope may be built)
//
// A step that meets passing trouble (Pi or Horizon unreachable) notes it and leaves the state as
// it is: the run stops, and the next resume (or the next start) continues from there.
import { UserFacingError } from '../../shared/errors'
import { isPiApiError } from '../pi'
import type { Payment } from '../../shared/payments'
import { isHorizonError } from '../horizon'
import { payoutProblems } from './problems'
import type { PayoutPorts } from './ports'
import { chainFate, confirmFromChain } from './steps/chain-fate'
import { completeDirectRefund } from './steps/complete-direct'
import { completePiPayment } from './steps/complete-payment'
import { createPiPayment, findOurOpenPayment } from './steps/create-payment'
import { isPassingPiTrouble } from './steps/pi-errors'
import { signEnvelope } from './steps/sign-envelope'
import { submitEnvelope } from './steps/submit-envelope'
import { FINISHED_STATES, type PayoutRecord, type PayoutState } from './types'

/** Problems only the operator can clear by cancelling: resuming would meet them again. */
export const CANCEL_ONLY_PROBLEMS: ReadonlySet<string> = new Set(['wrong_app_wallet', 'pi_payment_mismatch', 'ongoing_payment_found'])

/** A safety net against a loop of rebuilt envelopes within one run. */
const MAX_STEPS_PER_RUN = 16

export interface AdvanceOptions {
  /** Resume a blocked payout (the operator says the cause is fixed). */
  readonly resumeBlocked?: boolean
  /** Called after every step, e.g. to renew the wallet lock. */
  readonly afterStep?: () => Promise<void>
}

export async function advancePayout(ports: PayoutPorts, id: number, options: AdvanceOptions = {}): Promise<PayoutRecord> {
  let payout = await ports.journal.get(id)
  if (payout.state === 'blocked') {
    if (!options.resumeBlocked || (payout.problem !== null && CANCEL_ONLY_PROBLEMS.has(payout.problem.code))) return payout
    payout = await ports.journal.transition(payout, resumeTarget(payout), { problem: null }, `${payout.kind}.resume`)
    ports.onChange(payout)
  }
  for (let step = 0; step < MAX_STEPS_PER_RUN; step += 1) {
    if (FINISHED_STATES.has(payout.state) || payout.state === 'blocked') return payout
    const before = payout
    payout = await runStep(ports, payout)
    ports.onChange(payout)
    await options.afterStep?.()
    // signed -> submitted is one step that stopped (it already spent this run's submissions), not progress.
    if (payout.state === before.state || (before.state === 'signed' && payout.state === 'submitted')) return payout
  }
  return payout
}

function runStep(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  switch (payout.state) {
    case 'recorded':
      return payout.route === 'direct' ? signEnvelope(ports, payout) : createPiPayment(ports, payout)
    case 'created':
      return signEnvelope(ports, payout)
    case 'signed':
    case 'submitted':
      return submitEnvelope(ports, payout)
    case 'confirmed':
      return payout.route === 'direct' ? completeDirectRefund(ports, payout) : completePiPayment(ports, payout)
    default:
      return Promise.resolve(payout)
  }
}

/** Where a blocked payout picks up: its envelope is read from the chain first, then resent or rebuilt. */
function resumeTarget(payout: PayoutRecord): PayoutState {
  if (payout.txid !== null) return 'confirmed'
  if (payout.envelope !== null) return 'submitted'
  if (payout.piPaymentId !== null) return 'created'
  return 'recorded'
}

/**
 * Cancels a payout that has paid nothing and can pay nothing: the chain is read first, an envelope
 * that could still land is waited for, and Pi's payment (if any) is cancelled before the journal
 * says failed. A payout the chain shows paid is confirmed instead, and the staff member told.
 */
export async function cancelPayout(ports: PayoutPorts, id: number): Promise<PayoutRecord> {
  const { journal } = ports
  const payout = await journal.get(id)
  if (FINISHED_STATES.has(payout.state)) {
    throw new UserFacingError('payout_finished', `Refund or payout number ${id} is already ${payout.state}; there is nothing to cancel.`)
  }
  if (payout.txid !== null) throw alreadyPaid(id)
  try {
    const fate = await chainFate(ports, payout)
    if (fate.kind === 'landed') {
      ports.onChange(await confirmFromChain(ports, payout, fate.transaction))
      throw alreadyPaid(id)
    }
    if (fate.kind === 'pending') {
      throw new UserFacingError('payout_may_still_land', payoutProblems.waitingForExpiry(fate.maxTime).message.replace('resume then', 'cancel then'))
    }
    // A direct refund has no Pi payment to cancel.
    const piPaymentId = payout.route === 'direct' ? null : (payout.piPaymentId ?? (await findOurOpenPayment(ports, payout))?.identifier ?? null)
    if (piPaymentId !== null) {
      const cancelled = await cancelAtPi(ports, piPaymentId)
      await ports.atomically((tx) => ports.recordPiPayment(tx, cancelled, payout.refundOf))
    }
  } catch (error) {
    if (isPiApiError(error) || isHorizonError(error)) {
      throw new UserFacingError(error.code, `${error.message} The payout was not cancelled; try again.`)
    }
    throw error
  }
  const failed = await journal.transition(payout, 'failed', { problem: payoutProblems.cancelledByStaff(journal.actor()) }, `${payout.kind}.cancel`)
  ports.onChange(failed)
  return failed
}

/**
 * Pi's cancel, read back whenever its answer says nothing for sure (a timeout, a cut answer, a
 * 5xx): the payment as Pi now holds it, cancelled, or an error that leaves the journal as it is.
 */
async function cancelAtPi(ports: PayoutPorts, piPaymentId: string): Promise<Payment> {
  try {
    return await ports.pi.cancelPayment(piPaymentId)
  } catch (error) {
    if (!isPiApiError(error)) throw error
    if (error.code !== 'cancelled_payment' && !isPassingPiTrouble(error)) throw error
    const atPi = await ports.pi.getPayment(piPaymentId)
    if (atPi.status.cancelled || atPi.status.userCancelled) return atPi
    throw error
  }
}

function alreadyPaid(id: number): UserFacingError {
  return new UserFacingError(
    'payout_already_paid',
    `Refund or payout number ${id} has been paid on chain, so it cannot be cancelled. Resume it to finish it with Pi.`
  )
}
