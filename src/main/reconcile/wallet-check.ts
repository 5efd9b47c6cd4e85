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
import type SqliteDatabase from 'better-sqlite3'
import type { NetworkId } from '../../shared/network'
import { paymentsStream } from '../payments'
import type { Findings } from './findings'
import type { ReconcileHorizon, WalletCheck } from './types'
import { pi, row, signedPi } from './words'

export interface WalletCheckContext {
  readonly sqlite: SqliteDatabase.Database
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly startMs: number
  readonly endMs: number
  readonly horizon: ReconcileHorizon
  readonly findings: Findings
}

const MOVEMENTS_SQL = `SELECT
    coalesce(sum(CASE WHEN to_address = @wallet AND from_address <> @wallet THEN amount_stroops END), 0) AS received,
    coalesce(sum(CASE WHEN from_address = @wallet AND to_address <> @wallet THEN amount_stroops END), 0) AS paid
  FROM chain_operations INDEXED BY chain_operations_by_time
  WHERE network_id = @network AND created_at >= @from AND created_at < @until AND successful = 1
    AND (to_address = @wallet OR from_address = @wallet)`

const FEES_SQL = `SELECT coalesce(sum(fee_charged_stroops), 0) FROM chain_transactions INDEXED BY chain_transactions_by_source
  WHERE network_id = @network AND source_account = @wallet AND created_at >= @from AND created_at < @until`

// The wallet's first movement on the synced history: its creation, when the history is complete.
// Operation ids are decimal int64 text: the shorter one is the smaller (and one ledger close time
// can hold several of them).
const FIRST_SQL = `SELECT type, to_address FROM chain_operations INDEXED BY chain_operations_by_time
  WHERE network_id = ? AND (to_address = ? OR from_address = ?) AND successful = 1
  ORDER BY created_at, length(id), id LIMIT 1`

const EARLIEST = -(2n ** 62n)
const LATEST = 2n ** 62n

interface Movements {
  readonly received: bigint
  readonly paid: bigint
  readonly fees: bigint
}

export async function checkWallet(context: WalletCheckContext): Promise<WalletCheck> {
  const { sqlite, networkId, appWallet } = context
  // The history's sums and its cursor in one synchronous step (a sync storing pages meanwhile
  // cannot slip between them), then the chain: its balance, and whether it went on past that
  // cursor. A payment landing in between shows as "history behind", never as a movement missing.
  const cursor = sqlite
    .prepare<[string, string], string>('SELECT cursor FROM sync_cursors WHERE network_id = ? AND stream = ?')
    .pluck()
    .get(networkId, paymentsStream(appWallet))
  const before = movements(sqlite, networkId, appWallet, EARLIEST, BigInt(context.startMs))
  const during = movements(sqlite, networkId, appWallet, BigInt(context.startMs), BigInt(context.endMs))
  const after = movements(sqlite, networkId, appWallet, BigInt(context.endMs), LATEST)
  const first = sqlite.prepare<[string, string, string], { type: string; to_address: string }>(FIRST_SQL).get(networkId, appWallet, appWallet)
  const fromCreation = first?.type === 'create_account' && first.to_address === appWallet
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

function movements(sqlite: SqliteDatabase.Database, network: NetworkId, wallet: string, from: bigint, until: bigint): Movements {
  const params = { network, wallet, from, until }
  const moved = sqlite.prepare(MOVEMENTS_SQL).get(params) as { received: bigint; paid: bigint }
  const fees = sqlite.prepare(FEES_SQL).pluck().get(params) as bigint
  return { received: moved.received, paid: moved.paid, fees }
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
