// "One sync at a time per network" across desks: on a team's ledger several desks (and CLI
// commands) may press Sync at once. Two runs would not corrupt anything (every write is idempotent
// and the cursor only moves forward), but they would ask Pi about every payment twice and race for
// the same pages. The lease is a row in `settings`, taken in one write transaction (which runs alone
// on either engine), renewed while the run goes on, released when it ends; a second run waits for
// it. A desk that crashed leaves it behind: it is taken over when its process is gone (same
// computer) or has expired.
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { getSetting, putSetting, withTransaction, type MerchantDb } from '../db'
import type { NetworkId } from '../../shared/network'
import { processIsAlive } from '../host'
import { SyncError } from './errors'

/** The longest pause between two looks at a lease another run holds. */
const MAX_WAIT_PAUSE_MS = 1000

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

/**
 * Takes the network's sync lease, waiting while another run holds it (that run's new rows land
 * meanwhile, so the wait makes this run short). A holder that stops renewing loses it when it
 * expires; one whose process is gone on this computer loses it at once. `signal` ends the wait.
 */
export async function takeSyncLease(
  store: MerchantDb,
  network: NetworkId,
  options: SyncLeaseOptions & { readonly signal?: AbortSignal } = {}
): Promise<SyncLease> {
  const leaseMs = options.leaseMs ?? SYNC_LEASE_MS
  const isAlive = options.isAlive ?? processIsAlive
  const mine: Lease = { holder: randomUUID(), host: hostname(), pid: process.pid, expiresAt: 0 }
  for (let pause = 50; ; pause = Math.min(pause * 2, MAX_WAIT_PAUSE_MS)) {
    const taken = await withTransaction(store, async (tx) => {
      const now = store.now().getTime()
      const held = await getSetting(tx, keyOf(network), leaseSchema.nullable(), null)
      if (held !== null && held.expiresAt > now && !(held.host === mine.host && !isAlive(held.pid))) return false
      await putSetting(tx, keyOf(network), { ...mine, expiresAt: now + leaseMs })
      return true
    })
    if (taken) break
    if (options.signal?.aborted === true) {
      throw new SyncError('sync_cancelled', 'The sync was cancelled while it waited for another desk to finish syncing.', null)
    }
    await new Promise((resolve) => setTimeout(resolve, pause))
  }

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

