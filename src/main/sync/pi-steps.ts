// Steps 3 and 4: Pi's records. Pi's open app-to-user payments (read every run: a payout may not be
// on chain yet); a re-poll of every payment whose record can still change (never of a final one);
// and one lookup per payment id found on the wallet's history. Each batch of answers is stored in
// one transaction, so a failure or a cancel keeps everything answered before it.
import type { Payment } from '../../shared/payments'
import { isPaymentIdentifier } from '../../shared/payments'
import type { PaymentSource } from '../db'
import type { StepOutcome } from './chain-step'
import { aborted, type StoreStepName, type SyncContext } from './context'
import { keyKnowsNoPayments } from './errors'
import type { LookupAnswer } from './pi-lookup'
import { runPool, type Settled } from '../http'

/** Answers fetched together and stored in one transaction. */
export const LOOKUP_BATCH = 500

const INT64_MIN = -(2n ** 63n)

/** The next operations waiting for a lookup, in (created_at, id) order after a keyset position. */
export const UNRESOLVED_BATCH_SQL = `SELECT o.id, o.created_at, t.memo_type, t.memo
  FROM chain_operations o
  JOIN chain_transactions t ON t.network_id = o.network_id AND t.hash = o.transaction_hash
  WHERE o.network_id = ? AND o.classification = 'unresolved' AND (o.created_at, o.id) > (?, ?)
  ORDER BY o.created_at, o.id LIMIT ?`

export const REPOLL_SQL =
  'SELECT identifier FROM payments WHERE network_id = ? AND pi_final = 0 ORDER BY last_polled_at, identifier'

/** Called with each payment whose chain evidence may have changed (live mode verifies these). */
export type TouchedListener = (identifier: string) => void

export function storeIncomplete(context: SyncContext, payments: readonly Payment[]): Set<string> {
  context.progress('incomplete_payments', 0, payments.length)
  const write = context.sqlite.transaction(() => {
    for (const payment of payments) storePayment(context, payment, 'incomplete_server_payments')
    context.hooks.beforeCommit?.('incomplete')
  })
  write.immediate()
  context.report.pi.incompleteServerPayments = payments.length
  context.progress('incomplete_payments', payments.length, payments.length)
  return new Set(payments.map((payment) => payment.identifier))
}

/** Every payment of this network that is not final, except those Pi just sent (`fresh`). */
export async function repollPayments(context: SyncContext, fresh: ReadonlySet<string>): Promise<StepOutcome> {
  const identifiers = context.sqlite
    .prepare<[string], string>(REPOLL_SQL)
    .pluck()
    .all(context.networkId)
    .filter((identifier) => !fresh.has(identifier))
  context.progress('repolling', 0, identifiers.length)
  for (let start = 0; start < identifiers.length; start += LOOKUP_BATCH) {
    if (aborted(context)) return 'cancelled'
    const batch = identifiers.slice(start, start + LOOKUP_BATCH)
    const answers = await lookUpAll(context, batch)
    const failure = storeBatch(context, 'repoll', () => {
      answers.forEach((settled, index) => {
        const identifier = batch[index] as string
        if (settled.status !== 'fulfilled') return
        context.report.pi.repolled += 1
        const answer = settled.value
        if (answer.kind === 'found') storePayment(context, answer.payment, 'keep')
        else if (answer.kind === 'not_found') {
          context.report.skip({ kind: 'pi_payment', ref: identifier, problem: 'Pi no longer knows this payment; the ledger keeps its last record.' })
        } else context.report.skip({ kind: 'pi_payment', ref: identifier, problem: answer.problem })
      })
    }, answers)
    context.progress('repolling', Math.min(start + LOOKUP_BATCH, identifiers.length), identifiers.length)
    if (failure !== null) throw failure
  }
  return 'completed'
}

interface UnresolvedOperation {
  readonly id: string
  readonly created_at: bigint
  readonly memo_type: string
  readonly memo: string | null
}

