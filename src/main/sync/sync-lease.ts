// "One sync at a time per network" across desks: on a team's ledger several desks (and CLI
// commands) may press Sync at once. Two runs would not corrupt anything (every write is idempotent
// and the cursor only moves forward), but they would ask Pi about every payment twice and race for
// the same pages. The lease is a row in `settings`, taken in one write transaction (which runs alone
// on either engine), renewed while the run goes on, released when it ends. A desk that crashed
// leaves it behind: it is taken over when its process is gone (same computer) or has expired.
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { getSetting, putSetting, withTransaction, type MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import { SyncError } from './errors'

/** A run renews its lease at least this often (on every progress report, at most every 30 s). */
export const SYNC_LEASE_MS = 5 * 60_000
const RENEW_EVERY_MS = 30_000

const leaseSchema = z.object({ holder: z.string(), host: z.string(), pid: z.number(), expiresAt: z.number() })
type Lease = z.infer<typeof leaseSchema>

export interface SyncLease {
  /** Extends the lease when it is due; never throws (a lost renewal only lets another desk start sooner). */
  renew(): void
  release(): Promise<void>
}

export interface SyncLeaseOptions {
  readonly leaseMs?: number
  readonly isAlive?: (pid: number) => boolean
}

const keyOf = (network: NetworkId): string => `sync_lease.${network}`

export async function takeSyncLease(store: MerchantDb, network: NetworkId, options: SyncLeaseOptions = {}): Promise<SyncLease> {
  const leaseMs = options.leaseMs ?? SYNC_LEASE_MS
  const isAlive = options.isAlive ?? processIsAlive
  const mine: Lease = { holder: randomUUID(), host: hostname(), pid: process.pid, expiresAt: 0 }
  await withTransaction(store, async (tx) => {
    const now = store.now().getTime()
    const held = await getSetting(tx, keyOf(network), leaseSchema.nullable(), null)
    if (held !== null && held.expiresAt > now && !(held.host === mine.host && !isAlive(held.pid))) {
      throw new SyncError(
        'sync_running_elsewhere',
        held.host === mine.host && held.pid === mine.pid
          ? 'A sync of this network is already running in this window; wait for it to finish.'
          : `Another desk (process ${held.pid} on ${held.host}) is syncing this network right now. Its new payments appear here as they land; try again when it has finished.`,
        null
      )
    }
    await putSetting(tx, keyOf(network), { ...mine, expiresAt: now + leaseMs })
  })

  let renewedAt = store.now().getTime()
  let renewing: Promise<void> = Promise.resolve()
  const stillMine = async (tx: MerchantDb): Promise<boolean> =>
    (await getSetting(tx, keyOf(network), leaseSchema.nullable(), null))?.holder === mine.holder
  return {
    renew() {
      const now = store.now().getTime()
      if (now - renewedAt < RENEW_EVERY_MS) return
      renewedAt = now
      renewing = renewing
        .then(() =>
          withTransaction(store, async (tx) => {
            if (await stillMine(tx)) await putSetting(tx, keyOf(network), { ...mine, expiresAt: now + leaseMs })
          })
        )
        .catch(() => undefined)
    },
    async release() {
      await renewing
      await withTransaction(store, async (tx) => {
        if (await stillMine(tx)) await tx.db.deleteFrom('settings').where('key', '=', keyOf(network)).execute()
      })
    }
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
