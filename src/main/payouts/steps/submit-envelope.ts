// Step 5: submit the stored envelope, and only that one. Horizon's 504, a timeout, a 5xx or
// tx_too_early say nothing about whether it landed: the chain is read and the SAME envelope is
// sent again (its sequence number lets it execute at most once). A new envelope is built only when
// the old one provably can no longer land (chain-fate.ts), by going back to 'created'.
import { describeResultCodes, isHorizonError, type SubmitOutcome } from '../../horizon'
import { payoutProblems } from '../problems'
import type { PayoutPorts } from '../ports'
import type { PayoutRecord } from '../types'
import { chainFate, confirmFromChain } from './chain-fate'
import { passingPiTrouble } from './pi-errors'

const UNDERFUNDED = new Set(['op_underfunded', 'tx_insufficient_balance'])

export async function submitEnvelope(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  try {
    return await submitOrRead(ports, payout)
  } catch (error) {
    if (isHorizonError(error)) return ports.journal.note(payout, payoutProblems.horizonUnreachable(error.message))
    const trouble = passingPiTrouble(error)
    if (trouble !== null) return ports.journal.note(payout, payoutProblems.piUnreachable(trouble.message))
    throw error
  }
}

async function submitOrRead(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  const { journal } = ports
  let current = payout
  if (current.state === 'submitted') {
    // Resumed (a crash, a 504, a blocked payout): the chain first, then the same envelope again.
    const settled = await settleFromChain(ports, current)
    if (settled !== null) return settled
  }
  const envelope = current.envelope
  if (envelope === null) throw new Error(`payout ${payout.id} has no envelope to submit`)
  let lastUnknown: SubmitOutcome | null = null
  for (let attempt = 0; attempt < ports.timings.submissionsPerRun; attempt += 1) {
    // Pi's record before EVERY sending of the stored envelope, not only the first: a payment
    // cancelled meanwhile (by the shop's backend, by another tool, between two attempts) is never
    // paid by it (issue #12, item 3, and its review).
    const cancelled = await cancelledAtPi(ports, current)
    if (cancelled !== null) return cancelled
    current = await journal.transition(current, 'submitted', { submitted: true }, current.state === 'submitted' ? 'payout.resubmit' : undefined)
    ports.onChange(current)
    ports.failpoint('before-submit')
    const outcome = await ports.horizon.submitTransaction(envelope.xdr)
    ports.failpoint('transaction-submitted')
    if (outcome.status === 'success') {
      // Step 6 reads it back: the chain, not the submit answer, is the authority.
      const settled = await settleFromChain(ports, current, { onlyLanded: true })
      return settled ?? journal.note(current, payoutProblems.awaitingChain())
    }
    if (outcome.status === 'failed') {
      const codes = [outcome.resultCodes.transaction, ...outcome.resultCodes.operations]
      if (codes.includes('tx_too_early')) {
        await ports.sleep(ports.timings.retryDelayMs)
        continue
      }
      const problem = codes.some((code) => UNDERFUNDED.has(code))
        ? payoutProblems.underfundedWhenSent(payout.amount + envelope.fee)
        : codes.includes('op_no_destination')
          ? payoutProblems.buyerWalletMissing(payout.toAddress ?? '')
          : codes.includes('tx_bad_auth')
            ? payoutProblems.wrongSeed()
            : null
      if (problem !== null) {
        // The envelope stays: on resume the chain is read first, then it is sent again or, once it
        // can no longer land, rebuilt.
        return journal.transition(current, 'blocked', { problem: withCodes(problem, outcome.message) })
      }
      // tx_bad_seq, tx_too_late, tx_insufficient_fee...: rebuild only once the old one cannot land.
      const settled = await settleFromChain(ports, current)
      if (settled !== null) return settled
      return journal.note(current, withCodes(payoutProblems.waitingForExpiry(envelope.maxTime), describeResultCodes(outcome.resultCodes)))
    }
    lastUnknown = outcome
    const settled = await settleFromChain(ports, current, { onlyLanded: true })
    if (settled !== null) return settled
    await ports.sleep(outcome.retryAfterMs ?? ports.timings.retryDelayMs)
  }
  return journal.note(current, payoutProblems.horizonUnreachable(lastUnknown?.message ?? 'The transaction was not accepted yet.'))
}

/**
 * null while Pi's payment is open. Cancelled at Pi: the envelope is never sent again; the chain
 * says whether an earlier submission landed (confirmed: the buyer was paid), whether it can no
 * longer land (failed, nothing paid), or until when it could (the payout waits, unsent).
 */
async function cancelledAtPi(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord | null> {
  // A direct refund has no Pi payment that someone else could cancel.
  if (payout.route === 'direct') return null
  const piPaymentId = payout.piPaymentId
  if (piPaymentId === null) throw new Error(`payout ${payout.id} has an envelope but no Pi payment`)
  const atPi = await ports.pi.getPayment(piPaymentId)
  if (!atPi.status.cancelled && !atPi.status.userCancelled) return null
  const fate = await chainFate(ports, payout)
  if (fate.kind === 'landed') return confirmFromChain(ports, payout, fate.transaction)
  if (fate.kind === 'pending') return ports.journal.note(payout, payoutProblems.cancelledAtPiWhileSigned(fate.maxTime))
  return ports.atomically(async (tx) => {
    await ports.recordPiPayment(tx, atPi, payout.refundOf)
    return ports.journal.within(tx).transition(payout, 'failed', { problem: payoutProblems.cancelledAtPi() })
  })
}

/**
 * Reads the chain: landed -> confirmed; can no longer land -> back to 'created' (a new envelope
 * may be built); still able to land -> null (send the same envelope again), or a note saying when
 * it expires when the network refused it for now.
 */
async function settleFromChain(
  ports: PayoutPorts,
  payout: PayoutRecord,
  options: { readonly onlyLanded?: boolean } = {}
): Promise<PayoutRecord | null> {
  const fate = await chainFate(ports, payout)
  if (fate.kind === 'landed') return confirmFromChain(ports, payout, fate.transaction)
  if (options.onlyLanded) return null
  if (fate.kind === 'dead') {
    // Back to the step before signing: a direct refund has no Pi payment, so that is 'recorded'.
    return ports.journal.transition(payout, beforeSigning(payout), { envelope: null, problem: null }, 'payout.envelope_expired')
  }
  return null
}

/** The state a payout signs from: 'created' (its Pi payment stored), or 'recorded' for a direct refund. */
export function beforeSigning(payout: PayoutRecord): 'created' | 'recorded' {
  return payout.route === 'direct' ? 'recorded' : 'created'
}

function withCodes(problem: { code: string; message: string }, networkSentence: string): { code: string; message: string } {
  return { code: problem.code, message: `${networkSentence} ${problem.message}` }
}
