// The sandbox's simulated chain lives in memory and is generated anew at every start, so rows a
// previous sandbox run left behind would point at transactions that no longer exist. This clears
// one network's ledger rows in one transaction. The audit log is never touched: it is append-only.
// Nor is the export history: it records files that were written and handed on, which stay written.
import { sql } from 'kysely'
import type { MerchantDb } from './open'
import type { Database } from './schema'
import { tablesWithColumn } from './sql/catalog'
import { deferForeignKeys } from './sql/foreign-keys'
import { withTransaction } from './transaction'

const NEVER_CLEARED = new Set(['audit_log', 'settings', 'schema_migrations', 'export_history'])

/** Returns how many rows were removed (rows removed with them by cascades not counted). */
export async function clearNetworkLedger(store: MerchantDb, networkId: 'sandbox'): Promise<number> {
  return withTransaction(store, async (tx) => {
    const { rows: tables } = await tablesWithColumn(tx.db, 'network_id').execute(tx.db)
    // Rows reference each other (refunds, operations of transactions): check keys at commit only.
    await deferForeignKeys(tx.db).execute(tx.db)
    let removed = 0
    for (const { name } of tables) {
      if (NEVER_CLEARED.has(name)) continue
      // Every table listed has a network_id column; which ones is the catalog's answer, not the schema's.
      const table = name as keyof Database
      const result = await tx.db.deleteFrom(table).where(sql.ref('network_id'), '=', networkId).executeTakeFirst()
      removed += Number(result.numDeletedRows)
    }
    return removed
  })
}
