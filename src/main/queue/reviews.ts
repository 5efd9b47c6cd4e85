// Payments staff marked reviewed: a lying buyer's payment that Pi will not cancel (a transaction is
// linked) and that the app will not complete (the chain does not show it paid). Nothing in the app
// can clear it, so once someone has contacted the buyer or asked Pi's support, marking it reviewed
// takes it out of the "needs action" count; it stays in the queue, with who, when and their note.
// Marking and reopening are each one audited transaction.
import { sql, type Selectable } from 'kysely'
import type { MerchantDb, PaymentReviewsTable } from '../db'
import type { PaymentReviewView, QueueReviewView } from '../../shared/contract/queue'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import { runAudited } from '../audit'
import { readStoredPayment } from './queue-store'

type ReviewRow = Pick<Selectable<PaymentReviewsTable>, 'identifier' | 'reviewed_at' | 'reviewed_by' | 'note'>

function toView(row: ReviewRow): PaymentReviewView {
  return { at: new Date(Number(row.reviewed_at)).toISOString(), by: row.reviewed_by, note: row.note }
}

function reviewsOf(store: Pick<MerchantDb, 'db'>, networkId: NetworkId) {
  return store.db.selectFrom('payment_reviews').select(['identifier', 'reviewed_at', 'reviewed_by', 'note']).where('network_id', '=', networkId)
}

/** Every review of the network, by payment (the table holds only the few such payments). */
export async function readReviews(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<Map<string, PaymentReviewView>> {
  const rows = await reviewsOf(store, networkId).execute()
  return new Map(rows.map((row) => [row.identifier, toView(row)]))
}

/** Only reviews of payments still waiting count: a payment Pi finished later has left the queue. */
export async function countOpenReviews(store: Pick<MerchantDb, 'db'>, networkId: NetworkId): Promise<number> {
  const row = await store.db
    .selectFrom('payment_reviews as r')
    .innerJoin('payments as p', 'p.identifier', 'r.identifier')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('r.network_id', '=', networkId)
    .whereRef('p.network_id', '=', 'r.network_id')
    .where('p.pi_final', '=', sql.lit(0n as const))
    .executeTakeFirst()
  return Number(row?.count ?? 0n)
}

export interface ReviewRequest {
  readonly networkId: NetworkId
  readonly actor: string
  readonly identifier: string
  readonly reviewed: boolean
  readonly note: string
}

export async function reviewPayment(store: MerchantDb, request: ReviewRequest): Promise<QueueReviewView> {
  const { value, entry } = await runAudited(store, async (tx) => {
    const row = await readStoredPayment(tx, request.networkId, request.identifier)
    if (row === undefined || row.final) {
      throw new UserFacingError(
        'not_in_queue',
        `Payment ${request.identifier} is not waiting in the queue of this network, so there is nothing to mark. Sync, then look for it in the Ledger.`
      )
    }
    if (request.reviewed && row.chainCheck !== 'failed') {
      throw new UserFacingError(
        'can_still_act',
        'Only a payment whose transaction failed the chain check can be marked reviewed: this one can still be approved, completed or cancelled from the queue.'
      )
    }
    const before = await reviewsOf(tx, request.networkId).where('identifier', '=', request.identifier).executeTakeFirst()
    if (!request.reviewed && before === undefined) {
      throw new UserFacingError('not_reviewed', 'This payment is not marked reviewed, so there is nothing to reopen.')
    }
    const at = store.now()
    if (request.reviewed) {
      await tx.db
        .insertInto('payment_reviews')
        .values({ network_id: request.networkId, identifier: request.identifier, reviewed_at: at.getTime(), reviewed_by: request.actor, note: request.note })
        .onConflict((conflict) =>
          conflict.columns(['network_id', 'identifier']).doUpdateSet((eb) => ({
            reviewed_at: eb.ref('excluded.reviewed_at'),
            reviewed_by: eb.ref('excluded.reviewed_by'),
            note: eb.ref('excluded.note')
          }))
        )
        .execute()
    } else {
      await tx.db.deleteFrom('payment_reviews').where('network_id', '=', request.networkId).where('identifier', '=', request.identifier).execute()
    }
    const review: PaymentReviewView | null = request.reviewed ? { at: at.toISOString(), by: request.actor, note: request.note } : null
    return {
      value: review,
      audit: {
        actor: request.actor,
        action: request.reviewed ? 'payment.review' : 'payment.reopen',
        subject: request.identifier,
        before: { reviewed: before !== undefined, ...(before ? { note: before.note, by: before.reviewed_by } : {}) },
        after: { reviewed: request.reviewed, note: request.note },
        at
      }
    }
  })
  return { identifier: request.identifier, review: value, auditSeq: entry.seq }
}
