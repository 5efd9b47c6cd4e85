// Step 5: our own check of each payment's transaction (invariant 3, see verify-on-chain.ts),
// stored as chain_check with its reasons. The transaction is the txid Pi linked or, when Pi
// linked none, the transactions on the wallet's history whose memo is the payment's id. Facts
// come from the stored history when the transaction is there, else from Horizon. A payment is
// checked again only when what the check compared changes (payment-store.ts resets it).
import type { ChainCheck, PaymentDirection } from '../../shared/payments'
import type { StepOutcome } from './chain-step'
import { aborted, type SyncContext } from './context'
import { runPool } from '../http'
import { isUnreadableAnswer, onceMoreIfUnreadable } from './unreadable'
import { bestCheck, verifyPaymentOnChain, type PaymentClaim, type TransactionFacts } from '../payments'

const VERIFY_BATCH = 500

// `+network_id` keeps the planner on the primary key: each batch resumes the range scan where the
// last one stopped, so a sweep reads every payment once instead of once per batch.
export const UNCHECKED_BATCH_SQL = `SELECT identifier FROM payments p
  WHERE +p.network_id = ? AND p.chain_check = 'unchecked' AND p.identifier > ?
    AND (p.txid IS NOT NULL OR EXISTS (SELECT 1 FROM chain_operations o WHERE o.payment_identifier = p.identifier))
  ORDER BY p.identifier LIMIT ?`

// `+network_id`: the payment's own index, not a walk over the network's operations.
export const LINKED_TRANSACTIONS_SQL =
  'SELECT DISTINCT transaction_hash FROM chain_operations WHERE +network_id = ? AND payment_identifier = ?'

interface ClaimRow {
  readonly identifier: string
  readonly amount_stroops: bigint
  readonly from_address: string
  readonly to_address: string
  readonly direction: PaymentDirection
  readonly network: string
  readonly txid: string | null
}

type VerifyContext = Pick<
  SyncContext,
  'sqlite' | 'networkId' | 'passphrase' | 'appWallet' | 'facts' | 'payments' | 'concurrency' | 'signal' | 'now' | 'report' | 'hooks'
>

/** Every payment still unchecked that has a transaction to check, in batches. */
export async function sweepUnchecked(context: SyncContext): Promise<StepOutcome> {
  const nextBatch = context.sqlite.prepare<[string, string, number], string>(UNCHECKED_BATCH_SQL)
  context.progress('verifying', 0, null)
  let after = ''
  for (;;) {
    if (aborted(context)) return 'cancelled'
    const batch = nextBatch.pluck().all(context.networkId, after, VERIFY_BATCH)
    const last = batch.at(-1)
    if (last === undefined) return 'completed'
    after = last
    await verifyPayments(context, batch)
    context.progress('verifying', context.report.verification.checked, null)
  }
}

/** Checks these payments (of this network) and stores the verdicts in one transaction. */
export async function verifyPayments(context: VerifyContext, identifiers: readonly string[]): Promise<void> {
  const selectClaim = context.sqlite.prepare<[string, string], ClaimRow>(
    `SELECT identifier, amount_stroops, from_address, to_address, direction, network, txid
     FROM payments WHERE identifier = ? AND network_id = ?`
  )
  const selectLinked = context.sqlite.prepare<[string, string], string>(LINKED_TRANSACTIONS_SQL)
  const claims: { claim: PaymentClaim; hashes: string[] }[] = []
  for (const identifier of identifiers) {
    const row = selectClaim.get(identifier, context.networkId)
    if (row === undefined) continue
    const hashes = row.txid !== null ? [row.txid] : selectLinked.pluck().all(context.networkId, identifier)
    if (hashes.length > 0) claims.push({ claim: claimOf(row), hashes })
  }

  const facts = new Map<string, TransactionFacts | null>()
  const toFetch = new Set<string>()
  for (const { hashes } of claims) {
    for (const hash of hashes) {
      if (facts.has(hash) || toFetch.has(hash)) continue
      const held = context.facts.held(hash)
      if (held === undefined) toFetch.add(hash)
      else facts.set(hash, held)
    }
  }
  const fetchList = [...toFetch]
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
  context.sqlite
    .transaction(() => {
      for (const { identifier, check } of verdicts) context.payments.recordCheck(identifier, check, nowMs)
      context.hooks.beforeCommit?.('verify')
    })
    .immediate()
  const tally = context.report.verification
  for (const { check } of verdicts) {
    tally.checked += 1
    if (check.outcome === 'verified') tally.verified += 1
    else if (check.outcome === 'failed') tally.failed += 1
  }
  if (failure !== null) throw failure
}

function claimOf(row: ClaimRow): PaymentClaim {
  return {
    identifier: row.identifier,
    amount: row.amount_stroops,
    fromAddress: row.from_address,
    toAddress: row.to_address,
    direction: row.direction,
    network: row.network
  }
}
