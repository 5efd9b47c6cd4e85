// Where the app's wallet is known from, without trusting the seed being checked: Pi's own records
// (from_address of the app's open app-to-user payments) and the payments already in the ledger for
// this network (to_address of a buyer's payment, from_address of a refund).
import type { MerchantDb } from '../db'
import { newestLedgerWallet } from '../ledger'
import type { Payment } from '../../shared/payments'
import type { SecretNetwork } from '../../shared/contract/secrets'

export interface AppWalletEvidence {
  /** The wallet the app pays and is paid with, or null when nothing shows it yet. */
  readonly wallet: string | null
  /** Where it was seen, in the merchant's words ("Pi's open refunds of this app"). */
  readonly source: string | null
}

/** Pi's answer wins: it is what the next refund will be paid from. Then the newest ledger payment. */
export async function appWalletEvidence(
  store: MerchantDb,
  network: SecretNetwork,
  piPayments: readonly Payment[] | null
): Promise<AppWalletEvidence> {
  const fromPi = (piPayments ?? []).find((payment) => payment.direction === 'app_to_user')?.fromAddress
  if (fromPi !== undefined) return { wallet: fromPi, source: "Pi's record of this app's payments" }
  // The ledger folder's query (helper LED moves it to `store`); awaited already for when it is async.
  const fromLedger = await newestLedgerWallet(store, network)
  if (fromLedger !== null) return { wallet: fromLedger, source: "this network's payments in your ledger" }
  return { wallet: null, source: null }
}
