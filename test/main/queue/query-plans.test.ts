// The queue is read on every visit and after every sync: at a million payments it must read the
// few open payments through the partial index of non-final ones, never the whole ledger.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Compilable } from 'kysely'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { storedByMemoQuery } from '../../../src/main/queue/chain-lookup'
import { countQueueQuery, queueIdentifiersQuery, queueRowsQuery } from '../../../src/main/queue/queue-store'
import { sqliteOnly } from '../../support'

const PLAN_REASON = "EXPLAIN QUERY PLAN is SQLite's: PostgreSQL plans are checked by its own benchmarks"

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

/** The plan of the very query the queue runs, as kysely compiles it. */
function plan(query: Compilable): string[] {
  const { sql, parameters } = query.compile()
  return (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail)
}

sqliteOnly(PLAN_REASON)('queue query plans', () => {
  it('lists the queue from the partial index of non-final payments, with each one\'s transaction by its own index', () => {
    const steps = plan(queueRowsQuery(store, 'sandbox', 1000))
    expect(steps[0]).toBe('SEARCH p USING INDEX payments_to_repoll (network_id=?)')
    expect(steps.join('\n')).not.toMatch(/SCAN|payments_by_time/)
    expect(steps.some((step) => step.includes('USING INDEX chain_operations_by_payment (payment_identifier=?)'))).toBe(true)
  })

  it('counts and watches the queue from the same index', () => {
    expect(plan(countQueueQuery(store, 'sandbox'))[0]).toMatch(/^SEARCH payments USING (COVERING )?INDEX payments_to_repoll \(network_id=\?\)$/)
    expect(plan(queueIdentifiersQuery(store, 'sandbox'))[0]).toMatch(/^SEARCH payments USING (COVERING )?INDEX payments_to_repoll \(network_id=\?\)$/)
  })

  it('looks for a payment\'s stored transactions by its link, and unresolved ones from their partial index', () => {
    const steps = plan(storedByMemoQuery(store, 'sandbox', 'x'.repeat(28), 0))
    expect(steps).toContain('SEARCH o USING INDEX chain_operations_by_payment (payment_identifier=?)')
    expect(steps).toContain('SEARCH o USING INDEX chain_operations_unresolved (network_id=? AND created_at>?)')
    expect(steps.join('\n')).not.toMatch(/SCAN|chain_operations_by_transaction/)
  })
})
