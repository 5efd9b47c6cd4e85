// Why a sync stopped, in the merchant's words. A SyncError keeps the code of the Pi or Horizon
// error that stopped it (pi_key_rejected, wrong_network, horizon_unavailable, ...) so callers can
// react to it, and says which step failed; the database is consistent whatever the step.
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import type { SyncPhase } from './ports'
import type { SyncReport } from './report'

/** Codes the sync engine itself produces, next to the Pi and Horizon clients' codes it passes on. */
export const SYNC_ERROR_CODES = [
  'sync_already_running',
  'sync_already_following',
  'invalid_app_wallet',
  'pi_key_other_network',
  'pi_key_other_app',
  'pi_key_unknown_payments',
  'chain_cursor_stuck'
] as const
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number]

const STEP_SENTENCES: Readonly<Record<SyncPhase, string>> = {
  checking_network: 'Sync stopped before writing anything, while checking the network and the Pi API key.',
  reading_chain: "Sync stopped while reading the app wallet's history; what was read so far is saved.",
  incomplete_payments: "Sync stopped while saving Pi's open app-to-user payments.",
  repolling: 'Sync stopped while refreshing unfinished payments from Pi; what was refreshed so far is saved.',
  looking_up: 'Sync stopped while looking up payments on Pi; what was found so far is saved.',
  verifying: 'Sync stopped while checking transactions on the chain; the checks done so far are saved.',
  done: 'Sync stopped.'
}

export class SyncError extends UserFacingError {
  /** What the run did before it stopped (set by the engine). */
  report: SyncReport | null = null

  constructor(
    code: string,
    message: string,
    /** The step that failed; null for errors raised before a run started. */
    readonly phase: SyncPhase | null
  ) {
    super(code, message, { phase })
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError
}

/**
 * A user-facing failure of a step becomes a SyncError naming the step, with the original code and
 * sentence; anything else (a bug, a crash) is returned unchanged so it is never disguised.
 */
export function failureOfStep(error: unknown, phase: SyncPhase): unknown {
  if (isSyncError(error)) return error
  if (!isUserFacingError(error)) return error
  return new SyncError(error.code, `${STEP_SENTENCES[phase]} ${error.message}`, phase)
}

export function alreadyRunning(): SyncError {
  return new SyncError('sync_already_running', 'A sync is already running; wait for it to finish or cancel it.', null)
}

export function alreadyFollowing(): SyncError {
  return new SyncError('sync_already_following', 'Live updates are already on.', null)
}

export function keyOfOtherNetwork(keyNetwork: string, expected: string): SyncError {
  return new SyncError(
    'pi_key_other_network',
    `The Pi API key belongs to an app on ${keyNetwork}, but Merchant Desk is set to ${expected}. Each network has its own key: enter the ${expected} key in Settings, or switch the network.`,
    'checking_network'
  )
}

export function keyOfOtherApp(identifier: string): SyncError {
  return new SyncError(
    'pi_key_other_app',
    `The Pi API key belongs to an app whose payments use another wallet (payment ${identifier}). Check that the app wallet in Settings is the wallet of this key's app.`,
    'checking_network'
  )
}

export function keyKnowsNoPayments(checked: number): SyncError {
  return new SyncError(
    'pi_key_unknown_payments',
    `Pi knows none of the ${checked} payment id${checked === 1 ? '' : 's'} found on the app wallet's history, so the Pi API key probably belongs to another app or network. Nothing was marked as a direct transfer; check the key in Settings.`,
    'checking_network'
  )
}

export function cursorStuck(cursor: string | null): SyncError {
  return new SyncError(
    'chain_cursor_stuck',
    `Horizon keeps answering the same page after position ${cursor ?? 'start'}, so the sync cannot move on. Try again later.`,
    'reading_chain'
  )
}
