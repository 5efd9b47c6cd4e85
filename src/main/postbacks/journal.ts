// The postback journal (migration 0008). A postback is written inside the transaction of the change
// it reports, so the ledger never keeps a change the shop is not told of, nor tells of one it rolled
// back. It is then sent by a deliverer that first takes a lease on it with a conditional UPDATE: only
// one desk sends a given attempt, and a desk that crashed mid-attempt loses its lease when it expires.
// Each attempt is recorded with its outcome in one transaction; nothing the shop answers touches
// anything but the postback's own rows.
import { sql, type ExpressionBuilder, type Selectable } from 'kysely'
import { runAudited } from '../audit'
import { withTransaction, type Database, type MerchantDb, type PostbacksTable } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { PostbackTopic } from '../../shared/contract/postbacks'
import type { NetworkId } from '../../shared/network'
import { checkPostbackUrl } from './postback-url'
import { afterFailure, RETRY_WINDOW_MS } from './schedule'

export type PostbackRow = Selectable<PostbacksTable>

export interface PostbackInput {
  readonly networkId: NetworkId
  readonly topic: PostbackTopic
  /** The invoice's id or the Pi payment's identifier. */
  readonly subject: string
  readonly event: string
  /** http(s) only: anything else is refused with a sentence. */
  readonly url: string
  /** The JSON text to sign and send, byte for byte. */
  readonly body: string
}

/**
 * Journals a postback, due now. Call it with the transaction of the change it reports (`tx`), so
 * both are kept or neither. Returns its id.
 */
