// The audit log newest first, a page at a time (keyset on seq), optionally for one subject.
import type { AuditEntryView, AuditPageView } from '../../shared/contract/queue'
import { parseStoredJson } from './canonical-json'
import type { MerchantDb } from '../db'
import { AUDIT_COLUMNS, type StoredAuditEntry as StoredEntry } from './stored-entry'

export interface ListAuditOptions {
  /** Entries with a smaller seq than this (a previous page's nextCursor); null or absent: the newest. */
  readonly cursor?: string | null
  readonly limit?: number
  readonly subject?: string
}

const MAX_LIMIT = 500

export async function listAudit(store: Pick<MerchantDb, 'db'>, options: ListAuditOptions = {}): Promise<AuditPageView> {
  const limit = options.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`limit must be 1 to ${MAX_LIMIT}`)
  const cursor = options.cursor ?? null
  if (cursor !== null && !/^\d{1,19}$/.test(cursor)) throw new RangeError('cursor must be a sequence number')
  const below = cursor === null ? BigInt(Number.MAX_SAFE_INTEGER) : BigInt(cursor)

  let query = store.db.selectFrom('audit_log').select(AUDIT_COLUMNS).where('seq', '<', below)
  if (options.subject !== undefined) query = query.where('subject', '=', options.subject)
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute()

  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    entries: page.map(toView),
    nextCursor: rows.length > limit && last !== undefined ? String(last.seq) : null
  }
}

function toView(row: StoredEntry): AuditEntryView {
  return {
    seq: Number(row.seq),
    at: new Date(Number(row.at)).toISOString(),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    before: readable(row.before_json),
    after: readable(row.after_json),
    hash: row.hash,
    prevHash: row.prev_hash
  }
}

/** A damaged entry still lists (verifyAuditLog says what is wrong with it). */
function readable(text: string | null): ReturnType<typeof parseStoredJson> {
  try {
    return parseStoredJson(text)
  } catch {
    return { unreadable: text ?? '' }
  }
}
