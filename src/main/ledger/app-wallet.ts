// The app wallet as this network's ledger shows it: the newest buyer's payment names it as its
// recipient, the newest refund or payout as its sender. Used where the wallet must be known
// without trusting a seed being checked (the secrets' validation, the payout's seed check).
import type { MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import type { PaymentDirection } from '../../shared/payments'

/** The wallet of the newest payment either way, or null when the ledger has none on this network. */
export async function newestLedgerWallet(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<string | null> {
  // Two walks of payments_by_direction, newest first: cheap however big the ledger is.
  const newest = (direction: PaymentDirection) =>
    store.db
      .selectFrom('payments')
      .select([direction === 'user_to_app' ? 'to_address as wallet' : 'from_address as wallet', 'created_at'])
      .where('network_id', '=', networkId)
      .where('direction', '=', direction)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
  const [received, paid] = await Promise.all([newest('user_to_app'), newest('app_to_user')])
  if (received === undefined) return paid?.wallet ?? null
  if (paid === undefined) return received.wallet
  return paid.created_at > received.created_at ? paid.wallet : received.wallet
}
