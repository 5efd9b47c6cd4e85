// The refund cap counts only what the ledger links to the sale. A catch-up sync that could not
// read Pi's record of a payment the app wallet sent still "succeeds" (the look-up is skipped and
// tried again next run), but that payment may be a refund of this very sale made from another
// ledger, desk or the shop's backend: until Pi's record is read, the cap cannot be trusted.
import { sql } from 'kysely'
import type { MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import type { SkippedItem, SyncReport } from '../sync'

/** Skips that may hide a refund: a Pi answer that could not be read, a chain record that could not be read. */
const HIDING_KINDS: ReadonlySet<SkippedItem['kind']> = new Set(['pi_payment', 'chain_record'])

/**
 * Refuses (nothing is written or sent) when the catch-up left something unread that could be a
 * refund: a skip in its report, or a successful payment from the app wallet whose Pi record is
 * still unknown (left by this run or an earlier one).
 */
export async function checkRefundHistoryRead(
  store: Pick<MerchantDb, 'db'>,
  networkId: NetworkId,
  appWallet: string,
  report: SyncReport | null
): Promise<void> {
  const hiding = report === null ? [] : report.skipped.filter((item) => HIDING_KINDS.has(item.kind))
  const unresolved = await countUnresolvedOutgoing(store, networkId, appWallet)
  const cancelled = report !== null && report.outcome !== 'completed'
  if (hiding.length === 0 && unresolved === 0 && !cancelled) return
  const what: string[] = []
  if (unresolved > 0) what.push(`Pi's record of ${unresolved} payment${unresolved === 1 ? '' : 's'} the app wallet sent`)
  const piUnread = hiding.filter((item) => item.kind === 'pi_payment').map((item) => item.ref ?? 'a payment')
  if (piUnread.length > 0) what.push(`Pi's answer about ${piUnread.slice(0, 3).join(', ')}${piUnread.length > 3 ? ' and others' : ''}`)
  if (hiding.some((item) => item.kind === 'chain_record')) what.push("a record of the app wallet's history on the chain")
  if (cancelled) what.push('the rest of the wallet history (the check was stopped)')
  throw new UserFacingError(
    'refund_history_unreadable',
    `Merchant Desk could not read ${what.join(', and ')}, which could be a refund of this sale made elsewhere, so it cannot tell how much is left to refund. ` +
      'Try again in a few minutes; if it keeps happening, run a sync and look at what it skipped. Nothing was paid.'
  )
}

/** Successful payments from the app wallet whose Pi record is still unknown (literals: the partial index of unresolved ones). */
async function countUnresolvedOutgoing(store: Pick<MerchantDb, 'db'>, networkId: NetworkId, appWallet: string): Promise<number> {
  const row = await store.db
    .selectFrom('chain_operations')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('network_id', '=', networkId)
    .where('from_address', '=', appWallet)
    .where('successful', '=', sql.lit(1n))
    .where('classification', '=', sql.lit('unresolved' as const))
    .executeTakeFirst()
  return Number(row?.count ?? 0n)
}
