// The dashboard's SQL, in one place. Sums are SQLite INTEGER sums (sum() raises an error on
// overflow instead of turning to a float), read back as bigint. No payment row is ever loaded
// into JavaScript: the queries return one row per day, per queue age or per (direction, status).
//
// Time pieces (time-pieces.ts) arrive in a small temp table, each tagged with the bucket it
// counts towards: a day's index in the period (0, 1, ...), or one of the negative buckets below.
// CROSS JOIN keeps the pieces as the outer loop (SQLite never reorders it), so each piece seeks
// its own range of payment_totals, or of payments for a raw piece.
import type SqliteDatabase from 'better-sqlite3'
import { BOOK_CLASS_SQL } from '../ledger'
import { LATEST_MS } from './time-pieces'

export const BUCKETS = {
  period: -1,
  queueUnderHour: -2,
  queueUnderDay: -3,
  queueUnderWeek: -4,
  queueAll: -5
} as const

const PIECES_TABLE = `CREATE TEMP TABLE IF NOT EXISTS dashboard_pieces (
  bucket INTEGER NOT NULL,
  span TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  sign INTEGER NOT NULL,
  PRIMARY KEY (bucket, span, from_ms, sign)
) WITHOUT ROWID`

const LATEST = String(LATEST_MS)
const DIRECTIONS = `('app_to_user', 'user_to_app')`
const STATUSES = `('approved', 'cancelled', 'completed', 'created', 'submitted', 'user_cancelled', 'verified')`
/** The incomplete queue: a transaction exists, and the payment is neither completed nor cancelled. */
const QUEUE_STATUSES = `('submitted', 'verified')`

/** From a piece to the payment_totals rows of its span and range, through the primary key. */
const totalsOfPiece = (statuses: string) => `payment_totals AS t
    ON t.network_id = @network AND t.span = d.span AND t.direction IN ${DIRECTIONS} AND t.status IN ${statuses}
    AND t.is_refund IN (0, 1) AND t.starts_at >= d.from_ms AND t.starts_at < d.to_ms`

/** From a raw piece to the payments created in it. */
const paymentsOfPiece = (statuses: string) => `payments AS p INDEXED BY payments_by_status
    ON p.network_id = @network AND p.status IN ${statuses} AND p.created_at >= d.from_ms AND p.created_at < d.to_ms`

/**
 * Count and stroops per bucket and direction, for payments in `statuses`, over the buckets
 * between @firstBucket and @lastBucket. Pieces come in bucket order (the temp table's key), so
 * each arm groups without sorting.
 */
const bucketSums = (statuses: string) => `
SELECT bucket, coalesce(sum(received_count), 0) AS received_count, coalesce(sum(received), 0) AS received,
       coalesce(sum(paid_count), 0) AS paid_count, coalesce(sum(paid), 0) AS paid
FROM (
  SELECT d.bucket,
    sum(d.sign * t.payment_count) FILTER (WHERE t.direction = 'user_to_app') AS received_count,
    sum(d.sign * t.amount_stroops) FILTER (WHERE t.direction = 'user_to_app') AS received,
    sum(d.sign * t.payment_count) FILTER (WHERE t.direction = 'app_to_user') AS paid_count,
    sum(d.sign * t.amount_stroops) FILTER (WHERE t.direction = 'app_to_user') AS paid
  FROM temp.dashboard_pieces AS d CROSS JOIN ${totalsOfPiece(statuses)}
  WHERE d.bucket BETWEEN @firstBucket AND @lastBucket AND d.span IN ('day', 'hour', 'quarter')
  GROUP BY d.bucket
  UNION ALL
  SELECT d.bucket,
    sum(d.sign) FILTER (WHERE p.direction = 'user_to_app'),
    sum(d.sign * p.amount_stroops) FILTER (WHERE p.direction = 'user_to_app'),
    sum(d.sign) FILTER (WHERE p.direction = 'app_to_user'),
    sum(d.sign * p.amount_stroops) FILTER (WHERE p.direction = 'app_to_user')
  FROM temp.dashboard_pieces AS d CROSS JOIN ${paymentsOfPiece(statuses)}
  WHERE d.bucket BETWEEN @firstBucket AND @lastBucket AND d.span = 'raw'
  GROUP BY d.bucket
)
GROUP BY bucket`

/** Completed payments per business day. */
const DAILY = bucketSums(`('completed')`)

/** The queue per age bucket (and in all). */
const QUEUE = bucketSums(QUEUE_STATUSES)

/** The oldest payment still in the queue: the first entry of each queue status in the index. */
const oldestOf = (status: string) => `(SELECT created_at FROM payments INDEXED BY payments_by_status
    WHERE network_id = @network AND status = '${status}' ORDER BY created_at LIMIT 1)`
