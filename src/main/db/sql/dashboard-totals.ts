// The dashboard's sums over time pieces (dashboard/time-pieces.ts), in SQLite's SQL. Sums are
// SQLite INTEGER sums (sum() raises an error on overflow instead of turning to a float), read back
// as bigint. No payment row is ever loaded into JavaScript: the queries return one row per day,
// per queue age or per (direction, status).
//
// Time pieces arrive in a small per-connection temp table, each tagged with the bucket it counts
// towards: a day's index in the period (0, 1, ...), or a negative bucket the caller names.
// CROSS JOIN keeps the pieces as the outer loop (SQLite never reorders it), so each piece seeks
// its own range of payment_totals, or of payments for a raw piece. What is SQLite's own here: the
// temp table, json_each to fill it in one statement, CROSS JOIN as a join-order hint, INDEXED BY.
//
// PostgreSQL: the dashboard reads in a READ ONLY transaction, where even a temp table cannot be
// made, so the pieces travel as a transaction-local setting (set_config) that the queries unpack
// with jsonb_array_elements (jsonb: a piece's members are read without parsing its text again, a
// few ms over a year of half-hour-zone pieces); plain JOINs, and the planner's statistics choose
// the indexes. The same statement turns off, for this transaction only, parallel workers and JIT:
// the planner cannot see how few pieces the setting holds, costs each raw arm as thousands of rows,
// and starting two workers (or compiling) cost more than the sums themselves (bench, issue 17).
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely'
import type { NetworkId } from '../../../shared/network'
import type { DisplayStatus, PaymentDirection } from '../../../shared/payments'
import type { BookClass } from '../../../shared/contract/books'
import type { Database } from '../schema'
import { isPostgres, type SqlDialectSource } from '../engine-kind'

type Engine = SqlDialectSource

/** The transaction-local setting that carries the pieces on PostgreSQL. */
const PIECES_SETTING = 'merchant_desk.dashboard_pieces'

/** One piece: [bucket, span, from ms, to ms, sign]. */
export type DashboardPiece = readonly [number, string, number, number, number]

/** The buckets the period-wide and queue sums read; the caller's day buckets are 0, 1, 2, ... */
export interface PieceBuckets {
  readonly period: number
}

const PIECES_TABLE = sql`CREATE TEMP TABLE IF NOT EXISTS dashboard_pieces (
  bucket INTEGER NOT NULL,
  span TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  sign INTEGER NOT NULL,
  PRIMARY KEY (bucket, span, from_ms, sign)
) WITHOUT ROWID`

/** Replaces the connection's pieces with these; one statement, not thousands (one JSON parameter). */
export async function putDashboardPieces(db: Kysely<Database>, pieces: readonly DashboardPiece[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`SELECT set_config(${PIECES_SETTING}, ${JSON.stringify(pieces)}, true),
      set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`.execute(db)
    return
  }
  await PIECES_TABLE.execute(db)
  await sql`DELETE FROM temp.dashboard_pieces`.execute(db)
  if (pieces.length === 0) return
  // Times up to Date's limits are below 2^53: exact as JSON numbers, read back as INTEGER.
  await sql`INSERT INTO temp.dashboard_pieces (bucket, span, from_ms, to_ms, sign)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(${JSON.stringify(pieces)})`.execute(db)
}

export async function clearDashboardPieces(db: Kysely<Database>): Promise<void> {
  if (isPostgres(db)) {
    await sql`SELECT set_config(${PIECES_SETTING}, '[]', true)`.execute(db)
    return
  }
  await sql`DELETE FROM temp.dashboard_pieces`.execute(db)
}

/** Creates the temp table on this connection (tests read query plans without filling it). */
export async function prepareDashboardPieces(db: Kysely<Database>): Promise<void> {
  await PIECES_TABLE.execute(db)
}

const LATEST = sql.raw(String(8_640_000_000_000_000))
const DIRECTIONS = sql.raw(`('app_to_user', 'user_to_app')`)
const STATUSES = sql.raw(`('approved', 'cancelled', 'completed', 'created', 'submitted', 'user_cancelled', 'verified')`)
/** The incomplete queue: a transaction exists, and the payment is neither completed nor cancelled. */
const QUEUE_STATUSES = sql.raw(`('submitted', 'verified')`)
const COMPLETED = sql.raw(`('completed')`)

