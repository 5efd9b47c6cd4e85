// Reads the whole audit log in order and checks the chain: each entry's content still hashes to
// its stored hash, each entry names the hash of the one before it, no seq is missing in between,
// and no entry was cut off the end (SQLite's AUTOINCREMENT counter remembers the highest seq ever
// written). What the chain cannot prove on its own: that nobody recomputed every hash after an
// edit. Keep `headHash` somewhere else (a printout, an email) to close that gap.
import { AUDIT_GENESIS_HASH } from '../db'
import type { AuditVerifyView } from '../../shared/contract/queue'
import { canonicalJson, parseStoredJson } from './canonical-json'
import { entryHash, hashedContent, type AuditStore } from './audit-log'
import { AUDIT_COLUMNS, type StoredAuditEntry as StoredEntry } from './stored-entry'

export type AuditVerification = AuditVerifyView

export function verifyAuditLog(store: Pick<AuditStore, 'sqlite'>): AuditVerification {
  const rows = store.sqlite
    .prepare<[], StoredEntry>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`
    )
    .iterate()
  let entries = 0
  let expectedSeq = 1
  let previousHash = AUDIT_GENESIS_HASH
  let broken: { seq: number; reason: string } | null = null
  for (const row of rows) {
    entries += 1
    if (broken !== null) continue
    const seq = Number(row.seq)
    const problem = problemWith(row, seq, expectedSeq, previousHash)
    if (problem !== null) broken = { seq, reason: problem }
    expectedSeq = seq + 1
    previousHash = row.hash
  }

  if (broken === null) {
    const written = store.sqlite
      .prepare<[], bigint>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
      .pluck()
      .get()
    const highest = written === undefined ? 0 : Number(written)
    if (highest >= expectedSeq) {
      broken = {
        seq: expectedSeq,
        reason:
          expectedSeq === highest
            ? `Entry ${highest}, the last one written, has been removed.`
            : `Entries ${expectedSeq} to ${highest}, the last ones written, have been removed.`
      }
    }
  }

  return {
    ok: broken === null,
    entries,
    firstBrokenSeq: broken?.seq ?? null,
    reason: broken?.reason ?? null,
    headHash: entries === 0 ? null : previousHash
  }
}

function problemWith(row: StoredEntry, seq: number, expectedSeq: number, previousHash: string): string | null {
  if (seq !== expectedSeq) {
    const missing = expectedSeq === seq - 1 ? `Entry ${expectedSeq} is` : `Entries ${expectedSeq} to ${seq - 1} are`
    return `${missing} missing before entry ${seq}: removed from the log.`
  }
  let before: ReturnType<typeof parseStoredJson>
  let after: ReturnType<typeof parseStoredJson>
  try {
    before = parseStoredJson(row.before_json)
    after = parseStoredJson(row.after_json)
  } catch {
    return `Entry ${seq} cannot be read any more: its before or after was damaged.`
  }
  // Written canonical, so any other spelling was written by something else.
  const rewritten =
    (row.before_json !== null && row.before_json !== canonicalJson(before)) ||
    (row.after_json !== null && row.after_json !== canonicalJson(after))
  const content = hashedContent({ at: Number(row.at), actor: row.actor, action: row.action, subject: row.subject, before, after })
  if (rewritten || entryHash(row.prev_hash, content) !== row.hash) {
    return `Entry ${seq} was changed after it was written: its content no longer matches its hash.`
  }
  if (row.prev_hash !== previousHash) {
    return `Entry ${seq} does not follow entry ${seq - 1}: an entry before it was rewritten or replaced.`
  }
  return null
}
