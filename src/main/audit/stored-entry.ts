// An audit_log row as better-sqlite3 returns it (INTEGERs as bigint), read by the list and the
// verifier alike, so the two can never disagree on what an entry holds.
export interface StoredAuditEntry {
  readonly seq: bigint
  readonly at: bigint
  readonly actor: string
  readonly action: string
  readonly subject: string | null
  readonly before_json: string | null
  readonly after_json: string | null
  readonly prev_hash: string
  readonly hash: string
}

export const AUDIT_COLUMNS = 'seq, at, actor, action, subject, before_json, after_json, prev_hash, hash'
