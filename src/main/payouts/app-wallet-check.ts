// "A wrong seed creates nothing at Pi" (issue #12, item 7). The wallet a payout is paid from must
// be the app's wallet as the ledger knows it from Pi's own records, not as derived from the seed
// being checked: a refund's sale names it (the wallet the buyer paid), and otherwise the newest
// payment of this network in the ledger does. Checked before the intent is recorded and before
// any call to Pi, so a mistyped PI_WALLET_SEED leaves no journal row and no Pi payment behind.
// A ledger that shows no app wallet yet cannot tell a wrong seed from the right one, so it pays
// nothing until a sync has brought the app's payments in (review of #12, item 8).
import { sql } from 'kysely'
import type { MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import { newestLedgerWallet } from '../ledger'

/** The app wallet as the ledger's payments show it, or null when the ledger shows none yet. */
export async function ledgerAppWallet(store: MerchantDb, networkId: NetworkId, saleId: string | null): Promise<string | null> {
  if (saleId !== null) {
    const paidTo = await store.db
      .selectFrom('payments')
      .select('to_address')
      .where('identifier', '=', saleId)
      .where('network_id', '=', networkId)
      .where('direction', '=', sql.lit('user_to_app' as const))
      .executeTakeFirst()
    if (paidTo !== undefined) return paidTo.to_address
  }
  // The ledger folder's reader (sync until that folder moves to kysely; awaiting it is harmless).
  return await newestLedgerWallet(store, networkId)
}

/** Refuses a seed (and wallet) other than the app wallet the ledger shows, and any while it shows none. */
export async function checkSeedIsAppWallet(
  store: MerchantDb,
  networkId: NetworkId,
  seedWallet: string,
  appWallet: string,
  saleId: string | null
): Promise<void> {
  const known = await ledgerAppWallet(store, networkId, saleId)
  if (known === null) {
    throw new UserFacingError(
      'app_wallet_unknown',
      `Merchant Desk does not know your app's wallet on this network yet: no payment of the app is in the ledger, so it cannot check that the wallet seed is the app's. Sync first (merchant-desk sync, or Sync now in the app) so Merchant Desk learns the app's wallet from its payments, then try again. Nothing was paid and nothing was sent to Pi.`
    )
  }
  if (known === seedWallet && known === appWallet) return
  const given = known !== seedWallet ? `The wallet seed is for ${seedWallet}` : `The wallet set for payouts is ${appWallet}`
  throw new UserFacingError(
    'wrong_app_wallet',
    `${given}, but your app's payments show its wallet is ${known}. Use the seed of ${known} (PI_WALLET_SEED, or Settings), then try again. Nothing was paid and nothing was sent to Pi.`
  )
}
