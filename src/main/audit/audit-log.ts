// Invariant 7: every staff action is recorded (who, when, what, before and after) in an
// append-only, hash-chained log. Each entry's hash is sha256(prev_hash + canonical JSON of the
// entry without its seq), where prev_hash is the hash of the entry before it (64 zeros for the
// first). The database's triggers refuse updates, deletes and out-of-order inserts; the chain makes
// an edit behind their back (triggers dropped, file edited) visible to verifyAuditLog.
//
// An entry is written in the same SQLite transaction as the action's own write (runAudited), so
// the ledger never shows an action the log does not, nor the other way round.
import { createHash } from 'node:crypto'
import type { MerchantDb } from '../db'
import { AUDIT_GENESIS_HASH } from '../db'
import { UserFacingError } from '../../shared/errors'
import type { JsonValue } from '../../shared/contract/queue'
import { canonicalJson } from './canonical-json'

export type AuditStore = Pick<MerchantDb, 'sqlite' | 'now'>

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

/**
 * Appends one entry after the latest. Safe to call inside a caller's transaction (it then becomes
 * part of it); on its own it takes the write lock first, so two writers cannot chain onto the same
 * entry.
 */
export function appendAudit(store: AuditStore, input: AuditEntryInput): AuditRecord {
  const actor = checkName(input.actor, 'actor')
  const action = checkName(input.action, 'action')
  if (input.subject !== null && (typeof input.subject !== 'string' || input.subject.length > MAX_NAME)) {
    throw new TypeError('The audit subject must be a short text or null.')
  }
  const at = input.at ?? store.now()
  const atMs = at.getTime()
  if (!Number.isSafeInteger(atMs)) throw new TypeError('The audit time is not a valid date.')
  const content = hashedContent({ at: atMs, actor, action, subject: input.subject, before: input.before, after: input.after })
  const beforeJson = input.before === null ? null : canonicalJson(input.before)
  const afterJson = input.after === null ? null : canonicalJson(input.after)

  const { sqlite } = store
  return sqlite
    .transaction((): AuditRecord => {
      const latest = sqlite.prepare<[], string>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get()
      const prevHash = latest ?? AUDIT_GENESIS_HASH
      const hash = entryHash(prevHash, content)
      const inserted = sqlite
        .prepare(
          `INSERT INTO audit_log (at, actor, action, subject, before_json, after_json, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(atMs, actor, action, input.subject, beforeJson, afterJson, prevHash, hash)
      return {
        seq: Number(inserted.lastInsertRowid),
        at: new Date(atMs),
        actor,
        action,
        subject: input.subject,
        before: input.before,
        after: input.after,
        prevHash,
        hash
      }
    })
    .immediate()
}

/**
 * Runs an action's database write and its audit entry as ONE transaction: `work` writes and
 * says what to record; if either part throws, neither is kept.
 */
export function runAudited<T>(
  store: AuditStore,
  work: () => { readonly value: T; readonly audit: AuditEntryInput }
): { readonly value: T; readonly entry: AuditRecord } {
  return store.sqlite
    .transaction(() => {
      const { value, audit } = work()
      return { value, entry: appendAudit(store, audit) }
    })
    .immediate()
}

function checkName(value: string, field: 'actor' | 'action'): string {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '' || text.length > MAX_NAME) {
    throw new UserFacingError('invalid_audit_entry', `Every audit entry needs an ${field} (at most ${MAX_NAME} characters).`)
  }
  return text
}
