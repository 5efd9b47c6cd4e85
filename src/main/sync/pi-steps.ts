// Steps 3 and 4: Pi's records. Pi's open app-to-user payments (read every run: a payout may not be
// on chain yet); a re-poll of every payment whose record can still change (never of a final one);
// and one lookup per payment id found on the wallet's history. Each batch of answers is stored in
// one transaction, so a failure or a cancel keeps everything answered before it.
import type { Payment } from '../../shared/payments'
import { isPaymentIdentifier } from '../../shared/payments'
import { sql } from 'kysely'
import { withTransaction, type MerchantDb } from '../db'
import { PaymentStore, type OperationLink, type UpsertOutcome } from '../payments'
import type { NetworkId } from '../../shared/network'
import type { StepOutcome } from './chain-step'
import { aborted, type StoreStepName, type SyncContext } from './context'
import { keyKnowsNoPayments } from './errors'
import type { LookupAnswer } from './pi-lookup'
import { runPool, type Settled } from '../http'

/** Answers fetched together and stored in one transaction. */
export const LOOKUP_BATCH = 500

const INT64_MIN = -(2n ** 63n)

/** The next operations waiting for a lookup, in (created_at, id) order after a keyset position. */
export function unresolvedBatchQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, after: { createdAt: bigint; id: string }, limit: number) {
  return store.db
    .selectFrom('chain_operations as o')
    .innerJoin('chain_transactions as t', (join) => join.onRef('t.network_id', '=', 'o.network_id').onRef('t.hash', '=', 'o.transaction_hash'))
    .select(['o.id', 'o.created_at', 't.memo_type', 't.memo'])
    .where('o.network_id', '=', networkId)
    // A literal, so the planner may use the partial index of unresolved operations.
    .where('o.classification', '=', sql.lit('unresolved'))
    .where((eb) => eb(eb.refTuple('o.created_at', 'o.id'), '>', eb.tuple(after.createdAt, after.id)))
    .orderBy('o.created_at')
    .orderBy('o.id')
    .limit(limit)
}

/** Every non-final payment, longest unpolled first (the partial index of non-final ones). */
export function repollQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId) {
  return store.db
    .selectFrom('payments')
    .select('identifier')
    .where('network_id', '=', networkId)
    .where('pi_final', '=', sql.lit(0n))
    .orderBy('last_polled_at')
    .orderBy('identifier')
}

/** Called with each payment whose chain evidence may have changed (live mode verifies these). */
export type TouchedListener = (identifier: string) => void

export async function storeIncomplete(context: SyncContext, payments: readonly Payment[]): Promise<Set<string>> {
  context.progress('incomplete_payments', 0, payments.length)
  await storeBatch(context, 'incomplete', async (tx) => {
    const outcomes = await new PaymentStore(tx, context.networkId).upsertMany(payments, 'incomplete_server_payments', context.now().getTime())
    payments.forEach((payment, index) => reportStored(context, payment, outcomes[index] as UpsertOutcome))
  }, [])
  context.report.pi.incompleteServerPayments = payments.length
  context.progress('incomplete_payments', payments.length, payments.length)
  return new Set(payments.map((payment) => payment.identifier))
}

