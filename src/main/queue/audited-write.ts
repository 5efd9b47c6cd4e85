// A staff action's writes and its audit entry as ONE transaction (invariant 7): the shape of the
// audit folder's runAudited, over withTransaction, so the writes go through the transaction handle.
import { appendAudit, type AuditEntryInput, type AuditRecord } from '../audit'
import { withTransaction, type MerchantDb } from '../db'

/** Runs `work` on `tx` and appends the entry it says to record; if either throws, neither is kept. */
export async function writeAudited<T>(
  store: MerchantDb,
  work: (tx: MerchantDb) => Promise<{ readonly value: T; readonly audit: AuditEntryInput }>
): Promise<{ readonly value: T; readonly entry: AuditRecord }> {
  return withTransaction(store, async (tx) => {
    const { value, audit } = await work(tx)
    return { value, entry: await appendAudit(tx, audit) }
  })
}
