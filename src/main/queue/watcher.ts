// Notices payments that join the queue while the app is open (a sync found them, a refresh, a
// tracked id) and says so with one `queue:changed` event, which the renderer turns into a desktop
// notification. What was already waiting when the app (or a network) was first looked at is the
// baseline, so opening the app does not announce the whole queue.
import type { MerchantDb } from '../db'
import type { AppEvents } from '../../shared/contract/events'
import type { NetworkId } from '../../shared/network'
import { countQueue } from './queue-store'

// A payment joins the queue only as a new row (a final payment never becomes open again), so the
// baseline is the ledger's highest rowid, not the set of waiting ids: a ledger with 100,000 open
// payments would otherwise load them all at start and again after every sync step.
const NEWEST_ROW_SQL = 'SELECT max(rowid) FROM payments'
const JOINED_SQL = 'SELECT count(*) FROM payments WHERE rowid > ? AND network_id = ? AND pi_final = 0'

export class QueueWatcher {
  private readonly seenUpTo = new Map<NetworkId, bigint>()

  constructor(
    private readonly store: Pick<MerchantDb, 'sqlite'>,
    private readonly networkId: () => NetworkId,
    private readonly announce: (payload: AppEvents['queue:changed']) => void
  ) {
    this.seenUpTo.set(networkId(), this.newestRow())
  }

  /** Counts the payments that joined the queue since the last look; returns (and announces) them. */
  check(): number {
    const networkId = this.networkId()
    const before = this.seenUpTo.get(networkId)
    const newest = this.newestRow()
    this.seenUpTo.set(networkId, newest)
    if (before === undefined) return 0
    const added = Number(this.store.sqlite.prepare<[bigint, string], bigint>(JOINED_SQL).pluck().get(before, networkId) ?? 0n)
    if (added > 0) this.announce({ newItems: added, total: countQueue(this.store.sqlite, networkId) })
    return added
  }

  private newestRow(): bigint {
    return this.store.sqlite.prepare<[], bigint | null>(NEWEST_ROW_SQL).pluck().get() ?? 0n
  }
}
