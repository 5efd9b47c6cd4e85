// Staff actions on one payment or many: each row in turn (Pi is asked one thing at a time), each
// with its own result, and each attempt audited, refusals included: who, when, what, the payment
// before, and after it the payment as Pi reports it now, with the outcome and the chain evidence.
// Pi's record read back after the action and the audit entry are written in ONE transaction.
import { PaymentStore } from '../payments'
import type { JsonValue, QueueAction, QueueActionResultView, QueueActView } from '../../shared/contract/queue'
import { isUserFacingError } from '../../shared/errors'
import type { ActionContext, ActionResult } from './action-context'
import { approvePayment } from './approve-payment'
import { runAudited } from '../audit'
import { cancelPayment } from './cancel-payment'
import { completePayment } from './complete-payment'
import { claimOf, readStoredPayment, snapshotOf, type QueuePayment } from './queue-store'

export interface ActInput {
  readonly action: QueueAction
  readonly ids: readonly string[]
  readonly txid?: string | undefined
}

export interface ActOptions {
  readonly actor: string
  readonly onInternalError?: ((where: string, error: unknown) => void) | undefined
}

export async function actOnPayments(context: ActionContext, input: ActInput, options: ActOptions): Promise<QueueActView> {
  const results: QueueActionResultView[] = []
  for (const identifier of [...new Set(input.ids)]) {
    results.push(await actOnOne(context, input, identifier, options))
  }
  return { results }
}

async function actOnOne(context: ActionContext, input: ActInput, identifier: string, options: ActOptions): Promise<QueueActionResultView> {
  const before = await readStoredPayment(context.store, context.networkId, identifier)
  let result: ActionResult
  try {
    result = before === undefined ? notInLedger() : await run(context, input, before)
  } catch (error) {
    if (isUserFacingError(error)) {
      result = { outcome: 'failed', code: error.code, message: error.message, evidence: null, piRecord: null, check: null }
    } else {
      options.onInternalError?.(`queue:${input.action}`, error)
      result = {
        outcome: 'failed',
        code: 'internal_error',
        message: 'Something went wrong inside Merchant Desk while acting on this payment. Check it in the ledger before trying again.',
        evidence: null,
        piRecord: null,
        check: null
      }
    }
  }

  const { value: after, entry } = await runAudited(context.store, async (tx) => {
    const payments = new PaymentStore(tx, context.networkId)
    const nowMs = context.now().getTime()
    if (result.piRecord !== null) await payments.upsert(result.piRecord, 'keep', nowMs)
    const stored = await readStoredPayment(tx, context.networkId, identifier)
    if (result.check !== null && stored !== undefined && checksOwnTransaction(stored, result)) {
      await payments.recordCheck(identifier, result.check.result, nowMs)
    }
    const after = await readStoredPayment(tx, context.networkId, identifier)
    await context.onPaymentAction?.(tx, { networkId: context.networkId, identifier, action: input.action, outcome: result.outcome, statusBefore: before?.status ?? null, actor: options.actor })
    return {
      value: after,
      audit: {
        actor: options.actor,
        action: `payment.${input.action}`,
        subject: identifier,
        before: { payment: snapshotOf(before) },
        after: {
          payment: snapshotOf(after),
          result: {
            outcome: result.outcome,
            code: result.code,
            message: result.message,
            txid: result.evidence?.txid ?? null,
            evidence: (result.evidence ?? null) as unknown as JsonValue
          }
        }
      }
    }
  })

  return {
    identifier,
    action: input.action,
    outcome: result.outcome,
    code: result.code,
    message: result.message,
    status: after?.status ?? null,
    evidence: result.evidence,
    auditSeq: entry.seq
  }
}

function run(context: ActionContext, input: ActInput, row: QueuePayment): Promise<ActionResult> {
  switch (input.action) {
    case 'approve':
      return approvePayment(context, row)
    case 'complete':
      return completePayment(context, row, input.txid)
    case 'cancel':
      return cancelPayment(context, row)
  }
}

/**
 * A verdict is stored as the payment's chain check only when it is about the payment's own
 * transaction (the one Pi links, or with none linked one found on chain carrying its id) and was
 * judged against what Pi's record still claims. A transaction typed by hand that Pi never linked
 * says nothing about the payment itself.
 */
function checksOwnTransaction(stored: QueuePayment, result: ActionResult): boolean {
  if (result.check === null) return false
  const now = claimOf(stored)
  const judged = result.check.claim
  const sameClaim =
    now.amount === judged.amount &&
    now.fromAddress === judged.fromAddress &&
    now.toAddress === judged.toAddress &&
    now.direction === judged.direction &&
    now.network === judged.network
  if (!sameClaim) return false
  if (stored.txid !== null) return stored.txid === result.check.hash
  return result.evidence?.txidSource !== 'typed'
}

function notInLedger(): ActionResult {
  return {
    outcome: 'refused',
    code: 'not_in_ledger',
    message: 'This payment is not in the ledger for this network. Track its id first (Ledger, Track payment ids), or sync.',
    evidence: null,
    piRecord: null,
    check: null
  }
}