const QUEUE_OLDEST = `SELECT min(coalesce(${oldestOf('submitted')}, ${LATEST}), coalesce(${oldestOf('verified')}, ${LATEST})) AS oldest`

/** Count and stroops per direction, status and refund-or-not over the whole period. */
const PERIOD = `
SELECT direction, status, is_refund, sum(n) AS count, sum(v) AS amount
FROM (
  SELECT t.direction, t.status, t.is_refund, d.sign * t.payment_count AS n, d.sign * t.amount_stroops AS v
  FROM temp.dashboard_pieces AS d CROSS JOIN ${totalsOfPiece(STATUSES)}
  WHERE d.bucket = ${BUCKETS.period} AND d.span IN ('day', 'hour', 'quarter')
  UNION ALL
  SELECT p.direction, p.status, p.refund_of IS NOT NULL, d.sign, d.sign * p.amount_stroops
  FROM temp.dashboard_pieces AS d CROSS JOIN ${paymentsOfPiece(STATUSES)}
  WHERE d.bucket = ${BUCKETS.period} AND d.span = 'raw'
)
GROUP BY direction, status, is_refund`

/**
 * Count and stroops per direction and class for the books over the period's pieces, from
 * book_totals (0004) and, for raw pieces, from payments with the ledger's own class term, so the
 * dashboard's books are the ledger's and the export's sums without reading every payment.
 */
const BOOKS = `
SELECT direction, book, sum(n) AS count, sum(v) AS amount
FROM (
  SELECT t.direction, t.book, d.sign * t.payment_count AS n, d.sign * t.amount_stroops AS v
  FROM temp.dashboard_pieces AS d CROSS JOIN book_totals AS t
    ON t.network_id = @network AND t.span = d.span AND t.direction IN ${DIRECTIONS}
    AND t.book IN ('cancelled', 'failed_check', 'on_chain', 'pending') AND t.starts_at >= d.from_ms AND t.starts_at < d.to_ms
  WHERE d.bucket = ${BUCKETS.period} AND d.span IN ('day', 'hour', 'quarter')
  UNION ALL
  SELECT p.direction, ${BOOK_CLASS_SQL}, d.sign, d.sign * p.amount_stroops
  FROM temp.dashboard_pieces AS d CROSS JOIN payments AS p INDEXED BY payments_by_time
    ON p.network_id = @network AND p.created_at >= d.from_ms AND p.created_at < d.to_ms
  WHERE d.bucket = ${BUCKETS.period} AND d.span = 'raw'
)
GROUP BY direction, book`

/** Fees of the app wallet's own transactions (failed ones charge a fee too). */
const FEES = `
SELECT count(*) AS count, coalesce(sum(fee_charged_stroops), 0) AS total
FROM chain_transactions INDEXED BY chain_transactions_by_source
WHERE network_id = @network AND source_account = @wallet AND created_at >= @from AND created_at < @to`

export interface DashboardStatements {
  readonly clearPieces: SqliteDatabase.Statement
  /** Takes the pieces as one JSON array of [bucket, span, from, to, sign]: one statement, not thousands. */
  readonly addPieces: SqliteDatabase.Statement
  readonly daily: SqliteDatabase.Statement
  readonly period: SqliteDatabase.Statement
  readonly queue: SqliteDatabase.Statement
  readonly queueOldest: SqliteDatabase.Statement
  readonly fees: SqliteDatabase.Statement
  readonly books: SqliteDatabase.Statement
}

const prepared = new WeakMap<SqliteDatabase.Database, DashboardStatements>()

/** Prepared once per connection (the temp table is per connection too). */
export function prepareDashboardStatements(sqlite: SqliteDatabase.Database): DashboardStatements {
  const known = prepared.get(sqlite)
  if (known !== undefined) return known
  sqlite.exec(PIECES_TABLE)
  const statements: DashboardStatements = {
    clearPieces: sqlite.prepare('DELETE FROM temp.dashboard_pieces'),
    addPieces: sqlite.prepare(
      `INSERT INTO temp.dashboard_pieces (bucket, span, from_ms, to_ms, sign)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)`
    ),
    daily: sqlite.prepare(DAILY),
    period: sqlite.prepare(PERIOD),
    queue: sqlite.prepare(QUEUE),
    queueOldest: sqlite.prepare(QUEUE_OLDEST),
    fees: sqlite.prepare(FEES),
    books: sqlite.prepare(BOOKS)
  }
  prepared.set(sqlite, statements)
  return statements
}

export const DASHBOARD_SQL = { DAILY, PERIOD, QUEUE, QUEUE_OLDEST, FEES, BOOKS } as const
