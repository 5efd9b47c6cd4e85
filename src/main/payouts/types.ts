// The payout journal's domain types: what a refund or payout row says, in the app's terms
// (stroops, dates). The state machine itself is in ./runner.ts; its steps in ./steps.
import type { PayoutKind, PayoutState, RefundReason } from '../../shared/contract/payouts'
import type { Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { PayoutRoute } from '../db'

export type { PayoutKind, PayoutState } from '../../shared/contract/payouts'
export type { PayoutRoute } from '../db'

/** States nothing more will happen in: completed (paid and confirmed with Pi) or failed (nothing paid). */
export const FINISHED_STATES: ReadonlySet<PayoutState> = new Set(['completed', 'failed'])

/** The signed transaction, kept so a crash or a 504 resubmits THIS envelope, never a new one. */
export interface PayoutEnvelope {
  readonly xdr: string
  readonly hash: string
  /** The envelope's timebounds maxTime (epoch seconds, Horizon's clock): after it, it can no longer land. */
  readonly maxTime: number
  readonly sequence: string
  readonly fee: Stroops
}

export interface PayoutProblem {
  readonly code: string
  readonly message: string
}

export interface PayoutRecord {
  readonly id: number
  readonly idempotencyKey: string
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly kind: PayoutKind
  readonly refundOf: string | null
  readonly uid: string
  readonly amount: Stroops
  readonly memo: string
  readonly reason: RefundReason | null
  readonly reasonText: string
  readonly state: PayoutState
  readonly piPaymentId: string | null
  readonly toAddress: string | null
  readonly envelope: PayoutEnvelope | null
  readonly envelopesBuilt: number
  readonly submissions: number
  readonly txid: string | null
  readonly ledger: number | null
  readonly feeCharged: Stroops | null
  readonly problem: PayoutProblem | null
  readonly requestedBy: string
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly finishedAt: Date | null
  /** 'pi': an A2U payment; 'direct': a chain payment back to the paying address (no Pi payment). */
  readonly route: PayoutRoute
  /** A direct refund's own memo on chain; null on the Pi route (its memo is the Pi payment id). */
  readonly chainMemo: string | null
  /** The walk-in chain payment (its operation id) a direct refund gives money back for. */
  readonly refundOfOperation: string | null
  readonly refundOfInvoice: string | null
}

/** What a direct refund knows from the start: where it pays, with which memo, and what it refunds. */
export interface DirectRoute {
  readonly chainMemo: string
  /** The address that paid: the refund goes back there, and nowhere else. */
  readonly toAddress: string
  readonly refundOfOperation: string | null
  readonly refundOfInvoice: string | null
}

/** A transaction carrying a payout's memo that is not the payout: what the audit log keeps of it. */
export interface PayoutDiscrepancy {
  readonly txid: string
  readonly successful: boolean
  /** The paying account (or the transaction's source when it holds no payment). */
  readonly from: string
  readonly to: string | null
  /** 7-decimal Pi, or null when it holds no payment. */
  readonly amount: string | null
  /** Why it is not the payout, in the merchant's words. */
  readonly why: string
}

/** What is asked for, before anything is written. */
export interface PayoutIntent {
  readonly idempotencyKey: string
  readonly kind: PayoutKind
  readonly refundOf: string | null
  readonly uid: string
  readonly amount: Stroops
  readonly memo: string
  readonly reason: RefundReason | null
  readonly reasonText: string
  /** Present for a refund to the paying address (route 'direct'). */
  readonly direct?: DirectRoute
}

/** The columns one transition may write, besides the state. */
export interface PayoutChanges {
  readonly piPaymentId?: string
  readonly toAddress?: string
  /** null clears it: the old envelope can no longer land, a new one may be built. */
  readonly envelope?: PayoutEnvelope | null
  readonly envelopeBuilt?: boolean
  readonly submitted?: boolean
  readonly txid?: string
  readonly ledger?: number
  readonly feeCharged?: Stroops | null
  /** null clears it. */
  readonly problem?: PayoutProblem | null
}
