// The sync's repeated queries must walk the index meant for them: at a million payments a wrong
// plan turns a sweep into a million-row scan per batch.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import type { Compilable } from 'kysely'
import { linkedTransactionsQuery } from '../../../src/main/payments/chain-facts'
import { repollQuery, unresolvedBatchQuery } from '../../../src/main/sync/pi-steps'
import { uncheckedBatchQuery } from '../../../src/main/sync/verify-step'
import { sqliteOnly } from '../../support'

const PLAN_REASON = "EXPLAIN QUERY PLAN is SQLite's: PostgreSQL plans are checked by its own benchmarks"

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

function plan(query: Compilable): string[] {
  const { sql, parameters } = query.compile()
  return (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail)
}

sqliteOnly(PLAN_REASON)('sync query plans', () => {
  it('sweeps unchecked payments along the primary key, resuming where the last batch stopped', () => {
    const steps = plan(uncheckedBatchQuery(store, 'sandbox', '', 500))
    expect(steps[0]).toBe('SEARCH p USING INDEX sqlite_autoindex_payments_1 (identifier>?)')
    expect(steps.join('\n')).not.toMatch(/TEMP B-TREE|SCAN/)
    expect(steps).toContain('SEARCH o USING COVERING INDEX chain_operations_by_payment (payment_identifier=?)')
  })

  it('finds a payment’s linked transactions through its own index', () => {
    expect(plan(linkedTransactionsQuery(store, 'sandbox', 'x'.repeat(28)))[0]).toBe('SEARCH chain_operations USING INDEX chain_operations_by_payment (payment_identifier=?)')
  })

  it('reads operations waiting for a lookup from the partial index of unresolved ones', () => {
    const steps = plan(unresolvedBatchQuery(store, 'sandbox', { createdAt: 0n, id: '' }, 500))
    expect(steps[0]).toBe('SEARCH o USING INDEX chain_operations_unresolved (network_id=? AND created_at>?)')
    expect(steps[1]).toMatch(/^SEARCH t USING INDEX sqlite_autoindex_chain_transactions_1/)
  })

  it('lists payments to re-poll from the partial index of non-final ones', () => {
    expect(plan(repollQuery(store, 'sandbox'))[0]).toBe('SEARCH payments USING INDEX payments_to_repoll (network_id=?)')
  })
})
