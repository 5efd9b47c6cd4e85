// Approve: after the checks of pi-platform.md §2 (a buyer-to-app payment, not finished, of a real
// amount, to this app's wallet, on this network, with the shop's order details). Approving twice
// is harmless at Pi, so an unanswered approve is simply read back and, if need be, sent again.
import { readBackFromPi, refusedHere, whoCancelled, type ActionContext, type ActionResult } from './action-context'
import { approvalProblems } from './advice'
import { writeToPi } from './pi-write'
import { isApproved, isCancelled, isCompleted, type QueuePayment } from './queue-store'

export async function approvePayment(context: ActionContext, row: QueuePayment): Promise<ActionResult> {
  if (row.direction !== 'user_to_app') {
    return refusedHere('not_user_to_app', 'Payouts to buyers are created approved; there is nothing to approve.')
  }
  if (isCompleted(row)) return { ...refusedHere('already_completed', 'Already completed; nothing more to do.'), outcome: 'done' }
  if (isCancelled(row)) return refusedHere('cancelled_payment', 'This payment is cancelled, so it can no longer be approved.')
  if (isApproved(row)) {
    return { ...refusedHere('already_approved', 'Already approved; the buyer can pay it.'), outcome: 'done' }
  }
  const problems = approvalProblems(row, { appWallet: context.appWallet, passphrase: context.chain.passphrase, networkId: context.networkId })
  if (problems.length > 0) return refusedHere('approval_checks_failed', `Not approved: ${problems.join(' ')}`)

  const outcome = await writeToPi({
    write: () => context.pi.approvePayment(row.identifier),
    readBack: () => context.pi.getPayment(row.identifier),
    tookEffect: (payment) => payment.status.developerApproved,
    sleep: context.sleep
  })
  if (outcome.kind === 'answered' || outcome.kind === 'landed') {
    return {
      outcome: 'done',
      code: 'approved',
      message: 'Approved: the buyer can now pay in the Pi Browser.',
      evidence: null,
      piRecord: await readBackFromPi(context, row.identifier, outcome.payment),
      check: null
    }
  }
  if (outcome.kind === 'unknown') {
    const seen = await readBackFromPi(context, row.identifier, outcome.seen)
    return {
      outcome: 'failed',
      code: 'outcome_unknown',
      message: `Pi did not answer, so it is not known whether it was approved${seen === null ? '' : `; Pi's record shows it ${seen.status.developerApproved ? 'approved' : 'not approved'}`}. Try again: approving twice changes nothing.`,
      evidence: null,
      piRecord: seen,
      check: null
    }
  }
  const error = outcome.error
  const after = await readBackFromPi(context, row.identifier, error.payment)
  const result = (outcomeOf: ActionResult['outcome'], code: string, message: string): ActionResult => ({
    outcome: outcomeOf,
    code,
    message,
    evidence: null,
    piRecord: after,
    check: null
  })
  switch (error.code) {
    case 'cancelled_payment':
      return result('refused', 'cancelled_payment', `Not approved: ${whoCancelled(after)} before it was approved.`)
    case 'already_completed':
      return result('done', 'already_completed', 'Pi already shows it completed; nothing more to do.')
    default:
      return result('failed', error.code, error.message)
  }
}
