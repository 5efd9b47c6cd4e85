// "One payout at a time per wallet" (invariant 4) across processes: the desktop app and a CLI run
// share one database, and two of them paying from one wallet would collide on its sequence number
// (tx_bad_seq) or, worse, race each other through one payout. The lock is a lease row: a holder
// that crashed (SIGKILL) leaves it behind, so a lease is taken over when its process is gone (same
// computer) or when it has expired (renewed at every step while a payout runs). A desk that finds
// another one paying waits its turn while that one moves from step to step (two desks refunding at
// the same moment are both served, one after the other), and is refused once it stalls.
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { withTransaction, type MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import { processIsAlive } from '../host'

/**
 * Renewed after every journal step. One step may wait on the network for several minutes (five
 * submissions of up to 60 s each), so the lease outlasts the longest one; a holder that crashed on
 * this computer is recognised sooner, by its process being gone.
 */
export const WALLET_LEASE_MS = 15 * 60_000

export interface WalletLock {
  /** Extends the lease; throws if another process took it (it had expired). */
  renew(): Promise<void>
  release(): Promise<void>
}

export interface WalletLockOptions {
  readonly leaseMs?: number
  readonly pid?: number
  readonly host?: string
  /** Whether a process of this computer is still running. */
  readonly isAlive?: (pid: number) => boolean
  /**
   * How long to wait for another desk that holds the wallet without it taking a step (renewing or
   * releasing its lease); it may wait longer while that desk progresses. 0 (the default): refuse at once.
   */
  readonly waitWhileStalledMs?: number
  /** How often a waiting desk looks at the lease again. */
  readonly pollMs?: number
}

/** A desk paying from the wallet moves on at least this often (each step is a few calls to Pi or Horizon). */
export const WALLET_WAIT_STALL_MS = 10_000

/** A lease another desk holds: `seen` changes whenever it renews or hands it over; `refusal` says so in words. */
interface BusyWallet {
  readonly seen: string
  readonly refusal: UserFacingError
}

export async function acquireWalletLock(store: MerchantDb, wallet: string, options: WalletLockOptions = {}): Promise<WalletLock> {
  const leaseMs = options.leaseMs ?? WALLET_LEASE_MS
  const pid = options.pid ?? process.pid
  const host = options.host ?? hostname()
  const isAlive = options.isAlive ?? processIsAlive
  const holder = randomUUID()
  const stallMs = options.waitWhileStalledMs ?? 0
  const pollMs = options.pollMs ?? 200

  // Each try is one transaction: it takes the lease (null), or answers who holds it and until when.
  const tryTake = () =>
    withTransaction(store, async (tx): Promise<BusyWallet | null> => {
      const now = store.now().getTime()
      const lease = await tx.db
        .selectFrom('payout_wallet_locks')
        .select(['holder', 'host', 'pid', 'expires_at'])
        .where('app_wallet', '=', wallet)
        .executeTakeFirst()
      if (lease !== undefined) {
        const abandoned = Number(lease.expires_at) <= now || (lease.host === host && Number(lease.pid) !== pid && !isAlive(Number(lease.pid)))
        if (!abandoned) {
          return {
            seen: `${lease.holder} ${lease.expires_at}`,
            refusal: new UserFacingError(
              'payout_in_progress',
              Number(lease.pid) === pid && lease.host === host
                ? 'A payout from this wallet is already being paid in this window. Wait for it to finish.'
                : `Another Merchant Desk (process ${lease.pid} on ${lease.host}) is paying from this wallet right now. Wait for it to finish, then try again. Nothing was paid.`
            )
          }
        }
      }
      await tx.db
        .insertInto('payout_wallet_locks')
        .values({ app_wallet: wallet, holder, host, pid: BigInt(pid), expires_at: now + leaseMs })
        .onConflict((conflict) =>
          conflict.column('app_wallet').doUpdateSet((eb) => ({
            holder: eb.ref('excluded.holder'),
            host: eb.ref('excluded.host'),
            pid: eb.ref('excluded.pid'),
            expires_at: eb.ref('excluded.expires_at')
          }))
        )
        .execute()
      return null
    })

  let seen: string | null = null
  let lastStep = Date.now()
  for (let busy = await tryTake(); busy !== null; busy = await tryTake()) {
    // The holder renewed or handed over its lease: it is progressing, so its turn will end.
    if (busy.seen !== seen) {
      seen = busy.seen
      lastStep = Date.now()
    }
    if (Date.now() - lastStep >= stallMs) throw busy.refusal
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }

  return {
    async renew() {
      const renewed = await store.db
        .updateTable('payout_wallet_locks')
        .set({ expires_at: store.now().getTime() + leaseMs })
        .where('app_wallet', '=', wallet)
        .where('holder', '=', holder)
        .executeTakeFirst()
      if (renewed.numUpdatedRows === 0n) {
        throw new UserFacingError(
          'payout_lock_lost',
          'Another Merchant Desk took over this wallet while a payout was paused too long. It will finish the payout; check Refunds.'
        )
      }
    },
    async release() {
      await store.db.deleteFrom('payout_wallet_locks').where('app_wallet', '=', wallet).where('holder', '=', holder).execute()
    }
  }
}

