// What the sync engine needs from the outside world, and nothing more: the slice of the Pi
// Platform client and of the Horizon client it calls. The real clients satisfy these types as
// they are; tests hand in fakes of the same shape.
import type { HorizonClient } from '../horizon'
import type { PiPlatformClient } from '../pi'
import type { TaskProgress } from '../../shared/contract/events'

/** The Pi Platform calls a sync makes: reads only, never a write. */
export type SyncPi = Pick<PiPlatformClient, 'getPayment' | 'incompleteServerPayments'>

/** The Horizon calls a sync makes. */
export type SyncHorizon = Pick<
  HorizonClient,
  'expectedPassphrase' | 'checkNetwork' | 'paymentsPage' | 'transaction' | 'transactionOperations' | 'streamPayments'
>

/** The steps of a run, in order; `task:progress` carries them as `phase`. */
export const SYNC_PHASES = [
  'checking_network',
  'reading_chain',
  'incomplete_payments',
  'repolling',
  'looking_up',
  'verifying',
  'done'
] as const
export type SyncPhase = (typeof SYNC_PHASES)[number]

/** One progress event; the router forwards it as `task:progress` with `task: 'sync'`. */
export type SyncProgress = Omit<TaskProgress, 'task' | 'phase'> & { readonly phase: SyncPhase }

export type ProgressListener = (progress: SyncProgress) => void
