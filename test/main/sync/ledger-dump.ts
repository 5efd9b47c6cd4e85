// Every row the sync writes, in a stable order, for "same database" comparisons.
import type { MerchantDb } from '../../../src/main/db'
import { ledgerSql } from '../../support'

const TABLES: Readonly<Record<string, string>> = {
  payments: 'SELECT * FROM payments ORDER BY identifier',
  chain_transactions: 'SELECT * FROM chain_transactions ORDER BY network_id, hash',
  chain_operations: 'SELECT * FROM chain_operations ORDER BY network_id, id',
  sync_cursors: 'SELECT * FROM sync_cursors ORDER BY network_id, stream'
}

/**
 * PostgreSQL's payments carry row_order, an insertion counter like SQLite's hidden rowid: a crashed
 * attempt consumes numbers, so it is not part of what "the same database" means on either engine.
 */
const NOT_COMPARED = new Set(['row_order'])

export async function dumpLedger(store: MerchantDb): Promise<Record<string, unknown[]>> {
  const db = ledgerSql(store)
  const rowsOf = async (sql: string) =>
    (await db.all(sql)).map((row) => Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([column]) => !NOT_COMPARED.has(column))))
  return Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([table, sql]) => [table, await rowsOf(sql)])))
}

export async function rowCounts(store: MerchantDb): Promise<Record<string, number>> {
  const db = ledgerSql(store)
  return Object.fromEntries(
    await Promise.all(Object.keys(TABLES).map(async (table) => [table, Number(await db.value(`SELECT count(*) FROM ${table}`))]))
  )
}
