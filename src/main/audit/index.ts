// The audit log (invariant 7): append-only, hash-chained, verifiable.
export {
  appendAudit,
  runAudited,
  entryHash,
  hashedContent,
  type AuditEntryInput,
  type AuditedWork,
  unchainedEntry,
  type UnchainedEntry,
  type AuditRecord,
  type AuditStore
} from './audit-log'
export { verifyAuditLog, type AuditVerification } from './verify-log'
export { listAudit, type ListAuditOptions } from './list-audit'
export { canonicalJson } from './canonical-json'
export { auditHandlers } from './handlers'
