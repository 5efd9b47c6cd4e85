// A ledger belongs to one app wallet per network. The first time a wallet is given for a network
// (--wallet, the seed's own address, what Settings saved, the sandbox's), the database remembers
// it; every later command on that database uses it, and a different one is refused with both
// addresses: rows of two wallets in one ledger would make every total and reconciliation wrong.
import { z } from 'zod'
import { UserFacingError } from '../../shared/errors'
import { NETWORKS, type NetworkId } from '../../shared/network'
import { ACCOUNT_ADDRESS_PATTERN } from '../../shared/payments'
import { getSetting, putSetting, type MerchantDb } from '../db'
import { syncedAppWallets } from '../payments'

const settingKey = (networkId: NetworkId) => `ledger.appWallet.${networkId}`
const address = z.string().regex(ACCOUNT_ADDRESS_PATTERN)

export interface GivenWallet {
  readonly address: string
  /** Where it came from, in words: "--wallet", "PI_WALLET_SEED", "Settings", "the built-in sandbox". */
  readonly source: string
}

/** The wallet this ledger belongs to on `networkId`, or null before one was ever given. */
export async function ledgerAppWallet(store: MerchantDb, networkId: NetworkId): Promise<string | null> {
  const remembered = await getSetting(store, settingKey(networkId), address.nullable(), null)
  if (remembered !== null) return remembered
  // A ledger synced before wallets were remembered: the one wallet its sync cursors name.
  const synced = await syncedAppWallets(store, networkId)
  return synced.length === 1 ? (synced[0] ?? null) : null
}

/** Remembers `given` on first use; refuses one that differs from the ledger's. Returns the ledger's wallet. */
export async function bindLedgerAppWallet(store: MerchantDb, networkId: NetworkId, given: GivenWallet | null): Promise<string | null> {
  const known = await ledgerAppWallet(store, networkId)
  if (given === null) return known
  if (known !== null && known !== given.address) {
    throw new UserFacingError(
      'app_wallet_mismatch',
      `This ledger belongs to the app wallet ${known} on ${NETWORKS[networkId].label}, but ${given.source} gives ${given.address}. ` +
        'Nothing was changed: use the database of that wallet (--db FILE), or give this ledger its own wallet.'
    )
  }
  if (known === null || (await getSetting(store, settingKey(networkId), address.nullable(), null)) === null) {
    if (!store.readonly) await putSetting(store, settingKey(networkId), given.address)
  }
  return given.address
}
