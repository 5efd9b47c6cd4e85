// "One payout at a time per wallet" (invariant 4) across processes: the desktop app and a CLI run
// share one database, and two of them paying from one wallet would collide on its sequence number
// (tx_bad_seq) or, worse, race each other through one payout. The lock is a lease row: a holder
// that crashed (SIGKILL) leaves it behind, so a lease is taken over when its process is gone (same
// computer) or when it has expired (renewed at every step while a payout runs).
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'

/**
 * Renewed after every journal step. One step may wait on the network for several minutes (five
 * submissions of up to 60 s each), so the lease outlasts the longest one; a holder that crashed on
 * this computer is recognised sooner, by its process being gone.
 */
export const WALLET_LEASE_MS = 15 * 60_000

interface LeaseRow {
  holder: string
  host: string
  pid: bigint
  expires_at: bigint
}

export interface WalletLock {
  /** Extends the lease; throws if another process took it (it had expired). */
  renew(): void
  release(): void
}

export interface WalletLockOptions {
  readonly leaseMs?: number
  readonly pid?: number
  readonly host?: string
  /** Whether a process of this computer is still running. */
  readonly isAlive?: (pid: number) => boolean
}

export function acquireWalletLock(store: Pick<MerchantDb, 'sqlite' | 'now'>, wallet: string, options: WalletLockOptions = {}): WalletLock {
  const leaseMs = options.leaseMs ?? WALLET_LEASE_MS
  const pid = options.pid ?? process.pid
  const host = options.host ?? hostname()
  const isAlive = options.isAlive ?? processIsAlive
  const holder = randomUUID()
  const { sqlite } = store

  sqlite
    .transaction(() => {
      const now = store.now().getTime()
      const lease = sqlite
        .prepare<[string], LeaseRow>('SELECT holder, host, pid, expires_at FROM payout_wallet_locks WHERE app_wallet = ?')
        .get(wallet)
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
      sqlite
        .prepare(
          `INSERT INTO payout_wallet_locks (app_wallet, holder, host, pid, expires_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (app_wallet) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at`
        )
        .run(wallet, holder, host, pid, now + leaseMs)
    })
    .immediate()

  return {
    renew() {
      const renewed = sqlite
        .prepare('UPDATE payout_wallet_locks SET expires_at = ? WHERE app_wallet = ? AND holder = ?')
        .run(store.now().getTime() + leaseMs, wallet, holder).changes
      if (renewed === 0) {
        throw new UserFacingError(
          'payout_lock_lost',
          'Another Merchant Desk took over this wallet while a payout was paused too long. It will finish the payout; check Refunds.'
        )
      }
    },
    release() {
      sqlite.prepare('DELETE FROM payout_wallet_locks WHERE app_wallet = ? AND holder = ?').run(wallet, holder)
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
