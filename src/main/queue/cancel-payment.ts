// Cancel: only what can no longer be paid. A user-to-app payment with a transaction linked cannot
// be cancelled (Pi refuses); an approved one is cancelled only once the buyer can no longer pay,
// and a payout only once no transaction signed for it can land. Before asking Pi, the app
// wallet's history is searched for a transaction carrying the payment's id: if one pays it, the
// payment is completed instead, never cancelled while its Pi moved.
import { unpaidLinkedAdvice } from '../../shared/payments'
import { verifyPaymentOnChain } from '../payments'
import { isUserFacingError } from '../../shared/errors'
import { readBackFromPi, refusedHere, whoCancelled, type ActionContext, type ActionResult } from './action-context'
import { madeByAnotherDesk, metadataOf, OTHER_DESK_REASON, payoutMayLandUntil } from './advice'
import { buildEvidence } from './evidence'
import { writeToPi } from './pi-write'
import { claimOf, isApproved, isCancelled, isCompleted, type QueuePayment } from './queue-store'
import { describeDuration } from './rules'

export async function cancelPayment(context: ActionContext, row: QueuePayment): Promise<ActionResult> {
  if (isCancelled(row)) return { ...refusedHere('already_cancelled', 'Already cancelled; nothing more to do.'), outcome: 'done' }
  if (isCompleted(row)) {
    return refusedHere('already_completed', 'It is completed, so it cannot be cancelled. Refund it from Refunds if the buyer is owed.')
  }
  if (row.txid !== null) {
    return refusedHere(
      'payment_tx_present',
      row.chainCheck === 'failed'
        ? `A transaction (${row.txid}) is linked to it, so Pi does not allow cancelling it. ${unpaidLinkedAdvice(row.direction === 'user_to_app' ? 'buyer' : 'payee')}`
        : `A transaction (${row.txid}) is linked to it, so Pi does not allow cancelling it. Complete it once the chain shows it paid.`
    )
  }

  if (row.direction === 'app_to_user') {
    const ownPayout = await context.payouts.ownPayoutOf(row.identifier, metadataOf(row.metadataJson))
    if (ownPayout !== null) return cancelThroughJournal(context, row, ownPayout)
    // Made by a Merchant Desk, but not this one (another desk, another ledger file): that desk may
    // hold a signed transaction for it that can land after any wait this desk could guess.
    if (madeByAnotherDesk(row, { ownPayout })) return refusedHere('other_desk', `Not cancelled: ${lowerFirst(OTHER_DESK_REASON)}`)
  }

  const now = context.now().getTime()
  const needsChainCheck = row.direction === 'app_to_user' || isApproved(row)
  if (row.direction === 'user_to_app' && isApproved(row)) {
    const until = row.createdAt.getTime() + context.rules.buyerPaysWithinMs
    if (now < until) {
      return refusedHere(
        'wait',
        `Not cancelled: the buyer may still pay it for another ${describeDuration(until - now)} (until ${new Date(until).toISOString()}). Cancel it after that.`
      )
    }
  }
  if (row.direction === 'app_to_user') {
    const lands = payoutMayLandUntil(row, { rules: context.rules, journal: { envelope: await context.payouts.envelopeFor(row.identifier) } })
    if (now < lands.time) {
      return refusedHere(
        'wait',
        `Not cancelled: a transaction signed for this payout may still land for another ${describeDuration(lands.time - now)} (until ${new Date(lands.time).toISOString()}).${lands.fromJournal ? ' Resume the payout from Refunds instead.' : ''}`
      )
    }
  }

  // Every transaction carrying its id is judged: anyone can write any memo, so a stranger's
  // transfer found first must not hide the one that pays it (review of issue #12, hole 1).
  let evidence = null
  if (needsChainCheck) {
    const claim = claimOf(row)
    const found = await context.chain.allByMemo(row.identifier, row.createdAt)
    for (const { facts } of found.filter((candidate) => candidate.facts.successful)) {
      const check = verifyPaymentOnChain(claim, facts, { appWallet: context.appWallet, passphrase: context.chain.passphrase })
      const judged = buildEvidence({
        claim,
        txid: facts.hash,
        txidSource: 'chain',
        facts,
        check,
        networkId: context.networkId,
        checkedAt: context.now()
      })
      if (check.outcome === 'verified') {
        return refusedHere(
          'paid_on_chain',
          `Not cancelled: transaction ${facts.hash} on chain pays it (Pi has not linked it yet). Complete it instead.`,
          judged
        )
      }
      evidence ??= judged
    }
  }

  const outcome = await writeToPi({
    write: () => context.pi.cancelPayment(row.identifier),
    readBack: () => context.pi.getPayment(row.identifier),
    tookEffect: (payment) => payment.status.cancelled || payment.status.userCancelled,
    sleep: context.sleep
  })
  const movedNote =
    evidence === null ? '' : ` Note: a transaction carrying its id moved Pi without paying it (${evidence.explanations.join(' ')}); the buyer may be owed a refund.`

  if (outcome.kind === 'answered' || outcome.kind === 'landed') {
    return {
      outcome: 'done',
      code: 'cancelled',
      message: `Cancelled: ${row.direction === 'user_to_app' ? 'the buyer can start a new payment' : 'Pi no longer lists this payout as open'}.${movedNote}`,
      evidence,
      piRecord: await readBackFromPi(context, row.identifier, outcome.payment),
      check: null
    }
  }
  if (outcome.kind === 'unknown') {
    const seen = await readBackFromPi(context, row.identifier, outcome.seen)
    return {
      outcome: 'failed',
      code: 'outcome_unknown',
      message: `Pi did not answer, so it is not known whether it was cancelled${seen === null ? '' : `; Pi's record shows it ${seen.status.cancelled || seen.status.userCancelled ? 'cancelled' : 'still open'}`}. Try again: a second attempt cannot cancel it twice.`,
      evidence,
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
    evidence,
    piRecord: after,
    check: null
  })
  switch (error.code) {
    case 'cancelled_payment':
      return result('done', 'already_cancelled', `Pi had already cancelled it (${whoCancelled(after)}); nothing more to do.`)
    case 'already_completed':
      return result('refused', 'already_completed', 'Pi shows it completed, so it cannot be cancelled. Refund it from Refunds if the buyer is owed.')
    case 'payment_tx_present':
      return result(
        'refused',
        'payment_tx_present',
        row.chainCheck === 'failed'
          ? `A transaction${after?.transaction ? ` (${after.transaction.txid})` : ''} is linked to it, so Pi will not cancel it. ${unpaidLinkedAdvice(row.direction === 'user_to_app' ? 'buyer' : 'payee')}`
          : `The buyer has linked a transaction${after?.transaction ? ` (${after.transaction.txid})` : ''} to it, so Pi will not cancel it. It stays in the queue: check that transaction and complete it if it pays.`
      )
    case 'forbidden': {
      const closes = after === null ? null : after.createdAt.getTime() + context.rules.approvalWindowMs
      return result(
        'refused',
        'forbidden',
        `Pi does not let the app cancel a payment still waiting for approval; leave it unapproved and it expires on its own${closes === null || closes <= now ? '' : ` in ${describeDuration(closes - now)}`}.`
      )
    }
    default:
      return result('failed', error.code, error.message)
  }
}

/**
 * One of the app's own payouts: the journal decides (its envelope must be dead by the ledger's
 * clock and absent from the chain), cancels at Pi and records it failed with nothing paid.
 */
async function cancelThroughJournal(context: ActionContext, row: QueuePayment, payoutId: number): Promise<ActionResult> {
  try {
    await context.payouts.cancelOwnPayout(payoutId)
  } catch (error) {
    if (!isUserFacingError(error)) throw error
    return { ...refusedHere(error.code, `Not cancelled: ${error.message}`), piRecord: await readBackFromPi(context, row.identifier, null) }
  }
  return {
    outcome: 'done',
    code: 'cancelled',
    message: `Cancelled: refund or payout number ${payoutId} paid nothing, and Pi no longer lists it as open.`,
    evidence: null,
    piRecord: await readBackFromPi(context, row.identifier, null),
    check: null
  }
}

function lowerFirst(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1)
}
