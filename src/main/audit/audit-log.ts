// Invariant 7: every staff action is recorded (who, when, what, before and after) in an
// append-only, hash-chained log. Each entry's hash is sha256(prev_hash + canonical JSON of the
// entry without its seq), where prev_hash is the hash of the entry before it (64 zeros for the
// first). The database's triggers refuse updates, deletes and out-of-order inserts; the chain makes
// an edit behind their back (triggers dropped, file edited) visible to verifyAuditLog.
//
// An entry is written in the same transaction as the action's own write (runAudited), so
// the ledger never shows an action the log does not, nor the other way round.
import { createHash } from 'node:crypto'
import { AUDIT_GENESIS_HASH, withTransaction, type MerchantDb } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { JsonValue } from '../../shared/contract/queue'
import { canonicalJson } from './canonical-json'

/** The ledger, or the transaction an entry joins. */
export type AuditStore = MerchantDb

export interface AuditEntryInput {
  /** Who: the OS user name for the CLI, "desktop" for the app. */
  readonly actor: string
  /** What, as `domain.verb`: payment.complete, payment.cancel, ... */
  readonly action: string
  /** Which thing it was about (a payment identifier), or null. */
  readonly subject: string | null
  readonly before: JsonValue
  readonly after: JsonValue
  /** When; defaults to the store's clock. */
  readonly at?: Date
}

export interface AuditRecord {
  readonly seq: number
  readonly at: Date
  readonly actor: string
  readonly action: string
  readonly subject: string | null
  readonly before: JsonValue
  readonly after: JsonValue
  readonly prevHash: string
  readonly hash: string
}

const MAX_NAME = 200

/** The part of an entry its hash covers: everything but seq (which the database assigns). */
export function hashedContent(entry: {
  readonly at: number
  readonly actor: string
  readonly action: string
  readonly subject: string | null
  readonly before: JsonValue
  readonly after: JsonValue
}): string {
  return canonicalJson({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    before: entry.before,
    after: entry.after
  })
}

export function entryHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash + content, 'utf8').digest('hex')
}

/** An entry checked and written out as stored, all but its place in the chain (prev_hash, hash). */
export interface UnchainedEntry {
  readonly at: number
  readonly actor: string
  readonly action: string
  readonly subject: string | null
  readonly before_json: string | null
  readonly after_json: string | null
  /** What its hash covers (hashedContent). */
  readonly content: string
}

/** Checks an entry and spells it as stored; throws for a missing actor or action, or what JSON cannot hold. */
export function unchainedEntry(input: AuditEntryInput, now: () => Date): UnchainedEntry {
  const actor = checkName(input.actor, 'actor')
  const action = checkName(input.action, 'action')
  if (input.subject !== null && (typeof input.subject !== 'string' || input.subject.length > MAX_NAME)) {
    throw new TypeError('The audit subject must be a short text or null.')
  }
  const atMs = (input.at ?? now()).getTime()
  if (!Number.isSafeInteger(atMs)) throw new TypeError('The audit time is not a valid date.')
  return {
    at: atMs,
    actor,
    action,
    subject: input.subject,
    before_json: input.before === null ? null : canonicalJson(input.before),
    after_json: input.after === null ? null : canonicalJson(input.after),
    content: hashedContent({ at: atMs, actor, action, subject: input.subject, before: input.before, after: input.after })
  }
}

/**
 * Appends one entry after the latest. Inside a caller's transaction (pass its handle) it becomes
 * part of it; on its own it runs in a transaction of its own, which takes the write lock before
 * reading the latest hash (BEGIN IMMEDIATE), so two writers cannot chain onto the same entry.
 */
export async function appendAudit(store: AuditStore, input: AuditEntryInput): Promise<AuditRecord> {
  const { content, ...entry } = unchainedEntry(input, store.now)
  return withTransaction(store, async (tx): Promise<AuditRecord> => {
    const latest = await tx.db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst()
    const prevHash = latest?.hash ?? AUDIT_GENESIS_HASH
    const hash = entryHash(prevHash, content)
    const inserted = await tx.db
      .insertInto('audit_log')
      .values({ ...entry, prev_hash: prevHash, hash })
      .returning('seq')
      .executeTakeFirstOrThrow()
    return {
      seq: Number(inserted.seq),
      at: new Date(entry.at),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      before: input.before,
      after: input.after,
      prevHash,
      hash
    }
  })
}

/** What an audited action's work returns: its result, and the entry that records it. */
export interface AuditedWork<T> {
  readonly value: T
  readonly audit: AuditEntryInput
}

/**
 * Runs an action's database write and its audit entry as ONE transaction: `work` writes through
 * the transaction handle it is given and says what to record; if either part throws, neither is
 * kept. Joins the caller's transaction when `store` is one.
 */
export function runAudited<T>(
  store: AuditStore,
  work: (tx: MerchantDb) => Promise<AuditedWork<T>> | AuditedWork<T>
): Promise<{ readonly value: T; readonly entry: AuditRecord }> {
  return withTransaction(store, async (tx) => {
    const { value, audit } = await work(tx)
    return { value, entry: await appendAudit(tx, audit) }
  })
}

function checkName(value: string, field: 'actor' | 'action'): string {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '' || text.length > MAX_NAME) {
    throw new UserFacingError('invalid_audit_entry', `Every audit entry needs an ${field} (at most ${MAX_NAME} characters).`)
  }
  return text
}
