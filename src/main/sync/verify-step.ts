// Step 5: our own check of each payment's transaction (invariant 3, see verify-on-chain.ts),
// stored as chain_check with its reasons. The transaction is the txid Pi linked or, when Pi
// linked none, the transactions on the wallet's history whose memo is the payment's id. Facts
// come from the stored history when the transaction is there, else from Horizon. A payment is
// checked again only when what the check compared changes (payment-store.ts resets it).
import { sql } from 'kysely'
import { notIndexed, withTransaction, type MerchantDb } from '../db'
import { runPool } from '../http'
import {
  bestCheck,
  claimFromRow,
  CLAIM_COLUMNS,
  PaymentStore,
  verifyPaymentOnChain,
  type PaymentClaim,
  type PaymentClaimRow,
  type TransactionFacts
} from '../payments'
import type { NetworkId } from '../../shared/network'
import type { ChainCheck } from '../../shared/payments'
import type { StepOutcome } from './chain-step'
import { aborted, type SyncContext } from './context'
import { isUnreadableAnswer, onceMoreIfUnreadable } from './unreadable'

const VERIFY_BATCH = 500

/**
 * The next payments still unchecked that have a transaction to check. `+network_id` keeps the
 * planner on the primary key: each batch resumes the range scan where the last one stopped, so a
 * sweep reads every payment once instead of once per batch.
 */
export function uncheckedBatchQuery(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, after: string, limit: number) {
  return store.db
    .selectFrom('payments as p')
    .select('p.identifier')
    .where(notIndexed<string>(store.db, 'p.network_id'), '=', networkId)
    .where('p.chain_check', '=', sql.lit('unchecked'))
    .where('p.identifier', '>', after)
    .where((eb) =>
      eb.or([
        eb('p.txid', 'is not', null),
        eb.exists(eb.selectFrom('chain_operations as o').select(sql.lit(1).as('one')).whereRef('o.payment_identifier', '=', 'p.identifier'))
      ])
    )
    .orderBy('p.identifier')
    .limit(limit)
}

type VerifyContext = Pick<
  SyncContext,
  'store' | 'networkId' | 'passphrase' | 'appWallet' | 'facts' | 'concurrency' | 'signal' | 'now' | 'report' | 'hooks'
>

/** Every payment still unchecked that has a transaction to check, in batches. */
export async function sweepUnchecked(context: SyncContext): Promise<StepOutcome> {
  context.progress('verifying', 0, null)
  let after = ''
  for (;;) {
    if (aborted(context)) return 'cancelled'
    const batch = (await uncheckedBatchQuery(context.store, context.networkId, after, VERIFY_BATCH).execute()).map((row) => row.identifier)
    const last = batch.at(-1)
    if (last === undefined) return 'completed'
    after = last
    await verifyPayments(context, batch)
    context.progress('verifying', context.report.verification.checked, null)
  }
}

/** Checks these payments (of this network) and stores the verdicts in one transaction. */
export async function verifyPayments(context: VerifyContext, identifiers: readonly string[]): Promise<void> {
  const { store, networkId } = context
  const rows = new Map<string, PaymentClaimRow & { readonly txid: string | null }>()
  for (let start = 0; start < identifiers.length; start += VERIFY_BATCH) {
    const chunk = identifiers.slice(start, start + VERIFY_BATCH)
    const found = await store.db
      .selectFrom('payments')
      .select([...CLAIM_COLUMNS, 'txid'])
      .where('identifier', 'in', chunk)
      .where('network_id', '=', networkId)
      .execute()
    for (const row of found) rows.set(row.identifier, row)
  }
  const claims: { claim: PaymentClaim; hashes: string[] }[] = []
  for (const identifier of identifiers) {
    const row = rows.get(identifier)
    if (row === undefined) continue
    const hashes = row.txid !== null ? [row.txid] : await context.facts.linkedTransactions(identifier)
    if (hashes.length > 0) claims.push({ claim: claimFromRow(row), hashes })
  }

  const facts = new Map<string, TransactionFacts | null>(await context.facts.heldAmong(claims.flatMap(({ hashes }) => hashes)))
  const fetchList = [...new Set(claims.flatMap(({ hashes }) => hashes).filter((hash) => !facts.has(hash)))]
  const fetched = await runPool(fetchList, context.concurrency, (hash) => onceMoreIfUnreadable(() => context.facts.fetch(hash)), context.signal)
  let failure: unknown = null
  fetched.forEach((outcome, index) => {
    const hash = fetchList[index] as string
    if (outcome.status === 'fulfilled') facts.set(hash, outcome.value)
    else if (outcome.status === 'rejected') {
      if (isUnreadableAnswer(outcome.reason)) {
        context.report.skip({ kind: 'transaction', ref: hash, problem: (outcome.reason as Error).message })
      } else failure ??= outcome.reason
    }
  })

  const expected = { appWallet: context.appWallet, passphrase: context.passphrase }
  const verdicts: { identifier: string; check: ChainCheck }[] = []
  for (const { claim, hashes } of claims) {
    // Every transaction must be known before judging: a missing one could be the one that verifies.
    if (!hashes.every((hash) => facts.has(hash))) continue
    const check = bestCheck(hashes.map((hash) => verifyPaymentOnChain(claim, facts.get(hash) ?? null, expected)))
    verdicts.push({ identifier: claim.identifier, check })
  }
  const nowMs = context.now().getTime()
  await withTransaction(store, async (tx) => {
    await new PaymentStore(tx, networkId).recordChecks(verdicts, nowMs)
    context.hooks.beforeCommit?.('verify')
  })
  const tally = context.report.verification
  for (const { check } of verdicts) {
    tally.checked += 1
    if (check.outcome === 'verified') tally.verified += 1
    else if (check.outcome === 'failed') tally.failed += 1
  }
  if (failure !== null) throw failure
}
