// Payments staff marked reviewed: a lying buyer's payment that Pi will not cancel (a transaction is
// linked) and that the app will not complete (the chain does not show it paid). Nothing in the app
// can clear it, so once someone has contacted the buyer or asked Pi's support, marking it reviewed
// takes it out of the "needs action" count; it stays in the queue, with who, when and their note.
// Marking and reopening are each one audited transaction.
import type SqliteDatabase from 'better-sqlite3'
import { runAudited, type AuditStore } from '../audit'
import type { PaymentReviewView, QueueReviewView } from '../../shared/contract/queue'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import { readStoredPayment } from './queue-store'

interface ReviewRow {
  readonly identifier: string
  readonly reviewed_at: bigint
  readonly reviewed_by: string
  readonly note: string
}

const ALL_SQL = 'SELECT identifier, reviewed_at, reviewed_by, note FROM payment_reviews WHERE network_id = ?'
const ONE_SQL = `${ALL_SQL} AND identifier = ?`
// Only reviews of payments still waiting count: a payment Pi finished later has left the queue.
const OPEN_COUNT_SQL = `SELECT count(*) FROM payment_reviews r JOIN payments p ON p.identifier = r.identifier
  WHERE r.network_id = ? AND p.network_id = r.network_id AND p.pi_final = 0`

function toView(row: ReviewRow): PaymentReviewView {
  return { at: new Date(Number(row.reviewed_at)).toISOString(), by: row.reviewed_by, note: row.note }
}

/** Every review of the network, by payment (the table holds only the few such payments). */
export function readReviews(sqlite: SqliteDatabase.Database, networkId: NetworkId): Map<string, PaymentReviewView> {
  const rows = sqlite.prepare<[string], ReviewRow>(ALL_SQL).all(networkId)
  return new Map(rows.map((row) => [row.identifier, toView(row)]))
}

export function countOpenReviews(sqlite: SqliteDatabase.Database, networkId: NetworkId): number {
  return Number(sqlite.prepare<[string], bigint>(OPEN_COUNT_SQL).pluck().get(networkId) ?? 0n)
}

export interface ReviewRequest {
  readonly networkId: NetworkId
  readonly actor: string
  readonly identifier: string
  readonly reviewed: boolean
  readonly note: string
}

export async function reviewPayment(store: AuditStore, request: ReviewRequest): Promise<QueueReviewView> {
  const { sqlite } = store
  const { value, entry } = await runAudited(store, () => {
    const row = readStoredPayment(sqlite, request.networkId, request.identifier)
    if (row === undefined || row.pi_final !== 0n) {
      throw new UserFacingError(
        'not_in_queue',
        `Payment ${request.identifier} is not waiting in the queue of this network, so there is nothing to mark. Sync, then look for it in the Ledger.`
      )
    }
    if (request.reviewed && row.chain_check !== 'failed') {
      throw new UserFacingError(
        'can_still_act',
        'Only a payment whose transaction failed the chain check can be marked reviewed: this one can still be approved, completed or cancelled from the queue.'
      )
    }
    const before = sqlite.prepare<[string, string], ReviewRow>(ONE_SQL).get(request.networkId, request.identifier)
    if (!request.reviewed && before === undefined) {
      throw new UserFacingError('not_reviewed', 'This payment is not marked reviewed, so there is nothing to reopen.')
    }
    const at = store.now()
    if (request.reviewed) {
      sqlite
        .prepare(
          `INSERT INTO payment_reviews (network_id, identifier, reviewed_at, reviewed_by, note) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (network_id, identifier) DO UPDATE SET reviewed_at = excluded.reviewed_at,
             reviewed_by = excluded.reviewed_by, note = excluded.note`
        )
        .run(request.networkId, request.identifier, at.getTime(), request.actor, request.note)
    } else {
      sqlite.prepare('DELETE FROM payment_reviews WHERE network_id = ? AND identifier = ?').run(request.networkId, request.identifier)
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
