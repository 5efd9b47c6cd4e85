// Notices payments that join the queue while the app is open (a sync found them, a refresh, a
// tracked id) and says so with one `queue:changed` event, which the renderer turns into a desktop
// notification. What was already waiting when the app (or a network) was first looked at is the
// baseline, so opening the app does not announce the whole queue.
import type { MerchantDb } from '../db'
import type { AppEvents } from '../../shared/contract/events'
import type { NetworkId } from '../../shared/network'
import { queueIdentifiers } from './queue-store'

export class QueueWatcher {
  private readonly seen = new Map<NetworkId, Set<string>>()

  constructor(
    private readonly store: Pick<MerchantDb, 'sqlite'>,
    private readonly networkId: () => NetworkId,
    private readonly announce: (payload: AppEvents['queue:changed']) => void
  ) {
    this.seen.set(networkId(), new Set(queueIdentifiers(store.sqlite, networkId())))
  }

  /** Compares the queue with what was seen before; returns (and announces) how many are new. */
  check(): number {
    const networkId = this.networkId()
    const current = new Set(queueIdentifiers(this.store.sqlite, networkId))
    const before = this.seen.get(networkId)
    this.seen.set(networkId, current)
    if (before === undefined) return 0
    let added = 0
    for (const identifier of current) if (!before.has(identifier)) added += 1
    if (added > 0) this.announce({ newItems: added, total: current.size })
    return added
  }
}
