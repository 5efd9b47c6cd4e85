// The app wallet as this network's ledger shows it: the newest buyer's payment names it as its
// recipient, the newest refund or payout as its sender. Used where the wallet must be known
// without trusting a seed being checked (the secrets' validation, the payout's seed check).
import type SqliteDatabase from 'better-sqlite3'
import type { NetworkId } from '../../shared/network'

/** The wallet of the newest payment either way, or null when the ledger has none on this network. */
export function newestLedgerWallet(sqlite: SqliteDatabase.Database, networkId: NetworkId): string | null {
  // Two walks of payments_by_direction, newest first: cheap however big the ledger is.
  const wallet = sqlite
    .prepare<[NetworkId, NetworkId], string>(
      `SELECT wallet FROM (
         SELECT * FROM (SELECT to_address AS wallet, created_at FROM payments
                        WHERE network_id = ? AND direction = 'user_to_app' ORDER BY created_at DESC LIMIT 1)
         UNION ALL
         SELECT * FROM (SELECT from_address AS wallet, created_at FROM payments
                        WHERE network_id = ? AND direction = 'app_to_user' ORDER BY created_at DESC LIMIT 1)
       ) ORDER BY created_at DESC LIMIT 1`
    )
    .pluck()
    .get(networkId, networkId)
  return wallet ?? null
}
