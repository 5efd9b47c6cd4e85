// The dashboard reads ranges of payment_totals through its primary key, piece by piece, reads
// payments only for the raw pieces off a quarter hour, and never scans a whole table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import type { RawBuilder } from 'kysely'
import { prepareDashboardPieces } from '../../../src/main/db'
import { dashboardQueries } from '../../../src/main/dashboard/summary-sql'

let store: MerchantDb
beforeAll(async () => {
  store = openDatabase(':memory:')
  await prepareDashboardPieces(store.db)
})
afterAll(() => store.close())

const DASHBOARD_SQL = dashboardQueries({ network: 'mainnet', wallet: 'GAPP', from: 1, to: 2, firstBucket: 0, lastBucket: 9 })
const planOf = (query: RawBuilder<unknown>) => {
  const { sql, parameters } = query.compile(store.db)
  return (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail)
}

const TOTALS_RANGE =
  'SEARCH t USING PRIMARY KEY (network_id=? AND span=? AND direction=? AND status=? AND is_refund=? AND starts_at>? AND starts_at<?)'
const RAW_RANGE = 'SEARCH p USING INDEX payments_by_status (network_id=? AND status=? AND created_at>? AND created_at<?)'

describe('dashboard query plans', () => {
  it.each([
    ['each day', 'DAILY', 'SEARCH d USING PRIMARY KEY (bucket>? AND bucket<?)'],
    ['the queue ages', 'QUEUE', 'SEARCH d USING PRIMARY KEY (bucket>? AND bucket<?)'],
    ['the period', 'PERIOD', 'SEARCH d USING PRIMARY KEY (bucket=? AND span=?)']
  ] as const)('sums %s piece by piece from ranges of totals, and raw pieces from payments', (_name, query, pieces) => {
    const plan = planOf(DASHBOARD_SQL[query])
    expect(plan).toEqual(expect.arrayContaining([pieces, TOTALS_RANGE, RAW_RANGE]))
    // The pieces are the outer loop: each one seeks its own range.
    expect(plan.indexOf(pieces)).toBeLessThan(plan.indexOf(TOTALS_RANGE))
    // Only the few grouped rows of the two arms are sorted, never the totals they sum.
    expect(plan.filter((step) => step.includes('TEMP B-TREE'))).toEqual(['USE TEMP B-TREE FOR GROUP BY'])
  })

  it('finds the oldest queued payment at the start of each queue status in the index', async () => {
    expect(planOf(DASHBOARD_SQL.QUEUE_OLDEST).filter((step) => step.startsWith('SEARCH'))).toEqual([
      'SEARCH payments USING INDEX payments_by_status (network_id=? AND status=?)',
      'SEARCH payments USING INDEX payments_by_status (network_id=? AND status=?)'
    ])
  })

  it("reads the app wallet's fees from its covering index", async () => {
    expect(planOf(DASHBOARD_SQL.FEES)).toEqual([
      'SEARCH chain_transactions USING COVERING INDEX chain_transactions_by_source (network_id=? AND source_account=? AND created_at>? AND created_at<?)'
    ])
  })

  it('never scans payments, payment_totals or chain_transactions', async () => {
    for (const sql of Object.values(DASHBOARD_SQL)) {
      expect(planOf(sql).filter((step) => /^SCAN (p|t|payments|chain_transactions)\b/.test(step))).toEqual([])
    }
  })
})