/** Operations waiting for their memo to be looked up: link them, or call them direct transfers. */
export async function resolveOperations(context: SyncContext, onTouched?: TouchedListener): Promise<StepOutcome> {
  const { sqlite, networkId } = context
  const total = Number(
    sqlite
      .prepare<[string], bigint>("SELECT count(*) FROM chain_operations WHERE network_id = ? AND classification = 'unresolved'")
      .pluck()
      .get(networkId) ?? 0n
  )
  const nextBatch = sqlite.prepare<[string, bigint, string, number], UnresolvedOperation>(UNRESOLVED_BATCH_SQL)
  context.progress('looking_up', 0, total)
  const notFound = new Set<string>()
  // Operations held back until the key is proven (see pi-lookup.ts), by payment id.
  const deferred = new Map<string, string[]>()
  let after = { createdAt: INT64_MIN, id: '' }
  let done = 0
  for (;;) {
    if (aborted(context)) return 'cancelled'
    const rows = nextBatch.all(networkId, after.createdAt, after.id, LOOKUP_BATCH)
    const last = rows.at(-1)
    if (last === undefined) break
    after = { createdAt: last.created_at, id: last.id }

    const direct: string[] = []
    const byPayment = new Map<string, string[]>()
    for (const row of rows) {
      if (row.memo_type !== 'text' || row.memo === null || !isPaymentIdentifier(row.memo)) direct.push(row.id)
      else byPayment.set(row.memo, [...(byPayment.get(row.memo) ?? []), row.id])
    }
    const toFetch = [...byPayment.keys()].filter((id) => !notFound.has(id) && context.payments.known(id) === null)
    const answers = await lookUpAll(context, toFetch)
    const answerOf = new Map<string, Settled<LookupAnswer>>(toFetch.map((id, index) => [id, answers[index] as Settled<LookupAnswer>]))

    const failure = storeBatch(context, 'lookup', () => {
      for (const id of direct) if (context.payments.markDirectTransfer(id)) context.report.pi.directTransfers += 1
      for (const [identifier, operations] of byPayment) {
        const settled = answerOf.get(identifier)
        if (settled === undefined && !notFound.has(identifier)) {
          link(context, identifier, operations, onTouched) // already in the ledger: no request needed
          continue
        }
        const answer = settled === undefined ? ({ kind: 'not_found' } as const) : settled.status === 'fulfilled' ? settled.value : null
        if (answer === null) continue // failed or never asked: stays unresolved
        if (answer.kind === 'found') {
          if (storePayment(context, answer.payment, 'chain')) link(context, identifier, operations, onTouched)
        } else if (answer.kind === 'not_found') {
          notFound.add(identifier)
          deferred.set(identifier, [...(deferred.get(identifier) ?? []), ...operations])
        } else context.report.skip({ kind: 'pi_payment', ref: identifier, problem: answer.problem })
      }
      if (context.keyProof.proven) {
        for (const operations of deferred.values()) {
          for (const id of operations) if (context.payments.markDirectTransfer(id)) context.report.pi.directTransfers += 1
        }
        deferred.clear()
      }
    }, answers)
    done += rows.length
    context.progress('looking_up', Math.min(done, total), total)
    if (failure !== null) throw failure
  }
  if (deferred.size > 0) throw keyKnowsNoPayments(deferred.size)
  return 'completed'
}

/** Looks up each id with the pool; found payments are judged for the key proof before anything is stored. */
async function lookUpAll(context: SyncContext, identifiers: readonly string[]): Promise<Settled<LookupAnswer>[]> {
  const answers = await runPool(identifiers, context.concurrency, (id) => context.lookups.get(id), context.signal)
  context.report.pi.lookedUp += answers.filter((answer) => answer.status !== 'skipped').length
  for (const answer of answers) {
    // Throws (before any write) when Pi answers with a payment of the other network.
    if (answer.status === 'fulfilled' && answer.value.kind === 'found') context.keyProof.observe(answer.value.payment)
  }
  return answers
}

/**
 * Runs `write` in one transaction and returns the first request failure of the batch, to throw
 * once what did succeed is stored.
 */
function storeBatch(context: SyncContext, step: StoreStepName, write: () => void, answers: readonly Settled<unknown>[]): unknown {
  context.sqlite
    .transaction(() => {
      write()
      context.hooks.beforeCommit?.(step)
    })
    .immediate()
  const rejected = answers.find((answer) => answer.status === 'rejected')
  return rejected?.status === 'rejected' ? rejected.reason : null
}

/** False when the payment cannot be stored here (a row of another network holds its id). */
function storePayment(context: SyncContext, payment: Payment, source: PaymentSource | 'keep'): boolean {
  const outcome = context.payments.upsert(payment, source, context.now().getTime())
  if (outcome === 'other_network') {
    context.report.skip({
      kind: 'pi_payment',
      ref: payment.identifier,
      problem: 'This payment id is already in the ledger of another network; it was left there.'
    })
    return false
  }
  if (outcome === 'inserted') context.report.pi.paymentsAdded += 1
  else context.report.pi.paymentsUpdated += 1
  return true
}

function link(context: SyncContext, identifier: string, operations: readonly string[], onTouched?: TouchedListener): void {
  for (const id of operations) if (context.payments.linkOperation(id, identifier)) context.report.pi.operationsLinked += 1
  onTouched?.(identifier)
}
