// An audit_log row as the database returns it (schema.ts), read by the list and the verifier
// alike, so the two can never disagree on what an entry holds.
import type { Selectable } from 'kysely'
import type { AuditLogTable } from '../db'

export type StoredAuditEntry = Selectable<AuditLogTable>

export const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'before_json', 'after_json', 'prev_hash', 'hash'] as const
