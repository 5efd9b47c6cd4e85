// Where the app's wallet is known from, without trusting the seed being checked: Pi's own records
// (from_address of the app's open app-to-user payments) and the payments already in the ledger for
// this network (to_address of a buyer's payment, from_address of a refund).
import type { MerchantDb } from '../db'
import type { Payment } from '../../shared/payments'
import type { SecretNetwork } from '../../shared/contract/secrets'

export interface AppWalletEvidence {
  /** The wallet the app pays and is paid with, or null when nothing shows it yet. */
  readonly wallet: string | null
  /** Where it was seen, in the merchant's words ("Pi's open refunds of this app"). */
  readonly source: string | null
}

/** Pi's answer wins: it is what the next refund will be paid from. Then the newest ledger payment. */
export function appWalletEvidence(
  store: Pick<MerchantDb, 'sqlite'>,
  network: SecretNetwork,
  piPayments: readonly Payment[] | null
): AppWalletEvidence {
  const fromPi = (piPayments ?? []).find((payment) => payment.direction === 'app_to_user')?.fromAddress
  if (fromPi !== undefined) return { wallet: fromPi, source: "Pi's record of this app's payments" }
  const fromLedger = newestLedgerWallet(store, network)
  if (fromLedger !== null) return { wallet: fromLedger, source: "this network's payments in your ledger" }
  return { wallet: null, source: null }
}

function newestLedgerWallet(store: Pick<MerchantDb, 'sqlite'>, network: SecretNetwork): string | null {
  // Two walks of payments_by_direction, newest first: cheap however big the ledger is.
  const wallet = store.sqlite
    .prepare<[string, string], string>(
      `SELECT wallet FROM (
         SELECT * FROM (SELECT to_address AS wallet, created_at FROM payments
                        WHERE network_id = ? AND direction = 'user_to_app' ORDER BY created_at DESC LIMIT 1)
         UNION ALL
         SELECT * FROM (SELECT from_address AS wallet, created_at FROM payments
                        WHERE network_id = ? AND direction = 'app_to_user' ORDER BY created_at DESC LIMIT 1)
       ) ORDER BY created_at DESC LIMIT 1`
    )
    .pluck()
    .get(network, network)
  return wallet ?? null
}
