// Every row the sync writes, in a stable order, for "same database" comparisons.
import type { MerchantDb } from '../../../src/main/db'
import { ledgerSql } from '../../support'

const TABLES: Readonly<Record<string, string>> = {
  payments: 'SELECT * FROM payments ORDER BY identifier',
  chain_transactions: 'SELECT * FROM chain_transactions ORDER BY network_id, hash',
  chain_operations: 'SELECT * FROM chain_operations ORDER BY network_id, id',
  sync_cursors: 'SELECT * FROM sync_cursors ORDER BY network_id, stream'
}

export async function dumpLedger(store: MerchantDb): Promise<Record<string, unknown[]>> {
  const db = ledgerSql(store)
  return Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([table, sql]) => [table, await db.all(sql)])))
}

export async function rowCounts(store: MerchantDb): Promise<Record<string, number>> {
  const db = ledgerSql(store)
  return Object.fromEntries(
    await Promise.all(Object.keys(TABLES).map(async (table) => [table, Number(await db.value(`SELECT count(*) FROM ${table}`))]))
  )
}