/** Every payment of this network that is not final, except those Pi just sent (`fresh`). */
export async function repollPayments(context: SyncContext, fresh: ReadonlySet<string>): Promise<StepOutcome> {
  const identifiers = (await repollQuery(context.store, context.networkId).execute())
    .map((row) => row.identifier)
    .filter((identifier) => !fresh.has(identifier))
  context.progress('repolling', 0, identifiers.length)
  for (let start = 0; start < identifiers.length; start += LOOKUP_BATCH) {
    if (aborted(context)) return 'cancelled'
    const batch = identifiers.slice(start, start + LOOKUP_BATCH)
    const answers = await lookUpAll(context, batch)
    const failure = await storeBatch(context, 'repoll', async (tx) => {
      const found = answers.flatMap((settled) => (settled.status === 'fulfilled' && settled.value.kind === 'found' ? [settled.value.payment] : []))
      const outcomes = await new PaymentStore(tx, context.networkId).upsertMany(found, 'keep', context.now().getTime())
      let next = 0
      answers.forEach((settled, index) => {
        const identifier = batch[index] as string
        if (settled.status !== 'fulfilled') return
        context.report.pi.repolled += 1
        const answer = settled.value
        if (answer.kind === 'found') reportStored(context, answer.payment, outcomes[next++] as UpsertOutcome)
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

/** Operations waiting for their memo to be looked up: link them, or call them direct transfers. */
export async function resolveOperations(context: SyncContext, onTouched?: TouchedListener): Promise<StepOutcome> {
  const { store, networkId } = context
  const counted = await store.db
    .selectFrom('chain_operations')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('network_id', '=', networkId)
    .where('classification', '=', sql.lit('unresolved'))
    .executeTakeFirst()
  const total = Number(counted?.count ?? 0n)
  context.progress('looking_up', 0, total)
  const notFound = new Set<string>()
  // Operations held back until the key is proven (see pi-lookup.ts), by payment id.
  const deferred = new Map<string, string[]>()
  let after = { createdAt: INT64_MIN, id: '' }
  let done = 0
  for (;;) {
    if (aborted(context)) return 'cancelled'
    const rows = await unresolvedBatchQuery(store, networkId, after, LOOKUP_BATCH).execute()
    const last = rows.at(-1)
    if (last === undefined) break
    after = { createdAt: last.created_at, id: last.id }

    const direct: string[] = []
    const byPayment = new Map<string, string[]>()
    for (const row of rows) {
      if (row.memo_type !== 'text' || row.memo === null || !isPaymentIdentifier(row.memo)) direct.push(row.id)
      else byPayment.set(row.memo, [...(byPayment.get(row.memo) ?? []), row.id])
    }
    const known = await context.payments.knownAmong([...byPayment.keys()].filter((id) => !notFound.has(id)))
    const toFetch = [...byPayment.keys()].filter((id) => !notFound.has(id) && !known.has(id))
    const answers = await lookUpAll(context, toFetch)
    const answerOf = new Map<string, Settled<LookupAnswer>>(toFetch.map((id, index) => [id, answers[index] as Settled<LookupAnswer>]))

    const failure = await storeBatch(context, 'lookup', async (tx) => {
      const payments = new PaymentStore(tx, networkId)
      context.report.pi.directTransfers += await payments.markDirectTransfers(direct)
      const answered = (identifier: string): LookupAnswer | null | undefined => {
        const settled = answerOf.get(identifier)
        if (settled === undefined && !notFound.has(identifier)) return undefined // already in the ledger: no request needed
        return settled === undefined ? { kind: 'not_found' } : settled.status === 'fulfilled' ? settled.value : null
      }
      const found = [...byPayment.keys()].flatMap((identifier) => {
        const answer = answered(identifier)
        return answer?.kind === 'found' ? [answer.payment] : []
      })
      const outcomes = await payments.upsertMany(found, 'chain', context.now().getTime())
      let next = 0
      const links: OperationLink[] = []
      const touched: string[] = []
      const link = (identifier: string, operations: readonly string[]): void => {
        for (const operationId of operations) links.push({ operationId, identifier })
        touched.push(identifier)
      }
      for (const [identifier, operations] of byPayment) {
        const answer = answered(identifier)
        if (answer === undefined) link(identifier, operations)
        else if (answer === null) continue // failed or never asked: stays unresolved
        else if (answer.kind === 'found') {
          if (reportStored(context, answer.payment, outcomes[next++] as UpsertOutcome)) link(identifier, operations)
        } else if (answer.kind === 'not_found') {
          notFound.add(identifier)
          deferred.set(identifier, [...(deferred.get(identifier) ?? []), ...operations])
        } else context.report.skip({ kind: 'pi_payment', ref: identifier, problem: answer.problem })
      }
      context.report.pi.operationsLinked += (await payments.linkOperations(links)).length
      if (onTouched !== undefined) for (const identifier of touched) onTouched(identifier)
      if (context.keyProof.proven) {
        context.report.pi.directTransfers += await payments.markDirectTransfers([...deferred.values()].flat())
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
async function storeBatch(
  context: SyncContext,
  step: StoreStepName,
  write: (tx: MerchantDb) => Promise<void>,
  answers: readonly Settled<unknown>[]
): Promise<unknown> {
  await withTransaction(context.store, async (tx) => {
    await write(tx)
    context.hooks.beforeCommit?.(step)
  })
  const rejected = answers.find((answer) => answer.status === 'rejected')
  return rejected?.status === 'rejected' ? rejected.reason : null
}

/** Counts a stored payment; false when it cannot be stored here (a row of another network holds its id). */
function reportStored(context: SyncContext, payment: Payment, outcome: UpsertOutcome): boolean {
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
