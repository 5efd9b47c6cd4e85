// What staff do at the desk to a Pi payment, told to the shop's backend (topic `payment`), so it
// delivers or reverses the order: a queue completion (payment.completed), a cancel
// (payment.cancelled), a refund paid (payment.refunded). The queue and the payouts call these hooks
// INSIDE the transaction that stores the change, so the ledger and the journal agree. With no
// postback URL set, nothing is queued. A URL that is not http(s) is skipped with a word to the
// log, never by undoing what staff did.
import type { MerchantDb } from '../db'
import { formatPi } from '../../shared/money'
import type { PaymentPostbackEvent } from '../../shared/contract/postbacks'
import type { NetworkId } from '../../shared/network'
import { queuePostback } from './journal'
import { normalisedPostbackUrl } from './postback-url'

/** The shop's postback URL now, read in the caller's transaction (a setting, or the environment); null: none. */
export type PostbackUrlSource = (tx: MerchantDb) => string | null | Promise<string | null>

export interface PaymentPostbackOptions {
  readonly url: PostbackUrlSource
  /** A URL that cannot be used: said once per call, never thrown (staff's action stands). */
  readonly onSkipped?: (sentence: string) => void
}

/** A staff action on a payment of the queue, as the queue reports it once its result is stored. */
export interface StaffPaymentAction {
  readonly networkId: NetworkId
  readonly identifier: string
  readonly action: 'approve' | 'complete' | 'cancel'
  /** done, refused or failed (the queue's outcome). */
  readonly outcome: string
  /** The ledger's status of the payment before the action (null: it was not in the ledger). */
  readonly statusBefore: string | null
  readonly actor: string
}

/** A refund the payout journal has just marked completed (paid on chain and confirmed with Pi). */
export interface CompletedRefund {
  readonly id: number
  readonly networkId: NetworkId
  readonly kind: string
  /** The sale it refunds. */
  readonly refundOf: string | null
  /** The refund's own Pi payment (A2U), when it has one. */
  readonly piPaymentId: string | null
  readonly amount: bigint
  readonly txid: string | null
  readonly reason: string | null
  readonly reasonText: string
  readonly requestedBy: string
}

export interface PaymentPostbackHooks {
  onPaymentAction(tx: MerchantDb, action: StaffPaymentAction): Promise<void>
  onRefundCompleted(tx: MerchantDb, refund: CompletedRefund): Promise<void>
}

const CANCELLED = new Set(['cancelled', 'user_cancelled'])

export function paymentPostbacks(options: PaymentPostbackOptions): PaymentPostbackHooks {
  const queue = async (tx: MerchantDb, networkId: NetworkId, subject: string, event: PaymentPostbackEvent, body: Record<string, unknown>) => {
    const given = await options.url(tx)
    if (given === null || given.trim() === '') return
    const url = normalisedPostbackUrl(given)
    if (url === null) {
      options.onSkipped?.(`The postback URL "${given.slice(0, 80)}" is not an http(s) address, so the shop was not told of ${event} for ${subject}. Set the full address of the shop's backend.`)
      return
    }
    await queuePostback(tx, { networkId, topic: 'payment', subject, event, url, body: JSON.stringify({ event, network: networkId, ...body, at: tx.now().toISOString() }) })
  }

  return {
    async onPaymentAction(tx, action) {
      if (action.outcome !== 'done') return
      let event: PaymentPostbackEvent
      if (action.action === 'complete' && action.statusBefore !== 'completed') event = 'payment.completed'
      else if (action.action === 'cancel' && !CANCELLED.has(action.statusBefore ?? '')) event = 'payment.cancelled'
      else return
      const payment = await paymentFacts(tx, action.networkId, action.identifier)
      if (payment === null) return
      await queue(tx, action.networkId, action.identifier, event, {
        ...payment,
        // What the desk did, whatever Pi's record read back says (it may lag behind).
        status: event === 'payment.completed' ? 'completed' : payment.status === 'user_cancelled' ? 'user_cancelled' : 'cancelled',
        actor: action.actor,
        refund: null
      })
    },

    async onRefundCompleted(tx, refund) {
      if (refund.kind !== 'refund' || refund.refundOf === null) return
      const sale = await paymentFacts(tx, refund.networkId, refund.refundOf)
      if (sale === null) return
      const paid = await tx.db
        .selectFrom('payouts')
        .select('amount_stroops')
        .where('refund_of', '=', refund.refundOf)
        .where('network_id', '=', refund.networkId)
        .where('state', '=', 'completed')
        .execute()
      const refunded = paid.reduce((sum, row) => sum + row.amount_stroops, 0n)
      await queue(tx, refund.networkId, refund.refundOf, 'payment.refunded', {
        ...sale,
        actor: refund.requestedBy,
        refund: {
          number: refund.id,
          identifier: refund.piPaymentId,
          amount: formatPi(refund.amount),
          txid: refund.txid,
          reason: refund.reason,
          reason_text: refund.reasonText,
          // Every completed refund of the sale so far, this one included: the shop tells a full refund from a part.
          refunded_total: formatPi(refunded)
        }
      })
    }
  }
}

/** The Pi payment as the body describes it: identifier, 7-decimal amount, status, txid and the shop's own fields. */
async function paymentFacts(tx: MerchantDb, networkId: NetworkId, identifier: string) {
  const row = await tx.db
    .selectFrom('payments')
    .select(['identifier', 'amount_stroops', 'status', 'txid', 'memo', 'metadata_json', 'user_uid', 'direction'])
    .where('identifier', '=', identifier)
    .where('network_id', '=', networkId)
    .executeTakeFirst()
  if (row === undefined) return null
  return {
    identifier: row.identifier,
    amount: formatPi(row.amount_stroops),
    status: row.status as string,
    txid: row.txid,
    memo: row.memo,
    metadata: JSON.parse(row.metadata_json) as unknown,
    user_uid: row.user_uid,
    direction: row.direction as string
  }
}
