// Notices payments that join the queue while the app is open (a sync found them, a refresh, a
// tracked id) and says so with one `queue:changed` event, which the renderer turns into a desktop
// notification. What was already waiting when the app (or a network) was first looked at is the
// baseline, so opening the app does not announce the whole queue.
import { sql } from 'kysely'
import { insertionNumber, type MerchantDb } from '../db'
import type { AppEvents } from '../../shared/contract/events'
import type { NetworkId } from '../../shared/network'
import { countQueue } from './queue-store'

// A payment joins the queue only as a new row (a final payment never becomes open again), so the
// baseline is the ledger's newest row, not the set of waiting ids: a ledger with 100,000 open
// payments would otherwise load them all at start and again after every sync step.
export class QueueWatcher {
  private readonly seenUpTo = new Map<NetworkId, bigint>()
  /**
   * The check under way (the baseline first): checks run one after another, since two at once
   * would both count the same new payments.
   */
  private running: Promise<unknown>

  constructor(
    private readonly store: Pick<MerchantDb, 'db'>,
    private readonly networkId: () => NetworkId,
    private readonly announce: (payload: AppEvents['queue:changed']) => void
  ) {
    const first = networkId()
    // A baseline that cannot be read is taken by the first check instead.
    this.running = this.newestRow().then(
      (newest) => this.seenUpTo.set(first, newest),
      () => undefined
    )
  }

  /** Counts the payments that joined the queue since the last look; returns (and announces) them. */
  check(): Promise<number> {
    const run = this.running.then(
      () => this.checkNow(),
      () => this.checkNow()
    )
    this.running = run
    return run
  }

  /** Resolves once every check asked for so far has finished (whatever its outcome). */
  async idle(): Promise<void> {
    await this.running.catch(() => undefined)
  }

  private async checkNow(): Promise<number> {
    const networkId = this.networkId()
    const before = this.seenUpTo.get(networkId)
    const newest = await this.newestRow()
    this.seenUpTo.set(networkId, newest)
    if (before === undefined) return 0
    const joined = await this.store.db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<bigint>().as('count'))
      .where(insertionNumber(this.store.db), '>', before)
      .where('network_id', '=', networkId)
      .where('pi_final', '=', sql.lit(0n as const))
      .executeTakeFirst()
    const added = Number(joined?.count ?? 0n)
    if (added > 0) this.announce({ newItems: added, total: await countQueue(this.store, networkId) })
    return added
  }

  private async newestRow(): Promise<bigint> {
    const row = await this.store.db
      .selectFrom('payments')
      .select((eb) => eb.fn.max<bigint | null>(insertionNumber(this.store.db)).as('newest'))
      .executeTakeFirst()
    return row?.newest ?? 0n
  }
}
