// Complete: invariant 3, "never complete what the chain does not show". The transaction (Pi's
// linked one, one typed by hand, or one found on chain carrying the payment's id) is read from
// Horizon and checked with verifyPaymentOnChain; unless it verifies, the action is refused with
// the evidence and Pi receives NO complete call. Only then is Pi asked, and its answers map to
// clear states: already_completed with the same transaction counts as done. Found on chain, every
// transaction carrying the payment's id is judged: anyone can write any memo, so a stranger's
// transfer found first must neither block the buyer's real one nor be completed with.
import { verifyPaymentOnChain, type PaymentClaim } from '../payments'
import { formatPi } from '../../shared/money'
import type { ChainCheck } from '../../shared/payments'
import { readBackFromPi, refusedHere, whoCancelled, type ActionContext, type ActionResult } from './action-context'
import { buildEvidence } from './evidence'
import { writeToPi } from './pi-write'
import { claimOf, isApproved, isCancelled, isCompleted, type QueuePayment } from './queue-store'

export async function completePayment(context: ActionContext, row: QueuePayment, typedTxid?: string): Promise<ActionResult> {
  if (isCompleted(row)) {
    return { ...refusedHere('already_completed', 'Already completed; nothing more to do.'), outcome: 'done' }
  }
  if (isCancelled(row)) {
    return refusedHere('cancelled_payment', 'This payment is cancelled, so it cannot be completed. If the buyer paid, refund them.')
  }
  if (row.direction === 'user_to_app' && !isApproved(row)) {
    return refusedHere('not_approved', 'It was never approved, so the buyer cannot have paid it. Approve it first, or let it expire.')
  }

  const claim = claimOf(row)
  const expected = { appWallet: context.appWallet, passphrase: context.chain.passphrase }
  let hash: string
  let source: 'typed' | 'pi' | 'chain'
  if (typedTxid !== undefined) {
    hash = typedTxid.toLowerCase()
    source = 'typed'
  } else if (row.txid !== null) {
    hash = row.txid
    source = 'pi'
  } else {
    const found = await findPayingTransaction(context, row, claim, expected)
    if (found.kind === 'refused') return found.result
    hash = found.hash
    source = 'chain'
  }

  const facts = await context.chain.read(hash)
  const check = verifyPaymentOnChain(claim, facts, expected)
  const evidence = buildEvidence({ claim, txid: hash, txidSource: source, facts, check, networkId: context.networkId, checkedAt: context.now() })
  if (check.outcome !== 'verified') {
    return {
      ...refusedHere(
        'refused_by_chain',
        `Not completed: the chain does not show this payment paid. ${evidence.explanations.join(' ')} Do not deliver.`,
        evidence
      ),
      check: { hash, result: check, claim }
    }
  }

  const outcome = await writeToPi({
    write: () => context.pi.completePayment(row.identifier, hash),
    readBack: () => context.pi.getPayment(row.identifier),
    tookEffect: (payment) => payment.status.developerCompleted && payment.transaction?.txid === hash,
    sleep: context.sleep
  })
  const verified = { hash, result: check, claim }

  if (outcome.kind === 'answered' || outcome.kind === 'landed') {
    return {
      outcome: 'done',
      code: 'completed',
      message: `Completed: transaction ${hash} pays exactly ${formatPi(row.amount)} Pi ${row.direction === 'user_to_app' ? 'to the app wallet' : 'to the buyer'}.`,
      evidence,
      piRecord: await readBackFromPi(context, row.identifier, outcome.payment),
      check: verified
    }
  }
  if (outcome.kind === 'unknown') {
    const seen = await readBackFromPi(context, row.identifier, outcome.seen)
    return {
      outcome: 'failed',
      code: 'outcome_unknown',
      message: `Pi did not answer, so it is not known whether it was completed${seen === null ? '' : `; Pi's record shows it ${seen.status.developerCompleted ? 'completed' : 'not completed yet'}`}. Try again: a second attempt cannot complete it twice.`,
      evidence,
      piRecord: seen,
      check: verified
    }
  }

  const error = outcome.error
  const after = await readBackFromPi(context, row.identifier, error.payment)
  const linked = after?.transaction?.txid ?? error.payment?.transaction?.txid ?? null
  const result = (outcomeOf: ActionResult['outcome'], code: string, message: string): ActionResult => ({
    outcome: outcomeOf,
    code,
    message,
    evidence,
    piRecord: after,
    check: verified
  })
  switch (error.code) {
    case 'already_completed':
      return linked === hash
        ? result('done', 'already_completed', 'Pi already had it completed with this same transaction; nothing more to do.')
        : result(
            'refused',
            'completed_with_other_transaction',
            `Pi shows it completed with another transaction (${linked ?? 'unknown'}), not ${hash}. Check which one the buyer sent before delivering.`
          )
    case 'txid_mismatch':
      return result(
        'refused',
        'txid_mismatch',
        `Pi has another transaction (${linked ?? 'unknown'}) linked to this payment, so it cannot be completed with ${hash}. It stays open; check which transaction the buyer sent, and do not deliver twice.`
      )
    case 'verification_failed':
      return result('refused', 'verification_failed', `${error.message} It stays open in the queue.`)
    case 'cancelled_payment':
      return result(
        'refused',
        'cancelled_payment',
        `Pi shows this payment as cancelled (${whoCancelled(after)}), so it cannot be completed. Its transaction moved Pi: refund the buyer.`
      )
    default:
      return result(error.code === 'not_verified' ? 'refused' : 'failed', error.code, error.message)
  }
}

type ChainSearch = { readonly kind: 'found'; readonly hash: string } | { readonly kind: 'refused'; readonly result: ActionResult }

/**
 * The one transaction on chain that pays the payment (verifyPaymentOnChain), among all carrying
 * its id. Several paying (a buyer who paid twice): the one Pi's record names, else a refusal
 * listing them. None paying: the first successful one (else any), so the refusal shows why not.
 */
async function findPayingTransaction(
  context: ActionContext,
  row: QueuePayment,
  claim: PaymentClaim,
  expected: { readonly appWallet: string; readonly passphrase: string }
): Promise<ChainSearch> {
  const found = await context.chain.allByMemo(row.identifier, row.createdAt)
  const paying = found
    .map(({ facts }) => facts)
    .filter((facts) => facts.successful && verifyPaymentOnChain(claim, facts, expected).outcome === 'verified')
    .map((facts) => facts.hash)
  const [only] = paying
  if (only !== undefined && paying.length === 1) return { kind: 'found', hash: only }
  if (paying.length > 1) {
    const named = (await readBackFromPi(context, row.identifier, null))?.transaction?.txid ?? null
    if (named !== null && paying.includes(named)) return { kind: 'found', hash: named }
    return {
      kind: 'refused',
      result: refusedHere(
        'several_paying',
        `Not completed: ${paying.length} transactions on chain each pay it (${paying.join(', ')}) and Pi names none of them. Check which one the buyer means, complete it with that transaction id, and refund the other.`
      )
    }
  }
  const shown = found.find((candidate) => candidate.facts.successful) ?? found[0]
  if (shown !== undefined) return { kind: 'found', hash: shown.facts.hash }
  const check: ChainCheck = { outcome: 'failed', reasons: ['not_found'] }
  const evidence = buildEvidence({ claim, txid: null, txidSource: null, facts: null, check, networkId: context.networkId, checkedAt: context.now() })
  return {
    kind: 'refused',
    result: refusedHere('no_transaction', "Not completed: no transaction carrying this payment's id is on chain, so nothing shows it paid.", evidence)
  }
}
