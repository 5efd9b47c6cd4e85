import type { Handlers } from '../../shared/contract'
import type { AuditStore } from './audit-log'
import { listAudit } from './list-audit'
import { verifyAuditLog } from './verify-log'

export function auditHandlers(store: Pick<AuditStore, 'sqlite'>): Pick<Handlers, 'audit:list' | 'audit:verify'> {
  return {
    'audit:list': (input) =>
      listAudit(store, {
        cursor: input.cursor ?? null,
        limit: input.limit,
        ...(input.subject === undefined ? {} : { subject: input.subject })
      }),
    'audit:verify': () => verifyAuditLog(store)
  }
}
