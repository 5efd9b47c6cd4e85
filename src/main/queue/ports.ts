// What the queue needs from the outside world, and nothing more. The real Pi Platform and Horizon
// clients satisfy these types as they are; the payout journal is optional (see PayoutJournalView).
import type { MerchantDb } from '../db'
import type { HorizonClient } from '../horizon'
import type { PiPlatformClient } from '../pi'
import type { EventBus } from '../ipc'
import type { NetworkConnection } from '../network'
import type { NetworkId } from '../../shared/network'

export type QueuePi = Pick<
  PiPlatformClient,
  'getPayment' | 'approvePayment' | 'completePayment' | 'cancelPayment' | 'incompleteServerPayments'
>

export type QueueHorizon = Pick<
  HorizonClient,
  'expectedPassphrase' | 'checkNetwork' | 'transaction' | 'transactionOperations' | 'findTransactionByMemo' | 'transactionsByMemo'
>

/**
 * The network the app is set to, as the queue takes it: the one NetworkConnection
 * (src/main/network), of which it uses the clients and the app wallet.
 */
export interface QueueNetwork extends Pick<NetworkConnection, 'networkId' | 'appWallet'> {
  readonly pi: QueuePi
  /** Created with this network's passphrase. */
  readonly horizon: QueueHorizon
}

/** The same, once the app wallet's address is known (acting needs it). */
export interface QueueConnection extends QueueNetwork {
  /** The app wallet's public address (G...). */
  readonly appWallet: string
}

/**
 * The payout journal, as the queue needs it. A Pi payment that belongs to one of the app's own
 * refunds or payouts is cancelled only THROUGH the journal (cancelPayout), which first proves
 * that no envelope signed for it can still land, by the ledger's clock (issue #12, item 3). It is
 * a required part of every queue, so no front door can cancel behind the journal's back.
 */
export interface PayoutJournalView {
  /** What the journal knows about a payout's signed transaction: until when it may still land. */
  envelopeFor(identifier: string): Promise<{ readonly hash: string; readonly validUntil: Date } | null>
  /**
   * The unfinished refund or payout this Pi payment belongs to: by its stored id, or by the
   * request key in the payment's metadata (a crash can come between Pi's answer and storing it).
   */
  ownPayoutOf(identifier: string, metadata: Readonly<Record<string, unknown>>): Promise<number | null>
  /** cancelPayout: throws a UserFacingError saying why when it cannot (yet) be cancelled. */
  cancelOwnPayout(payoutId: number): Promise<{ readonly state: string; readonly piPaymentId: string | null }>
}

export interface QueueDeps {
  readonly store: MerchantDb
  /** Who acts: "desktop" in the app; the OS user name on the command line. */
  /** Who acts now (the person working at the desk). */
  readonly actor: () => string
  /** The network the app is set to now (a settings change switches it). */
  readonly networkId: () => NetworkId
  /**
   * Pi, Horizon and the app wallet of that network. Throws a UserFacingError when they are not
   * configured; the queue can still be listed then, but not acted on.
   */
  readonly connect: () => Promise<QueueNetwork>
  /** Where `queue:changed` and `ledger:changed` go; `ledger:changed` also triggers a queue check. */
  readonly events?: Pick<EventBus, 'emit' | 'on'>
  readonly payouts: PayoutJournalView
  readonly rules?: Partial<QueueRules>
  readonly now?: () => Date
  /** Waits between attempts of a Pi write that did not answer (tests pass a no-op). */
  readonly sleep?: (ms: number) => Promise<void>
  /** Unexpected errors of one row of a bulk action (the row itself reports a generic failure). */
  readonly onInternalError?: (where: string, error: unknown) => void
  /**
   * Told of every staff action on a payment once its result is stored, in the SAME transaction
   * (`tx`), so what it writes (a postback to the shop) is kept with the action or not at all.
   */
  readonly onPaymentAction?: (tx: MerchantDb, action: QueuePaymentAction) => Promise<void>
}

/** A staff action on a payment, as onPaymentAction hears of it. */
export interface QueuePaymentAction {
  readonly networkId: NetworkId
  readonly identifier: string
  readonly action: 'approve' | 'complete' | 'cancel'
  readonly outcome: 'done' | 'refused' | 'failed'
  /** The ledger's status of the payment before the action (null: not in the ledger). */
  readonly statusBefore: string | null
  readonly actor: string
}

/** The waits the queue's advice and refusals are built on; see rules.ts. */
export interface QueueRules {
  readonly approvalWindowMs: number
  readonly buyerPaysWithinMs: number
  readonly payoutLandsWithinMs: number
}
