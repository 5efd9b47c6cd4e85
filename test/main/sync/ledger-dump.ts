// Every row the sync writes, in a stable order, for "same database" comparisons.
import type { MerchantDb } from '../../../src/main/db'

const TABLES: Readonly<Record<string, string>> = {
  payments: 'SELECT * FROM payments ORDER BY identifier',
  chain_transactions: 'SELECT * FROM chain_transactions ORDER BY network_id, hash',
  chain_operations: 'SELECT * FROM chain_operations ORDER BY network_id, id',
  sync_cursors: 'SELECT * FROM sync_cursors ORDER BY network_id, stream'
}

export function dumpLedger(store: MerchantDb): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(TABLES).map(([table, sql]) => [table, store.sqlite.prepare(sql).all()]))
}

export function rowCounts(store: MerchantDb): Record<string, number> {
  return Object.fromEntries(
    Object.keys(TABLES).map((table) => [table, Number(store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get())])
  )
}
