// Passphrase guesses are slowed down: after a few wrong passphrases every attempt waits a delay
// that doubles with each failure (capped), kept in the database so that restarting the app or the
// CLI does not reset it. The delay is checked, and the attempt counted, before any key is derived;
// it applies to the right passphrase too, so waiting tells nothing. Only counts and times are
// stored, never what was typed.
import { z } from 'zod'
import { getSetting, putSetting, withTransaction, type MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'

const SETTING = 'secrets.unlock_failures'
/** Wrong passphrases allowed before any wait (typos happen). */
const FREE_ATTEMPTS = 3
const FIRST_DELAY_MS = 8_000
const MAX_DELAY_MS = 15 * 60_000

const stateSchema = z.object({ failures: z.number().int().nonnegative(), lastFailureAt: z.number() })
type ThrottleState = z.infer<typeof stateSchema>
const FRESH: ThrottleState = { failures: 0, lastFailureAt: 0 }

export async function failedUnlocks(store: MerchantDb): Promise<number> {
  return (await getSetting(store, SETTING, stateSchema, FRESH)).failures
}

/**
 * Reserves one attempt BEFORE any key is derived: in one IMMEDIATE transaction (so processes sharing
 * the file take turns), refuses while the delay after the last failure runs, else counts the attempt
 * as a failure now. Parallel attempts (IPC calls, CLI processes) therefore each see the others'
 * counts, and a crash during the derivation leaves the attempt counted. Returns the count with it.
 */
export function reserveUnlockAttempt(store: MerchantDb, now: Date): Promise<number> {
  return withTransaction(store, async (tx) => {
    const state = await getSetting(tx, SETTING, stateSchema, FRESH)
    refuseWhileWaiting(state, now)
    const failures = state.failures + 1
    await putSetting(tx, SETTING, { failures, lastFailureAt: now.getTime() })
    return failures
  })
}

/** The passphrase was not tried after all (the vault refused before deriving): the reservation is given back. */
export async function releaseUnlockAttempt(store: MerchantDb): Promise<void> {
  await withTransaction(store, async (tx) => {
    const state = await getSetting(tx, SETTING, stateSchema, FRESH)
    if (state.failures > 0) await putSetting(tx, SETTING, { ...state, failures: state.failures - 1 })
  })
}

function refuseWhileWaiting(state: ThrottleState, now: Date): void {
  if (state.failures < FREE_ATTEMPTS) return
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(20, state.failures - FREE_ATTEMPTS))
  const waitMs = state.lastFailureAt + delay - now.getTime()
  if (waitMs <= 0) return
  throw new UserFacingError(
    'unlock_rate_limited',
    `The passphrase was wrong ${state.failures} times in a row. Wait ${Math.ceil(waitMs / 1000)} s before trying again; each further wrong passphrase doubles the wait.`
  )
}

export async function recordUnlockSuccess(store: MerchantDb): Promise<void> {
  await withTransaction(store, async (tx) => {
    if ((await getSetting(tx, SETTING, stateSchema, FRESH)).failures > 0) await putSetting(tx, SETTING, FRESH)
  })
}
