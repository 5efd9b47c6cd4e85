// What the payout state machine works with, injected so the same code runs in the desktop app, the
// CLI and tests: the journal, Pi and Horizon clients, the signer (the seed is decrypted inside
// sign() only), the ledger, the clock, and failpoints for crash tests.
import type { MerchantDb } from '../db'
import type { AppWalletSigner } from '../network'
import type { HorizonClient } from '../horizon'
import type { PiPlatformClient } from '../pi'
import type { Payment } from '../../shared/payments'
import type { PayoutJournal } from './journal'
import type { PayoutRecord } from './types'

/** Signs with the app wallet's key. src/main/secrets provides it; nothing else holds the seed. */
export type PayoutSigner = AppWalletSigner

/**
 * Named points between a step's effect and its record, where a crash test kills the process
 * (the CLI wires MERCHANT_DESK_FAILPOINT). In the app they do nothing.
 */
export const PAYOUT_FAILPOINTS = [
  'intent-recorded',
  'pi-payment-created',
  'payment-stored',
  'envelope-signed',
  'before-submit',
  'transaction-submitted',
  'payment-confirmed',
  'pi-completed'
] as const
export type PayoutFailpoint = (typeof PAYOUT_FAILPOINTS)[number]

export interface PayoutTimings {
  /** The envelope's life: maxTime = Horizon's clock + this (pi-nodejs uses 180 s). */
  readonly envelopeLifetimeSeconds: number
  /** Extra time past maxTime before an envelope counts as unable to land. */
  readonly expirySlackSeconds: number
  /** Resubmissions of one envelope in one run before waiting for a later resume. */
  readonly submissionsPerRun: number
  /** Calls to Pi's complete in one run. */
  readonly completionsPerRun: number
  /** Pause between resubmissions (also honours Retry-After). */
  readonly retryDelayMs: number
}

export const DEFAULT_PAYOUT_TIMINGS: PayoutTimings = {
  envelopeLifetimeSeconds: 180,
  expirySlackSeconds: 5,
  submissionsPerRun: 5,
  completionsPerRun: 3,
  retryDelayMs: 1_000
}

export interface PayoutPorts {
  readonly journal: PayoutJournal
  readonly pi: PiPlatformClient
  readonly horizon: HorizonClient
  /** "Pi Network" or "Pi Testnet": the envelope's network passphrase. */
  readonly networkPassphrase: string
  readonly appWallet: string
  /** null when no seed is set for this network. */
  signer(): PayoutSigner | null
  /** Writes Pi's record of the payout into the ledger (a refund linked to its sale), in the caller's transaction `tx`. */
  recordPiPayment(tx: MerchantDb, payment: Payment, refundOf: string | null): Promise<void>
  /** When Pi created the payment (Pi's clock, from the ledger or Pi): where the memo search starts. */
  piPaymentCreatedAt(identifier: string): Promise<Date>
  /**
   * Runs `work` in one database transaction (a ledger write and the journal's transition
   * together): every write in it goes through `tx` (`journal.within(tx)` for the journal).
   */
  atomically<T>(work: (tx: MerchantDb) => Promise<T>): Promise<T>
  failpoint(name: PayoutFailpoint): void
  sleep(ms: number): Promise<void>
  now(): Date
  readonly timings: PayoutTimings
  /** Every state change (views reload, progress). */
  onChange(payout: PayoutRecord): void
  /** A payout just completed, told inside the transaction that completes it (a postback to the shop joins it). */
  readonly onPayoutCompleted?: ((tx: MerchantDb, payout: PayoutRecord) => Promise<void>) | undefined
}