/** The pieces as a table `d`, then the join that walks from each piece. */
const piecesJoin = (engine: Engine) =>
  isPostgres(engine)
    ? sql`(SELECT (p ->> 0)::bigint AS bucket, p ->> 1 AS span, (p ->> 2)::bigint AS from_ms, (p ->> 3)::bigint AS to_ms,
        (p ->> 4)::bigint AS sign FROM jsonb_array_elements(current_setting(${sql.lit(PIECES_SETTING)})::jsonb) AS p) AS d JOIN`
    : sql`temp.dashboard_pieces AS d CROSS JOIN`

/** `table AS alias`, walking `index` on SQLite. */
const walking = (engine: Engine, table: string, alias: string, index: string) =>
  isPostgres(engine) ? sql.raw(`${table} AS ${alias}`) : sql.raw(`${table} AS ${alias} INDEXED BY ${index}`)

/** From a piece to the payment_totals rows of its span and range, through the primary key. */
const totalsOfPiece = (network: NetworkId, statuses: RawBuilder<unknown>) => sql`payment_totals AS t
    ON t.network_id = ${network} AND t.span = d.span AND t.direction IN ${DIRECTIONS} AND t.status IN ${statuses}
    AND t.is_refund IN (0, 1) AND t.starts_at >= d.from_ms AND t.starts_at < d.to_ms`

/** From a raw piece to the payments created in it. */
const paymentsOfPiece = (engine: Engine, network: NetworkId, statuses: RawBuilder<unknown>) => sql`${walking(engine, 'payments', 'p', 'payments_by_status')}
    ON p.network_id = ${network} AND p.status IN ${statuses} AND p.created_at >= d.from_ms AND p.created_at < d.to_ms`

export interface BucketSums {
  readonly bucket: bigint
  readonly received_count: bigint
  readonly received: bigint
  readonly paid_count: bigint
  readonly paid: bigint
}

/**
 * Count and stroops per bucket and direction, for payments in `statuses`, over the buckets
 * between firstBucket and lastBucket. Pieces come in bucket order (the temp table's key), so
 * each arm groups without sorting.
 */
const bucketSums = (statuses: RawBuilder<unknown>) => (engine: Engine, network: NetworkId, firstBucket: number, lastBucket: number) => sql<BucketSums>`
SELECT bucket, coalesce(sum(received_count), 0) AS received_count, coalesce(sum(received), 0) AS received,
       coalesce(sum(paid_count), 0) AS paid_count, coalesce(sum(paid), 0) AS paid
FROM (
  SELECT d.bucket,
    sum(d.sign * t.payment_count) FILTER (WHERE t.direction = 'user_to_app') AS received_count,
    sum(d.sign * t.amount_stroops) FILTER (WHERE t.direction = 'user_to_app') AS received,
    sum(d.sign * t.payment_count) FILTER (WHERE t.direction = 'app_to_user') AS paid_count,
    sum(d.sign * t.amount_stroops) FILTER (WHERE t.direction = 'app_to_user') AS paid
  FROM ${piecesJoin(engine)} ${totalsOfPiece(network, statuses)}
  WHERE d.bucket BETWEEN ${BigInt(firstBucket)} AND ${BigInt(lastBucket)} AND d.span IN ('day', 'hour', 'quarter')
  GROUP BY d.bucket
  UNION ALL
  SELECT d.bucket,
    sum(d.sign) FILTER (WHERE p.direction = 'user_to_app'),
    sum(d.sign * p.amount_stroops) FILTER (WHERE p.direction = 'user_to_app'),
    sum(d.sign) FILTER (WHERE p.direction = 'app_to_user'),
    sum(d.sign * p.amount_stroops) FILTER (WHERE p.direction = 'app_to_user')
  FROM ${piecesJoin(engine)} ${paymentsOfPiece(engine, network, statuses)}
  WHERE d.bucket BETWEEN ${BigInt(firstBucket)} AND ${BigInt(lastBucket)} AND d.span = 'raw'
  GROUP BY d.bucket
) AS arms
GROUP BY bucket`

/** Completed payments per bucket (each business day). */
export const completedPerBucket = bucketSums(COMPLETED)

/** The incomplete queue per bucket (each age, and in all). */
export const queuedPerBucket = bucketSums(QUEUE_STATUSES)