export async function queuePostback(tx: MerchantDb, input: PostbackInput): Promise<number> {
  const url = checkPostbackUrl(input.url)
  for (const [name, value] of [['subject', input.subject], ['event', input.event]] as const) {
    if (value.length < 1 || value.length > 64) throw new TypeError(`A postback's ${name} is 1 to 64 characters.`)
  }
  try {
    JSON.parse(input.body)
  } catch {
    throw new TypeError('A postback body is JSON text.')
  }
  const now = tx.now().getTime()
  const inserted = await withTransaction(tx, (inner) =>
    inner.db
      .insertInto('postbacks')
      .values({
        network_id: input.networkId,
        topic: input.topic,
        subject: input.subject,
        event: input.event,
        url,
        body: input.body,
        state: 'pending',
        next_attempt_at: now,
        created_at: now,
        give_up_at: now + RETRY_WINDOW_MS
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  )
  return Number(inserted.id)
}

/** A postback this desk holds the lease of, for one attempt. */
export interface ClaimedPostback {
  readonly id: number
  readonly url: string
  readonly body: string
  /** This attempt's number. */
  readonly attempt: number
  readonly giveUpAt: number
}

/** `state = 'pending'` as a literal: the partial index postbacks_due is chosen only for its own condition. */
const pending = sql<boolean>`state = ${sql.lit('pending')}`

/** No desk holds it, or the lease of the one that did ran out. */
function leaseFree(eb: ExpressionBuilder<Database, 'postbacks'>, now: number) {
  return eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', BigInt(now))])
}

/**
 * Takes the lease of the postback due soonest that no one holds (or whose holder's lease ran
 * out), or answers null when none is due. Safe against any number of desks: the UPDATE succeeds
 * for one of them only.
 */
export async function claimNextPostback(
  store: MerchantDb,
  lease: { readonly holder: string; readonly now: number; readonly leaseMs: number }
): Promise<ClaimedPostback | null> {
  const { holder, now, leaseMs } = lease
  for (;;) {
    const candidates = await store.db
      .selectFrom('postbacks')
      .select('id')
      .where(pending)
      .where('next_attempt_at', '<=', BigInt(now))
      .where((eb) => leaseFree(eb, now))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(8)
      .execute()
    if (candidates.length === 0) return null
    for (const { id } of candidates) {
      const taken = await store.db
        .updateTable('postbacks')
        .set({ lease_holder: holder, lease_until: now + leaseMs })
        .where('id', '=', id)
        .where(pending)
        .where('next_attempt_at', '<=', BigInt(now))
        .where((eb) => leaseFree(eb, now))
        .executeTakeFirst()
      if (taken.numUpdatedRows !== 1n) continue
      const row = await store.db
        .selectFrom('postbacks')
        .select(['id', 'url', 'body', 'attempts', 'give_up_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      return { id: Number(row.id), url: row.url, body: row.body, attempt: Number(row.attempts) + 1, giveUpAt: Number(row.give_up_at) }
    }
    // Every candidate went to another desk between the look and the UPDATE: look again.
  }
}

/** What one POST came to. */
export interface AttemptOutcome {
  readonly startedAt: number
  readonly finishedAt: number
  readonly durationMs: number
  /** The shop's status, or null when it never answered. */
  readonly httpStatus: number | null
  /** Why it did not deliver; null for a 2xx. */
  readonly error: string | null
}

export function isDelivered(outcome: Pick<AttemptOutcome, 'httpStatus'>): boolean {
  return outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300
}

/**
 * Records an attempt and what follows from it (delivered, the next try, or given up), and
 * releases the lease, in one transaction. Refused when this desk no longer holds the lease (it
 * ran out and another desk took the postback): then that desk's attempt is the one recorded.
 */
export async function recordAttempt(store: MerchantDb, claimed: ClaimedPostback, holder: string, outcome: AttemptOutcome): Promise<PostbackRow['state']> {
  const delivered = isDelivered(outcome)
  const next = delivered ? null : afterFailure(claimed.attempt, outcome.finishedAt, claimed.giveUpAt)
  const state = delivered ? 'delivered' : (next?.state ?? 'gave_up')
  return withTransaction(store, async (tx) => {
    const moved = await tx.db
      .updateTable('postbacks')
      .set({
        state,
        attempts: BigInt(claimed.attempt),
        next_attempt_at: next?.state === 'pending' ? next.at : null,
        ...(delivered ? { delivered_at: outcome.finishedAt } : {}),
        last_status: outcome.httpStatus,
        last_error: outcome.error,
        lease_holder: null,
        lease_until: null
      })
      .where('id', '=', BigInt(claimed.id))
      .where('lease_holder', '=', holder)
      .where(pending)
      .executeTakeFirst()
    if (moved.numUpdatedRows !== 1n) {
      throw new Error(`postback ${claimed.id}: the lease ran out during attempt ${claimed.attempt}; another desk took it over`)
    }
    await tx.db
      .insertInto('postback_attempts')
      .values({
        postback_id: BigInt(claimed.id),
        attempt: BigInt(claimed.attempt),
        started_at: outcome.startedAt,
        finished_at: outcome.finishedAt,
        http_status: outcome.httpStatus,
        error: outcome.error,
        duration_ms: Math.max(0, Math.round(outcome.durationMs))
      })
      .execute()
    return state
  })
}

/**
 * Sends a delivered or given-up postback again, now, with three more days of retries; the same
 * body, a new signature. Audited with the person who asked.
 */
export async function redeliverPostback(store: MerchantDb, input: { readonly id: number; readonly networkId: NetworkId; readonly actor: string }): Promise<PostbackRow> {
  const { value } = await runAudited(store, async (tx) => {
    const before = await tx.db
      .selectFrom('postbacks')
      .selectAll()
      .where('id', '=', BigInt(input.id))
      .where('network_id', '=', input.networkId)
      .executeTakeFirst()
    if (before === undefined) {
      throw new UserFacingError('postback_not_found', `There is no postback number ${input.id} on this network (see \`merchant-desk postbacks\`). Nothing was sent.`)
    }
    if (before.state === 'pending') {
      const when = before.next_attempt_at === null ? 'soon' : `at ${new Date(Number(before.next_attempt_at)).toISOString()}`
      throw new UserFacingError('postback_pending', `Postback ${input.id} has not been delivered yet and is tried again ${when}; there is nothing to redeliver.`)
    }
    const now = tx.now().getTime()
    const moved = await tx.db
      .updateTable('postbacks')
      .set({ state: 'pending', next_attempt_at: now, give_up_at: now + RETRY_WINDOW_MS, lease_holder: null, lease_until: null })
      .where('id', '=', before.id)
      .where('state', '=', before.state)
      .executeTakeFirst()
    if (moved.numUpdatedRows !== 1n) {
      throw new UserFacingError('postback_moved', `Postback ${input.id} was changed by another desk meanwhile. Look at the list again.`)
    }
    const after = await tx.db.selectFrom('postbacks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow()
    return {
      value: after,
      audit: {
        actor: input.actor,
        action: 'postback.redeliver',
        subject: before.subject,
        before: { postback: input.id, event: before.event, url: before.url, state: before.state, attempts: Number(before.attempts) },
        after: { postback: input.id, event: after.event, url: after.url, state: after.state, attempts: Number(after.attempts) }
      }
    }
  })
  return value
}
