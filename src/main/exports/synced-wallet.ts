// The app wallet(s) a network's ledger was synced from, as the sync cursors name them. The fees
// export needs the wallet's address; the CLI uses this when --wallet is not given, so it need not
// start a connection (on the sandbox that would begin a new simulated chain) just to learn it.
import type { NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'

const STREAM_PREFIX = 'horizon:payments:'

export async function syncedAppWallets(store: MerchantDb, networkId: NetworkId): Promise<string[]> {
  const cursors = await store.db
    .selectFrom('sync_cursors')
    .select('stream')
    .where('network_id', '=', networkId)
    .where('stream', 'like', `${STREAM_PREFIX}%`)
    .orderBy('stream')
    .execute()
  return cursors.map(({ stream }) => stream.slice(STREAM_PREFIX.length))
}
