// Reads the whole audit log in order and checks the chain: each entry's content still hashes to
// its stored hash, each entry names the hash of the one before it, no seq is missing in between,
// and no entry was cut off the end (SQLite's AUTOINCREMENT counter remembers the highest seq ever
// written). What the chain cannot prove on its own: that nobody recomputed every hash after an
// edit. Keep `headHash` somewhere else (a printout, an email) to close that gap.
import { AUDIT_GENESIS_HASH, highestSeqWritten, type MerchantDb } from '../db'
import type { AuditVerifyView } from '../../shared/contract/queue'
import { canonicalJson, parseStoredJson } from './canonical-json'
import { entryHash, hashedContent } from './audit-log'
import { AUDIT_COLUMNS, type StoredAuditEntry as StoredEntry } from './stored-entry'

export type AuditVerification = AuditVerifyView

/** Entries read per query: the log is read in pages, never held whole in memory. */
const PAGE = 1000

export async function verifyAuditLog(store: Pick<MerchantDb, 'db'>): Promise<AuditVerification> {
  // The highest seq ever written is read first: an entry appended while the pages are read has a
  // higher seq, so it can never pass for one cut off the end.
  const written = (await highestSeqWritten(store.db, 'audit_log', 'seq').execute(store.db)).rows[0]?.seq
  const highest = written === undefined ? 0 : Number(written)

  let entries = 0
  let expectedSeq = 1
  let previousHash = AUDIT_GENESIS_HASH
  let broken: { seq: number; reason: string } | null = null
  let after = 0n
  for (;;) {
    const rows = await store.db.selectFrom('audit_log').select(AUDIT_COLUMNS).where('seq', '>', after).orderBy('seq').limit(PAGE).execute()
    for (const row of rows) {
      entries += 1
      if (broken !== null) continue
      const seq = Number(row.seq)
      const problem = problemWith(row, seq, expectedSeq, previousHash)
      if (problem !== null) broken = { seq, reason: problem }
      expectedSeq = seq + 1
      previousHash = row.hash
    }
    const last = rows.at(-1)
    if (last === undefined || rows.length < PAGE) break
    after = last.seq
  }

  if (broken === null && highest >= expectedSeq) {
    broken = {
      seq: expectedSeq,
      reason:
        expectedSeq === highest
          ? `Entry ${highest}, the last one written, has been removed.`
          : `Entries ${expectedSeq} to ${highest}, the last ones written, have been removed.`
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
