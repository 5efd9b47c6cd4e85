import type { Handlers } from '../../shared/contract'
import type { MerchantDb } from '../db'
import { listAudit } from './list-audit'
import { verifyAuditLog } from './verify-log'

export function auditHandlers(store: Pick<MerchantDb, 'db'>): Pick<Handlers, 'audit:list' | 'audit:verify'> {
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
