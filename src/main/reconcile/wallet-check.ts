// The wallet check: opening balance + received - paid - fees = closing balance, for the app wallet
// over the period, against the chain.
//
// Where each figure comes from, so that the check can fail:
// - received, paid and fees: the synced history (chain_operations and chain_transactions), by the
//   ledger close time of each transaction: successful payments into the wallet from another
//   account (its creation included), successful payments out of it, and the fee of every
//   transaction it sent, failed ones included (a failed transaction is charged too);
// - the opening balance: everything the synced history moved before the period, from the
//   wallet's creation on. This never reads Horizon's balance, so a movement missing from the
//   history (before, in or after the period) shows as a difference;
// - the closing balance on chain: Horizon's balance now, minus what the synced history moved
//   after the period.
// When the history does not begin with the wallet's creation (older history Horizon no longer
// serves), the opening balance is worked back from Horizon's balance instead and the check cannot
// fail: it says so (balanced: null) rather than pass.
import { indexedBy, withTransaction, type MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import { syncedCursor } from '../payments'
import type { Findings } from './findings'
import type { ReconcileHorizon, WalletCheck } from './types'
import { pi, row, signedPi } from './words'

export interface WalletCheckContext {
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly startMs: number
  readonly endMs: number
  readonly horizon: ReconcileHorizon
  readonly findings: Findings
}

const EARLIEST = -(2n ** 62n)
const LATEST = 2n ** 62n

interface Movements {
  readonly received: bigint
  readonly paid: bigint
  readonly fees: bigint
}

export async function checkWallet(context: WalletCheckContext): Promise<WalletCheck> {
  const { networkId, appWallet } = context
  // The history's sums and its cursor in one transaction (a sync storing pages meanwhile cannot
  // slip between them), then the chain: its balance, and whether it went on past that cursor. A
  // payment landing in between shows as "history behind", never as a movement missing.
  const { cursor, before, during, after, fromCreation } = await withTransaction(context.store, async (tx) => {
    const stored = await syncedCursor(tx, networkId, appWallet)
    const first = await firstMovement(tx, networkId, appWallet)
    return {
      cursor: stored,
      before: await movements(tx, networkId, appWallet, EARLIEST, BigInt(context.startMs)),
      during: await movements(tx, networkId, appWallet, BigInt(context.startMs), BigInt(context.endMs)),
      after: await movements(tx, networkId, appWallet, BigInt(context.endMs), LATEST),
      fromCreation: first?.type === 'create_account' && first.to_address === appWallet
    }
  })
  const account = await context.horizon.account(appWallet)
  const horizonBalance = account?.balance ?? 0n
  const next = await context.horizon.paymentsPage({ account: appWallet, cursor: cursor ?? null, limit: 1 })
  const historyBehind = next.records.length > 0

  const afterPeriod = net(after)
  const closingOnChain = horizonBalance - afterPeriod
  const opening = fromCreation ? net(before) : closingOnChain - net(during)
  const expectedClosing = opening + net(during)
  const difference = closingOnChain - expectedClosing
  const check: WalletCheck = {
    wallet: appWallet,
    opening,
    openingSource: fromCreation ? 'history' : 'balance',
    received: during.received,
    paid: during.paid,
    fees: during.fees,
    expectedClosing,
    afterPeriod,
    horizonBalance,
    closingOnChain,
    difference,
    balanced: fromCreation ? difference === 0n : null,
    historyBehind
  }
  if (check.balanced === false) {
    context.findings.add({
      type: 'wallet_balance_mismatch',
      subjectKind: 'wallet',
      subject: appWallet,
      paymentId: null,
      txid: null,
      amount: difference < 0n ? -difference : difference,
      evidence: [
        row('Closing balance', `${pi(expectedClosing)} (opening + received - paid - fees, from the synced history)`, `${pi(closingOnChain)} on the chain`),
        row('Difference', pi(0n), signedPi(difference)),
        row('Synced history', 'up to date with the chain', historyBehind ? 'behind the chain' : 'up to date with the chain')
      ],
      sentence: mismatchSentence(difference, historyBehind)
    })
  }
  return check
}

async function movements(store: Pick<MerchantDb, 'db'>, network: NetworkId, wallet: string, from: bigint, until: bigint): Promise<Movements> {
  const moved = await store.db
    .selectFrom(indexedBy(store.db, 'chain_operations', 'o', 'chain_operations_by_time'))
    .select((eb) => {
      const sumWhen = (condition: ReturnType<typeof eb.and>) =>
        eb.fn.coalesce(eb.fn.sum<bigint>(eb.case().when(condition).then(eb.ref('o.amount_stroops')).end()), eb.val(0n))
      return [
        sumWhen(eb.and([eb('o.to_address', '=', wallet), eb('o.from_address', '<>', wallet)])).as('received'),
        sumWhen(eb.and([eb('o.from_address', '=', wallet), eb('o.to_address', '<>', wallet)])).as('paid')
      ]
    })
    .where('o.network_id', '=', network)
    .where('o.created_at', '>=', from)
    .where('o.created_at', '<', until)
    .where('o.successful', '=', 1n)
    .where((eb) => eb.or([eb('o.to_address', '=', wallet), eb('o.from_address', '=', wallet)]))
    .executeTakeFirstOrThrow()
  const fees = await store.db
    .selectFrom(indexedBy(store.db, 'chain_transactions', 't', 'chain_transactions_by_source'))
    .select((eb) => eb.fn.coalesce(eb.fn.sum<bigint>('t.fee_charged_stroops'), eb.val(0n)).as('fees'))
    .where('t.network_id', '=', network)
    .where('t.source_account', '=', wallet)
    .where('t.created_at', '>=', from)
    .where('t.created_at', '<', until)
    .executeTakeFirstOrThrow()
  return { received: moved.received, paid: moved.paid, fees: fees.fees }
}

/**
 * The wallet's first movement on the synced history: its creation, when the history is complete.
 * Operation ids are decimal int64 text: the shorter one is the smaller (and one ledger close time
 * can hold several of them).
 */
function firstMovement(store: Pick<MerchantDb, 'db'>, network: NetworkId, wallet: string) {
  return store.db
    .selectFrom(indexedBy(store.db, 'chain_operations', 'o', 'chain_operations_by_time'))
    .select(['o.type', 'o.to_address'])
    .where('o.network_id', '=', network)
    .where((eb) => eb.or([eb('o.to_address', '=', wallet), eb('o.from_address', '=', wallet)]))
    .where('o.successful', '=', 1n)
    .orderBy('o.created_at')
    .orderBy((eb) => eb.fn('length', ['o.id']))
    .orderBy('o.id')
    .limit(1)
    .executeTakeFirst()
}

function net(moved: Movements): bigint {
  return moved.received - moved.paid - moved.fees
}

function mismatchSentence(difference: bigint, historyBehind: boolean): string {
  if (historyBehind) {
    return 'The chain shows movements of the app wallet that the ledger has not synced yet, so its history cannot explain the balance. Sync, then reconcile again.'
  }
  const size = pi(difference < 0n ? -difference : difference)
  return difference > 0n
    ? `The app wallet holds ${size} more than its synced history explains: a payment into it is missing from the ledger's history. ` +
        "Sync again; if the difference stays, compare the wallet's history in the block explorer with the ledger."
    : `The app wallet holds ${size} less than its synced history explains: a payment out of it, or a fee, is missing from the ledger's history. ` +
        "Sync again; if the difference stays, compare the wallet's history in the block explorer with the ledger."
}
