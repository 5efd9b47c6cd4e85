// "One payout at a time per wallet" (invariant 4) across processes: the desktop app and a CLI run
// share one database, and two of them paying from one wallet would collide on its sequence number
// (tx_bad_seq) or, worse, race each other through one payout. The lock is a lease row: a holder
// that crashed (SIGKILL) leaves it behind, so a lease is taken over when its process is gone (same
// computer) or when it has expired (renewed at every step while a payout runs).
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { withTransaction, type MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'

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
}

export async function acquireWalletLock(store: MerchantDb, wallet: string, options: WalletLockOptions = {}): Promise<WalletLock> {
  const leaseMs = options.leaseMs ?? WALLET_LEASE_MS
  const pid = options.pid ?? process.pid
  const host = options.host ?? hostname()
  const isAlive = options.isAlive ?? processIsAlive
  const holder = randomUUID()

  await withTransaction(store, async (tx) => {
    const now = store.now().getTime()
    const lease = await tx.db
      .selectFrom('payout_wallet_locks')
      .select(['holder', 'host', 'pid', 'expires_at'])
      .where('app_wallet', '=', wallet)
      .executeTakeFirst()
    if (lease !== undefined) {
      const abandoned = Number(lease.expires_at) <= now || (lease.host === host && Number(lease.pid) !== pid && !isAlive(Number(lease.pid)))
      if (!abandoned) {
        throw new UserFacingError(
          'payout_in_progress',
          Number(lease.pid) === pid && lease.host === host
            ? 'A payout from this wallet is already being paid in this window. Wait for it to finish.'
            : `Another Merchant Desk (process ${lease.pid} on ${lease.host}) is paying from this wallet right now. Wait for it to finish, then try again. Nothing was paid.`
        )
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
  })

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

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
