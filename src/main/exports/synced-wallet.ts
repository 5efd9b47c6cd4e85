// The app wallet(s) a network's ledger was synced from, as the sync cursors name them. The fees
// export needs the wallet's address; the CLI uses this when --wallet is not given, so it need not
// start a connection (on the sandbox that would begin a new simulated chain) just to learn it.
import type SqliteDatabase from 'better-sqlite3'
import type { NetworkId } from '../../shared/network'

const STREAM_PREFIX = 'horizon:payments:'

export function syncedAppWallets(sqlite: SqliteDatabase.Database, networkId: NetworkId): string[] {
  const streams = sqlite
    .prepare('SELECT stream FROM sync_cursors WHERE network_id = ? AND stream LIKE ? ORDER BY stream')
    .pluck()
    .all(networkId, `${STREAM_PREFIX}%`) as string[]
  return streams.map((stream) => stream.slice(STREAM_PREFIX.length))
}
