// The dashboard's buckets and the one term it lends the SQL of src/main/db/sql/dashboard-totals.ts:
// time pieces are tagged with a day's index in the period (0, 1, ...) or one of the buckets below.
import { expressionBuilder } from 'kysely'
import type { NetworkId } from '../../shared/network'
import { bookGroups, completedPerBucket, oldestQueued, queuedPerBucket, statusGroups, walletFees, type SqlDialectSource } from '../db'
import { bookClass, type PaymentsDb } from '../ledger'

export const BUCKETS = {
  period: -1,
  queueUnderHour: -2,
  queueUnderDay: -3,
  queueUnderWeek: -4,
  queueAll: -5
} as const

/** The ledger's own class for the books, over `payments AS p`, for the raw pieces' payments. */
export const booksClassTerm = bookClass(expressionBuilder<PaymentsDb, 'p'>())

/** Every query the dashboard sends, with these values (for EXPLAIN QUERY PLAN in tests). */
export function dashboardQueries(values: { engine?: SqlDialectSource; network: NetworkId; wallet: string; from: number; to: number; firstBucket: number; lastBucket: number }) {
  const engine = values.engine ?? { kind: 'sqlite' }
  return {
    DAILY: completedPerBucket(engine, values.network, values.firstBucket, values.lastBucket),
    PERIOD: statusGroups(engine, values.network, BUCKETS.period),
    QUEUE: queuedPerBucket(engine, values.network, values.firstBucket, values.lastBucket),
    QUEUE_OLDEST: oldestQueued(engine, values.network),
    FEES: walletFees(engine, values.network, values.wallet, values.from, values.to),
    BOOKS: bookGroups(engine, values.network, BUCKETS.period, booksClassTerm)
  } as const
}
