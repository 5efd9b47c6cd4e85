// The dashboard's numbers for a period of business days, computed in SQL from payment_totals
// (see migrations/0001_initial.ts) so a year over a million payments reads a few thousand rows.
import type { Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import { DISPLAY_STATUSES, type DisplayStatus } from '../../shared/payments'
import {
  bookGroups,
  clearDashboardPieces,
  completedPerBucket,
  oldestQueued,
  putDashboardPieces,
  queuedPerBucket,
  statusGroups,
  walletFees,
  withReadTransaction,
  type BucketSums,
  type StatusGroup
} from '../db'
import type { MerchantDb } from '../db'
import { booksOf, ledgerBookTotals, type BookTotals, type PaymentFilter } from '../ledger'
import { businessDays, type BusinessDay } from './business-days'
import { BUCKETS, booksClassTerm } from './summary-sql'
import { coverRange, DAY_MS, HOUR_MS, LATEST_MS, EARLIEST_MS } from './time-pieces'

export interface Tally {
  readonly count: number
  readonly amount: Stroops
}

export interface DailyTotals {
  readonly day: string
  readonly start: Date
  readonly end: Date
  /** Completed user-to-app payments created that day. */
  readonly received: Tally
  /** Completed app-to-user payments (refunds and payouts) created that day. */
  readonly paid: Tally
}

export interface StatusTotals extends Tally {
  readonly status: DisplayStatus
  readonly userToApp: Tally
  readonly appToUser: Tally
}

export interface QueueAge {
  readonly label: '<1h' | '1-24h' | '1-7d' | '>7d'
  readonly count: number
}

export interface DashboardSummary {
  readonly networkId: NetworkId
  readonly timeZone: string
  readonly days: readonly DailyTotals[]
  /**
   * Payments created in the period for the books: per direction, what moved on chain and the
   * rest by name. The same sum as the ledger's footer and the payments export's manifest.
   */
  readonly books: BookTotals
  /** Payments created in the period, per status (every status, zeros included). */
  readonly statuses: readonly StatusTotals[]
  /** Refunds created in the period: paid, and under way (neither completed nor cancelled). */
  readonly refunds: { readonly completed: Tally; readonly inProgress: Tally }
  /** Fees the app wallet paid on its own transactions in the period; null without a wallet. */
  readonly fees: Tally | null
  /** The incomplete queue as it stands now, whatever the period. */
  readonly queue: {
    readonly count: number
    readonly oldestCreatedAt: Date | null
    readonly oldestAgeMs: number | null
    readonly ages: readonly QueueAge[]
  }
}

export interface DashboardRequest {
  /** First and last business day (YYYY-MM-DD), both included. */
  readonly from: string
  readonly to: string
  /** IANA zone the merchant's days are counted in. */
  readonly timeZone: string
  readonly networkId: NetworkId
  /** The app wallet's address, whose transactions' fees are summed. */
  readonly appWallet: string | null
}

const ZERO: Tally = { count: 0, amount: 0n }

/** Checks the request at once (an unknown zone, a period upside down), then reads. */
export function dashboardSummary(store: MerchantDb, request: DashboardRequest): Promise<DashboardSummary> {
  const days = businessDays(request.from, request.to, request.timeZone)
  return summarize(store, request, days)
}

async function summarize(store: MerchantDb, request: DashboardRequest, days: readonly BusinessDay[]): Promise<DashboardSummary> {
  const first = days[0] as BusinessDay
  const last = days[days.length - 1] as BusinessDay
  const now = store.now().getTime()
  const network = request.networkId

  // Queue ages by creation time, as half-open ranges: "under an hour" is created after now - 1h.
  const hourAgo = now - HOUR_MS + 1
  const dayAgo = now - DAY_MS + 1
  const weekAgo = now - 7 * DAY_MS + 1
  const ranges: ReadonlyArray<readonly [number, number, number]> = [
    ...days.map((day, index) => [index, day.start, day.end] as const),
    [BUCKETS.period, first.start, last.end],
    [BUCKETS.queueUnderHour, hourAgo, LATEST_MS],
    [BUCKETS.queueUnderDay, dayAgo, hourAgo],
    [BUCKETS.queueUnderWeek, weekAgo, dayAgo],
    [BUCKETS.queueAll, EARLIEST_MS, LATEST_MS]
  ]
  const pieces = ranges.flatMap(([bucket, from, to]) =>
    coverRange(from, to).map((piece) => [bucket, piece.span, piece.from, piece.to, piece.sign] as const)
  )

  // One read transaction: every figure describes the same moment, even while a sync writes.
  return withReadTransaction(store, async ({ db }): Promise<DashboardSummary> => {
    await putDashboardPieces(db, pieces)
    const daily = bucketRows((await completedPerBucket(db, network, 0, days.length - 1).execute(db)).rows)
    const groups = (await statusGroups(db, network, BUCKETS.period).execute(db)).rows
    const queue = bucketRows((await queuedPerBucket(db, network, BUCKETS.queueAll, BUCKETS.queueUnderHour).execute(db)).rows)
    const oldestRow = (await oldestQueued(db, network).execute(db)).rows[0]?.oldest ?? BigInt(LATEST_MS)
    const oldest = oldestRow === BigInt(LATEST_MS) ? null : oldestRow
    const fees =
      request.appWallet === null
        ? null
        : ((await walletFees(db, network, request.appWallet, first.start, last.end).execute(db)).rows[0] ?? null)
    const books = booksOf((await bookGroups(db, network, BUCKETS.period, booksClassTerm).execute(db)).rows)
    await clearDashboardPieces(db)

    const queued = (bucket: number) => {
      const row = queue.get(bucket)
      return row ? Number(row.received_count + row.paid_count) : 0
    }
    const [underHour, underDay, underWeek, all] = [
      BUCKETS.queueUnderHour,
      BUCKETS.queueUnderDay,
      BUCKETS.queueUnderWeek,
      BUCKETS.queueAll
    ].map(queued) as [number, number, number, number]

    return {
      networkId: network,
      timeZone: request.timeZone,
      days: days.map((day, index) => {
        const row = daily.get(index)
        return {
          day: day.day,
          start: new Date(day.start),
          end: new Date(day.end),
          received: row ? tally(row.received_count, row.received) : ZERO,
          paid: row ? tally(row.paid_count, row.paid) : ZERO
        }
      }),
      books,
      statuses: statusTotals(groups),
      refunds: refundTotals(groups),
      fees: fees === null ? null : tally(fees.count, fees.total),
      queue: {
        count: all,
        oldestCreatedAt: oldest === null ? null : new Date(Number(oldest)),
        oldestAgeMs: oldest === null ? null : Math.max(0, now - Number(oldest)),
        ages: [
          { label: '<1h', count: underHour },
          { label: '1-24h', count: underDay },
          { label: '1-7d', count: underWeek },
          { label: '>7d', count: all - underHour - underDay - underWeek }
        ]
      }
    }
  })
}

/**
 * The books of the payments created in [from, to) (any instants, not only business days): the
 * Ledger's footer for a filter on creation dates alone reads the same totals as the dashboard.
 */
export async function booksBetween(store: MerchantDb, networkId: NetworkId, from: number, to: number): Promise<BookTotals> {
  return withReadTransaction(store, async ({ db }) => {
    await putDashboardPieces(
      db,
      coverRange(from, to).map((piece) => [BUCKETS.period, piece.span, piece.from, piece.to, piece.sign] as const)
    )
    const books = booksOf((await bookGroups(db, networkId, BUCKETS.period, booksClassTerm).execute(db)).rows)
    await clearDashboardPieces(db)
    return books
  })
}

/**
 * The Ledger footer's books: through book_totals when the filter is on creation dates alone (or
 * none), so an unfiltered ledger of a million payments adds up in milliseconds; else over the
 * filter's whole set, with the same class term.
 */
export async function booksOfFilter(store: MerchantDb, networkId: NetworkId, filter: PaymentFilter): Promise<BookTotals> {
  const keys = Object.keys(filter)
  const period = filter.period
  if (keys.every((key) => key === 'period') && (period === undefined || period.field === 'created_at')) {
    return booksBetween(store, networkId, period?.from?.getTime() ?? EARLIEST_MS, period?.to?.getTime() ?? LATEST_MS)
  }
  return ledgerBookTotals(store, { networkId, filter })
}

function bucketRows(rows: readonly BucketSums[]): Map<number, BucketSums> {
  return new Map(rows.map((row) => [Number(row.bucket), row] as const))
}

function tally(count: bigint, amount: bigint): Tally {
  return { count: Number(count), amount }
}

function add(a: Tally, count: bigint, amount: bigint): Tally {
  return { count: a.count + Number(count), amount: a.amount + amount }
}

/** Folds the (at most 28) group rows SQL returned into one entry per status. */
function statusTotals(groups: readonly StatusGroup[]): StatusTotals[] {
  return DISPLAY_STATUSES.map((status) => {
    let userToApp = ZERO
    let appToUser = ZERO
    for (const group of groups) {
      if (group.status !== status) continue
      if (group.direction === 'user_to_app') userToApp = add(userToApp, group.count, group.amount)
      else appToUser = add(appToUser, group.count, group.amount)
    }
    return { status, count: userToApp.count + appToUser.count, amount: userToApp.amount + appToUser.amount, userToApp, appToUser }
  })
}

function refundTotals(groups: readonly StatusGroup[]): DashboardSummary['refunds'] {
  let completed = ZERO
  let inProgress = ZERO
  for (const group of groups) {
    if (group.is_refund !== 1n) continue
    if (group.status === 'completed') completed = add(completed, group.count, group.amount)
    else if (group.status !== 'cancelled' && group.status !== 'user_cancelled') inProgress = add(inProgress, group.count, group.amount)
  }
  return { completed, inProgress }
}
