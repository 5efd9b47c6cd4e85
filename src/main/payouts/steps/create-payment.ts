// Step 2: the Pi payment. Pi has no idempotency keys, so the journal's key travels in the
// payment's metadata: a crash between Pi creating the payment and the journal storing its id is
// healed by finding that payment among Pi's open app-to-user payments (or in the
// ongoing_payment_found answer) instead of creating a second one.
import { isPiApiError } from '../../pi'
import type { Payment } from '../../../shared/payments'
import { payoutProblems } from '../problems'
import type { PayoutPorts } from '../ports'
import type { PayoutProblem, PayoutRecord } from '../types'
import { isPassingPiTrouble, passingPiTrouble } from './pi-errors'

/** The metadata key that marks a Pi payment as this journal's. */
export const REQUEST_METADATA_KEY = 'merchant_desk_request'

export function payoutMetadata(payout: PayoutRecord): Record<string, unknown> {
  return {
    [REQUEST_METADATA_KEY]: payout.idempotencyKey,
    kind: payout.kind,
    ...(payout.refundOf !== null ? { refund_of: payout.refundOf, reason: payout.reason } : {})
  }
}

export function isOurPayment(payment: Payment, payout: PayoutRecord): boolean {
  return payment.direction === 'app_to_user' && payment.metadata[REQUEST_METADATA_KEY] === payout.idempotencyKey
}

/** Our payment among Pi's open app-to-user payments, if a crash hid it from us. */
export async function findOurOpenPayment(ports: PayoutPorts, payout: PayoutRecord): Promise<Payment | null> {
  const open = await ports.pi.incompleteServerPayments()
  return open.find((payment) => isOurPayment(payment, payout)) ?? null
}

export async function createPiPayment(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  const { journal } = ports
  let payment: Payment | null
  try {
    payment = await findOurOpenPayment(ports, payout)
  } catch (error) {
    const trouble = passingPiTrouble(error)
    if (trouble !== null) return journal.note(payout, payoutProblems.piUnreachable(trouble.message))
    throw error
  }
  if (payment === null) {
    try {
      payment = await ports.pi.createPayment({ amount: payout.amount, memo: payout.memo, metadata: payoutMetadata(payout), uid: payout.uid })
      ports.failpoint('pi-payment-created')
    } catch (error) {
      if (!isPiApiError(error)) throw error
      if (error.code === 'ongoing_payment_found' && error.payment !== null) {
        if (!isOurPayment(error.payment, payout)) {
          return journal.transition(payout, 'blocked', { problem: payoutProblems.buyerHasOpenPayout(error.payment.identifier) })
        }
        payment = error.payment
      } else if (error.code === 'pi_answer_mismatch' && error.payment !== null && isOurPayment(error.payment, payout)) {
        // Pi made a payment other than the one asked for: stored, and blocked below, never signed.
        payment = error.payment
      } else if (isPassingPiTrouble(error)) {
        // The create may have landed (a timeout, a 5xx, a cut answer): look again before any retry.
        const landed = await findOurOpenPayment(ports, payout).catch(() => null)
        if (landed === null) return journal.note(payout, payoutProblems.piUnreachable(error.message))
        payment = landed
      } else if (error.code === 'missing_scope') {
        return journal.transition(payout, 'failed', { problem: refusedByPi(payout, payoutProblems.missingScope()) })
      } else if (error.code === 'user_not_found' || error.httpStatus === 404) {
        return journal.transition(payout, 'failed', { problem: refusedByPi(payout, payoutProblems.userNotFound()) })
      } else if (error.code === 'too_many_payments') {
        return journal.transition(payout, 'blocked', { problem: { code: error.code, message: error.message } })
      } else {
        return journal.transition(payout, 'failed', { problem: refusedByPi(payout, payoutProblems.piRefusedCreate(error.code, error.message)) })
      }
    }
  }
  const mismatch = mismatchOf(payment, payout, ports)
  if (mismatch !== null) {
    return journal.transition(payout, 'blocked', { piPaymentId: payment.identifier, toAddress: payment.toAddress, problem: payoutProblems.piPaymentMismatch(mismatch) })
  }
  const adopted = payment
  const created = await ports.atomically(async (tx) => {
    await ports.recordPiPayment(tx, adopted, payout.refundOf)
    return journal.within(tx).transition(payout, 'created', { piPaymentId: adopted.identifier, toAddress: adopted.toAddress, problem: null })
  })
  ports.failpoint('payment-stored')
  if (adopted.fromAddress !== ports.appWallet) {
    return journal.transition(created, 'blocked', { problem: payoutProblems.wrongAppWallet(adopted.fromAddress, ports.appWallet) })
  }
  return created
}

/** Pi will not make it: a refund of a sale names the way that remains, a direct refund to the paying address. */
function refusedByPi(payout: PayoutRecord, problem: PayoutProblem): PayoutProblem {
  return payout.refundOf !== null ? payoutProblems.directRefundOffered(problem, payout.refundOf) : problem
}

function mismatchOf(payment: Payment, payout: PayoutRecord, ports: PayoutPorts): string | null {
  if (payment.direction !== 'app_to_user') return 'it is not a payment from the app'
  if (payment.amount !== payout.amount) return 'the amount differs'
  if (payment.userUid !== payout.uid) return 'the buyer differs'
  if (payment.network !== ports.networkPassphrase) return `it is on ${payment.network}`
  return null
}
