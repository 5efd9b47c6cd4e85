// The sandbox's simulated chain lives in memory and is generated anew at every start, so rows a
// previous sandbox run left behind would point at transactions that no longer exist. This clears
// one network's ledger rows in one transaction. The audit log is never touched: it is append-only.
// Nor is the export history: it records files that were written and handed on, which stay written.
import type { MerchantDb } from './open'

const NEVER_CLEARED = new Set(['audit_log', 'settings', 'schema_migrations', 'export_history'])

export function clearNetworkLedger(store: MerchantDb, networkId: 'sandbox'): number {
  const tables = store.sqlite
    .prepare(
      `SELECT m.name FROM sqlite_master m
       WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'network_id')`
    )
    .pluck()
    .all() as string[]
  let removed = 0
  store.sqlite.transaction(() => {
    // Rows reference each other (refunds, operations of transactions): check keys at commit only.
    store.sqlite.pragma('defer_foreign_keys = ON')
    for (const table of tables) {
      if (NEVER_CLEARED.has(table)) continue
      removed += store.sqlite.prepare(`DELETE FROM "${table.replaceAll('"', '""')}" WHERE network_id = ?`).run(networkId).changes
    }
  })()
  return removed
}
