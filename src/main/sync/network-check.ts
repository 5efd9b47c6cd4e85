// Step 1, before anything is written: is this Horizon serving the network the app is set to, and
// is the Pi API key this app's key on that network? Wrong answers stop the run with a clear error
// and an untouched database.
//
// Horizon says its passphrase at `GET /`. Pi has no such call, so the key is judged by the
// payments Pi returns with it: a 401 means a bad key; a payment on the other network, or an open
// app-to-user payment paid from another wallet, means another app's key; and when nothing proves
// the key yet, the first payment ids on the wallet's history are looked up (answers kept for the
// lookup step) and "Pi knows none of them" stops the run before they could be written as direct
// transfers.
import { sql } from 'kysely'
import { isPaymentIdentifier, type Payment } from '../../shared/payments'
import { readPageWithRetry } from './chain-step'
import { aborted, type SyncContext } from './context'
import { keyKnowsNoPayments, keyOfOtherApp } from './errors'
import { runPool } from '../http'
import { onceMoreIfUnreadable } from './unreadable'

export interface NetworkCheckMemo {
  horizonChecked: boolean
}

/** Returns Pi's open app-to-user payments (read every run; the incomplete step stores them). */
export async function checkNetworkAndKey(context: SyncContext, memo: NetworkCheckMemo): Promise<Payment[]> {
  context.progress('checking_network', 0, null)
  if (!memo.horizonChecked) {
    await onceMoreIfUnreadable(() => context.horizon.checkNetwork())
    memo.horizonChecked = true
  }
  const incomplete = await onceMoreIfUnreadable(() => context.pi.incompleteServerPayments())
  for (const payment of incomplete) {
    context.keyProof.observe(payment)
    if (payment.direction === 'app_to_user' && payment.fromAddress !== context.appWallet) throw keyOfOtherApp(payment.identifier)
  }
  if (!context.keyProof.proven) await proveKeyWithLedger(context)
  if (!context.keyProof.proven && !aborted(context)) await proveKeyWithHistory(context)
  context.progress('checking_network', 1, 1)
  return incomplete
}

/** A payment the ledger already holds and must re-poll anyway: its answer is kept for the re-poll. */
async function proveKeyWithLedger(context: SyncContext): Promise<void> {
  const candidate = await context.store.db
    .selectFrom('payments')
    .select('identifier')
    .where('network_id', '=', context.networkId)
    .where('pi_final', '=', sql.lit(0n))
    .orderBy('last_polled_at')
    .orderBy('identifier')
    .limit(1)
    .executeTakeFirst()
  if (candidate === undefined) return
  const answer = await context.lookups.prefetch(candidate.identifier)
  if (answer.kind === 'found') context.keyProof.observe(answer.payment)
  else if (answer.kind === 'not_found') throw keyKnowsNoPayments(1)
}

/** The first unread page of the wallet's history: its payment ids must mostly be known to this key. */
async function proveKeyWithHistory(context: SyncContext): Promise<void> {
  const cursor = await context.chain.cursor(context.stream)
  const page = await readPageWithRetry(context, cursor)
  context.peeked = { cursor, page }
  const memos = new Set<string>()
  for (const entry of page.entries) {
    if (entry.kind !== 'operation' || entry.transaction.memoType !== 'text') continue
    const memo = entry.transaction.memo
    if (memo !== null && isPaymentIdentifier(memo)) memos.add(memo)
  }
  const known = await context.payments.knownAmong(memos)
  const identifiers = new Set([...memos].filter((memo) => !known.has(memo)))
  if (identifiers.size === 0) return
  const settled = await runPool([...identifiers], context.concurrency, (id) => context.lookups.prefetch(id), context.signal)
  let found = 0
  let notFound = 0
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason
    if (outcome.status !== 'fulfilled') continue
    if (outcome.value.kind === 'found') {
      found += 1
      context.keyProof.observe(outcome.value.payment)
    } else if (outcome.value.kind === 'not_found') notFound += 1
  }
  // Payments found but paid to another wallet are the chain check's business, not the key's.
  if (found === 0 && notFound > 0 && !aborted(context)) throw keyKnowsNoPayments(notFound)
}