/** The oldest payment still in the queue: the first entry of each queue status in the index. */
export function oldestQueued(engine: Engine, network: NetworkId): RawBuilder<{ oldest: bigint }> {
  const oldestOf = (status: string) => sql`(SELECT created_at FROM ${walking(engine, 'payments', 'payments', 'payments_by_status')}
    WHERE network_id = ${network} AND status = ${sql.lit(status)} ORDER BY created_at LIMIT 1)`
  const least = isPostgres(engine) ? sql`least` : sql`min`
  return sql`SELECT ${least}(coalesce(${oldestOf('submitted')}, ${LATEST}), coalesce(${oldestOf('verified')}, ${LATEST})) AS oldest`
}

export interface StatusGroup {
  readonly direction: PaymentDirection
  readonly status: DisplayStatus
  readonly is_refund: bigint
  readonly count: bigint
  readonly amount: bigint
}

/** Count and stroops per direction, status and refund-or-not over the pieces of `bucket`. */
export function statusGroups(engine: Engine, network: NetworkId, bucket: number): RawBuilder<StatusGroup> {
  return sql<StatusGroup>`
SELECT direction, status, is_refund, sum(n) AS count, sum(v) AS amount
FROM (
  SELECT t.direction, t.status, t.is_refund, d.sign * t.payment_count AS n, d.sign * t.amount_stroops AS v
  FROM ${piecesJoin(engine)} ${totalsOfPiece(network, STATUSES)}
  WHERE d.bucket = ${sql.lit(bucket)} AND d.span IN ('day', 'hour', 'quarter')
  UNION ALL
  SELECT p.direction, p.status, CASE WHEN p.refund_of IS NOT NULL THEN 1 ELSE 0 END, d.sign, d.sign * p.amount_stroops
  FROM ${piecesJoin(engine)} ${paymentsOfPiece(engine, network, STATUSES)}
  WHERE d.bucket = ${sql.lit(bucket)} AND d.span = 'raw'
) AS arms
GROUP BY direction, status, is_refund`
}

export interface BookGroup {
  readonly direction: PaymentDirection
  readonly book: BookClass
  readonly count: bigint
  readonly amount: bigint
}

/**
 * Count and stroops per direction and class for the books over the pieces of `bucket`, from
 * book_totals (0004) and, for raw pieces, from payments with `bookClass` (the ledger's own class
 * term over `payments AS p`), so the dashboard's books are the ledger's and the export's sums
 * without reading every payment.
 */
export function bookGroups(engine: Engine, network: NetworkId, bucket: number, bookClass: Expression<BookClass>): RawBuilder<BookGroup> {
  return sql<BookGroup>`
SELECT direction, book, sum(n) AS count, sum(v) AS amount
FROM (
  SELECT t.direction, t.book, d.sign * t.payment_count AS n, d.sign * t.amount_stroops AS v
  FROM ${piecesJoin(engine)} book_totals AS t
    ON t.network_id = ${network} AND t.span = d.span AND t.direction IN ${DIRECTIONS}
    AND t.book IN ('cancelled', 'failed_check', 'on_chain', 'pending') AND t.starts_at >= d.from_ms AND t.starts_at < d.to_ms
  WHERE d.bucket = ${sql.lit(bucket)} AND d.span IN ('day', 'hour', 'quarter')
  UNION ALL
  SELECT p.direction, ${bookClass}, d.sign, d.sign * p.amount_stroops
  FROM ${piecesJoin(engine)} ${walking(engine, 'payments', 'p', 'payments_by_time')}
    ON p.network_id = ${network} AND p.created_at >= d.from_ms AND p.created_at < d.to_ms
  WHERE d.bucket = ${sql.lit(bucket)} AND d.span = 'raw'
) AS arms
GROUP BY direction, book`
}

/** Fees of the app wallet's own transactions created in [from, to) (failed ones charge a fee too). */
export function walletFees(engine: Engine, network: NetworkId, wallet: string, from: number, to: number): RawBuilder<{ count: bigint; total: bigint }> {
  return sql`
SELECT count(*) AS count, coalesce(sum(fee_charged_stroops), 0) AS total
FROM ${walking(engine, 'chain_transactions', 'chain_transactions', 'chain_transactions_by_source')}
WHERE network_id = ${network} AND source_account = ${wallet} AND created_at >= ${BigInt(from)} AND created_at < ${BigInt(to)}`
}
