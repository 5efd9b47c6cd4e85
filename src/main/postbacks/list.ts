// The deliveries list: every postback of a network, newest first, each with every attempt.
import type { MerchantDb } from '../db'
import type { PostbackAttemptView, PostbackTopic, PostbackView } from '../../shared/contract/postbacks'
import type { NetworkId } from '../../shared/network'
import type { PostbackRow } from './journal'

export interface PostbackListFilter {
  readonly networkId: NetworkId
  readonly topic?: PostbackTopic
  /** One invoice's or payment's postbacks (its timeline). */
  readonly subject?: string
  readonly limit?: number
}

export async function listPostbacks(store: MerchantDb, filter: PostbackListFilter): Promise<PostbackView[]> {
  let query = store.db.selectFrom('postbacks').selectAll().where('network_id', '=', filter.networkId)
  if (filter.topic !== undefined) query = query.where('topic', '=', filter.topic)
  if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200)
    .execute()
  if (rows.length === 0) return []
  const attempts = await store.db
    .selectFrom('postback_attempts')
    .selectAll()
    .where(
      'postback_id',
      'in',
      rows.map((row) => row.id)
    )
    .orderBy('postback_id')
    .orderBy('attempt')
    .execute()
  const history = new Map<bigint, PostbackAttemptView[]>()
  for (const attempt of attempts) {
    const list = history.get(attempt.postback_id) ?? []
    list.push({
      attempt: Number(attempt.attempt),
      startedAt: iso(attempt.started_at),
      finishedAt: iso(attempt.finished_at),
      httpStatus: attempt.http_status === null ? null : Number(attempt.http_status),
      error: attempt.error,
      durationMs: Number(attempt.duration_ms)
    })
    history.set(attempt.postback_id, list)
  }
  return rows.map((row) => toPostbackView(row, history.get(row.id) ?? []))
}

export function toPostbackView(row: PostbackRow, history: readonly PostbackAttemptView[]): PostbackView {
  return {
    id: Number(row.id),
    networkId: row.network_id,
    topic: row.topic,
    subject: row.subject,
    event: row.event,
    url: row.url,
    body: row.body,
    state: row.state,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at === null ? null : iso(row.next_attempt_at),
    createdAt: iso(row.created_at),
    giveUpAt: iso(row.give_up_at),
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    history
  }
}

function iso(ms: bigint): string {
  return new Date(Number(ms)).toISOString()
}
