// The dashboard's figures on crafted payments, to the stroop: days counted in the business time
// zone across DST changes and at half-hour offsets, statuses, refunds, fees and the queue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import { dashboardSummary, type DashboardRequest, type DashboardSummary } from '../../../src/main/dashboard'
import { APP_WALLET, craftPayment, insertPayments, type CraftedPayment } from '../ledger/payment-factory'

const PI = 10_000_000n
const utc = (text: string) => Date.parse(text)
const NOW = utc('2025-04-10T12:00:00.000Z')
const BUYER = `G${'BUYER'.padEnd(55, 'B')}`

let store: MerchantDb
beforeEach(async () => {
  store = openDatabase(':memory:', { now: () => new Date(NOW) })
})
afterEach(() => store.close())

function insert(specs: readonly CraftedPayment[]): string[] {
  const rows = specs.map((spec, index) => craftPayment(index, spec))
  insertPayments(store, rows)
  return rows.map((row) => row.identifier)
}

function insertTransaction(n: number, createdAt: string, source: string, fee: bigint, options: { network?: string; successful?: 0 | 1 } = {}) {
  store.sqlite
    .prepare(
      `INSERT INTO chain_transactions (network_id, hash, ledger, created_at, source_account, fee_charged_stroops,
         max_fee_stroops, operation_count, successful, memo_type, memo, paging_token)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 'none', NULL, ?)`
    )
    .run(options.network ?? 'sandbox', n.toString(16).padStart(64, '0'), n, utc(createdAt), source, fee, fee, options.successful ?? 1, String(n))
}

const summary = (request: Partial<DashboardRequest> & Pick<DashboardRequest, 'from' | 'to' | 'timeZone'>): Promise<DashboardSummary> =>
  dashboardSummary(store, { networkId: 'sandbox', appWallet: APP_WALLET, ...request })

const dailyOf = (result: DashboardSummary) =>
  result.days.map((day) => [day.day, day.received.count, day.received.amount, day.paid.count, day.paid.amount])

/** Europe/Berlin, 29 to 31 March 2025: the 30th has 23 hours (CET to CEST at 01:00 UTC). */
function berlinWeek(): void {
  const ids = insert([
    /* 0 */ { status: 'completed', amount: 10n * PI, createdAt: utc('2025-03-28T22:59:59.999Z') }, // 28th: before
    /* 1 */ { status: 'completed', amount: 1n * PI, createdAt: utc('2025-03-28T23:00:00.000Z') }, // 29th 00:00
    /* 2 */ { status: 'completed', amount: 2n * PI, createdAt: utc('2025-03-29T22:59:59.999Z') }, // 29th 23:59:59
    /* 3 */ { status: 'completed', amount: 3n * PI, createdAt: utc('2025-03-29T23:00:00.000Z') }, // 30th 00:00
    /* 4 */ { status: 'completed', amount: 4n * PI, createdAt: utc('2025-03-30T21:59:59.999Z') }, // 30th 23:59:59 CEST
    /* 5 */ { status: 'cancelled', amount: 7n * PI, createdAt: utc('2025-03-31T10:00:00.000Z') },
    /* 6 */ { status: 'submitted', amount: 8n * PI, createdAt: utc('2025-03-31T21:59:59.999Z') }, // 31st, last ms
    /* 7 */ { status: 'completed', amount: 20n * PI, createdAt: utc('2025-03-31T22:00:00.000Z') }, // 1 April: after
    /* 8 */ { status: 'completed', amount: 100n * PI, createdAt: utc('2025-03-30T12:00:00.000Z'), networkId: 'mainnet' },
    /* 9 */ { status: 'completed', direction: 'app_to_user', amount: 5n * PI, createdAt: utc('2025-03-29T12:00:00.000Z') } // a payout
  ])
  const refunds = [
    /* 10 */ { status: 'completed', amount: PI / 2n, createdAt: utc('2025-03-30T22:00:00.000Z'), refundOf: ids[1] }, // 31st 00:00
    /* 11 */ { status: 'verified', amount: PI / 4n, createdAt: utc('2025-03-31T08:00:00.000Z'), refundOf: ids[2] },
    /* 12 */ { status: 'cancelled', amount: 1n * PI, createdAt: utc('2025-03-31T09:00:00.000Z'), refundOf: ids[3] }
  ] as const
  insertPayments(store, refunds.map((spec, index) => craftPayment(10 + index, spec)))
  // The queue, after the period: under an hour, a day, a week, and exactly seven days old.
  insertPayments(store, [
    craftPayment(20, { status: 'submitted', amount: PI, createdAt: NOW - 30 * 60_000 }),
    craftPayment(21, { status: 'verified', amount: PI, createdAt: NOW - 2 * 3_600_000 }),
    craftPayment(22, { status: 'submitted', amount: PI, createdAt: NOW - 3 * 86_400_000 }),
    craftPayment(23, { status: 'submitted', amount: PI, createdAt: NOW - 7 * 86_400_000 }),
    craftPayment(24, { status: 'submitted', amount: PI, createdAt: NOW - 10 * 60_000, networkId: 'mainnet' })
  ])
  insertTransaction(1, '2025-03-29T12:00:05Z', APP_WALLET, 100_000n) // the payout
  insertTransaction(2, '2025-03-30T22:00:05Z', APP_WALLET, 100_000n) // the refund
  insertTransaction(3, '2025-03-31T08:00:05Z', APP_WALLET, 200_000n, { successful: 0 }) // failed: still charged
  insertTransaction(4, '2025-03-28T20:00:00Z', APP_WALLET, 100_000n) // before the period
  insertTransaction(5, '2025-03-30T10:00:00Z', BUYER, 100_000n) // a buyer's, not ours
  insertTransaction(6, '2025-03-30T10:00:00Z', APP_WALLET, 100_000n, { network: 'mainnet' })
}

describe('dashboardSummary', () => {
  it('counts completed payments per Berlin day, the 23-hour DST day included', async () => {
    berlinWeek()
    expect(dailyOf(await summary({ from: '2025-03-29', to: '2025-03-31', timeZone: 'Europe/Berlin' }))).toEqual([
      ['2025-03-29', 2, 3n * PI, 1, 5n * PI],
      ['2025-03-30', 2, 7n * PI, 0, 0n],
      ['2025-03-31', 0, 0n, 1, PI / 2n]
    ])
  })

  it('breaks the period down by status and direction, with every status listed', async () => {
    berlinWeek()
    const result = await summary({ from: '2025-03-29', to: '2025-03-31', timeZone: 'Europe/Berlin' })
    expect(result.statuses.map((row) => [row.status, row.count, row.amount, row.userToApp.count, row.appToUser.amount])).toEqual([
      ['created', 0, 0n, 0, 0n],
      ['approved', 0, 0n, 0, 0n],
      ['submitted', 1, 8n * PI, 1, 0n],
      ['verified', 1, PI / 4n, 0, PI / 4n],
      ['completed', 6, 15n * PI + PI / 2n, 4, 5n * PI + PI / 2n],
      ['cancelled', 2, 8n * PI, 1, 1n * PI],
      ['user_cancelled', 0, 0n, 0, 0n]
    ])
  })

  it('totals refunds paid and under way, leaving cancelled ones out', async () => {
    berlinWeek()
    const result = await summary({ from: '2025-03-29', to: '2025-03-31', timeZone: 'Europe/Berlin' })
    expect(result.refunds).toEqual({ completed: { count: 1, amount: PI / 2n }, inProgress: { count: 1, amount: PI / 4n } })
  })

  it("sums the fees of the app wallet's own transactions in the period, failed ones included", async () => {
    berlinWeek()
    const result = await summary({ from: '2025-03-29', to: '2025-03-31', timeZone: 'Europe/Berlin' })
    expect(result.fees).toEqual({ count: 3, amount: 400_000n })
    expect((await summary({ from: '2025-03-29', to: '2025-03-31', timeZone: 'Europe/Berlin', appWallet: null })).fees).toBeNull()
  })

  it('ages the incomplete queue as it stands now', async () => {
    berlinWeek()
    const { queue } = await summary({ from: '2025-03-29', to: '2025-03-31', timeZone: 'Europe/Berlin' })
    expect(queue).toEqual({
      count: 6,
      oldestCreatedAt: new Date('2025-03-31T08:00:00.000Z'),
      oldestAgeMs: 10 * 86_400_000 + 4 * 3_600_000,
      ages: [
        { label: '<1h', count: 1 },
        { label: '1-24h', count: 1 },
        { label: '1-7d', count: 1 },
        { label: '>7d', count: 3 }
      ]
    })
  })

  it('answers zeros for a period with no payments, and the queue still as it is', async () => {
    berlinWeek()
    const result = await summary({ from: '2024-01-01', to: '2024-01-03', timeZone: 'Europe/Berlin' })
    expect(dailyOf(result)).toEqual([
      ['2024-01-01', 0, 0n, 0, 0n],
      ['2024-01-02', 0, 0n, 0, 0n],
      ['2024-01-03', 0, 0n, 0, 0n]
    ])
    expect(result.statuses.every((row) => row.count === 0 && row.amount === 0n)).toBe(true)
    expect(result.refunds).toEqual({ completed: { count: 0, amount: 0n }, inProgress: { count: 0, amount: 0n } })
    expect(result.fees).toEqual({ count: 0, amount: 0n })
    expect(result.queue.count).toBe(6)
  })

  it('answers zeros everywhere on an empty database', async () => {
    const result = await summary({ from: '2025-03-29', to: '2025-03-29', timeZone: 'UTC' })
    expect(dailyOf(result)).toEqual([['2025-03-29', 0, 0n, 0, 0n]])
    expect(result.queue).toEqual({
      count: 0,
      oldestCreatedAt: null,
      oldestAgeMs: null,
      ages: ['<1h', '1-24h', '1-7d', '>7d'].map((label) => ({ label, count: 0 }))
    })
  })

  it('counts the 25-hour New York day when clocks fall back', async () => {
    insert([
      { status: 'completed', amount: 1n * PI, createdAt: utc('2025-11-02T04:00:00.000Z') }, // 2nd 00:00 EDT
      { status: 'completed', amount: 2n * PI, createdAt: utc('2025-11-03T04:30:00.000Z') }, // 2nd 23:30 EST
      { status: 'completed', amount: 4n * PI, createdAt: utc('2025-11-03T05:00:00.000Z') }, // 3rd 00:00 EST
      { status: 'completed', amount: 8n * PI, createdAt: utc('2025-11-02T03:59:59.999Z') } // 1st
    ])
    expect(dailyOf(await summary({ from: '2025-11-01', to: '2025-11-03', timeZone: 'America/New_York' }))).toEqual([
      ['2025-11-01', 1, 8n * PI, 0, 0n],
      ['2025-11-02', 2, 3n * PI, 0, 0n],
      ['2025-11-03', 1, 4n * PI, 0, 0n]
    ])
  })

  it('counts the 23-hour New York day when clocks spring forward', async () => {
    insert([
      { status: 'completed', amount: 1n * PI, createdAt: utc('2025-03-09T05:00:00.000Z') }, // 9th 00:00 EST
      { status: 'completed', amount: 2n * PI, createdAt: utc('2025-03-10T03:59:59.999Z') }, // 9th 23:59:59 EDT
      { status: 'completed', amount: 4n * PI, createdAt: utc('2025-03-10T04:00:00.000Z') } // 10th 00:00 EDT
    ])
    expect(dailyOf(await summary({ from: '2025-03-09', to: '2025-03-10', timeZone: 'America/New_York' }))).toEqual([
      ['2025-03-09', 2, 3n * PI, 0, 0n],
      ['2025-03-10', 1, 4n * PI, 0, 0n]
    ])
  })

  it('splits hours at Indian midnight (UTC+5:30) exactly, for days and for the period', async () => {
    insert([
      { status: 'completed', amount: 1n * PI, createdAt: utc('2024-12-31T18:29:59.999Z') }, // 31 Dec: before
      { status: 'completed', amount: 2n * PI, createdAt: utc('2024-12-31T18:30:00.000Z') }, // 1 Jan 00:00
      { status: 'completed', amount: 4n * PI, createdAt: utc('2025-01-01T18:00:00.000Z') }, // 1 Jan 23:30
      { status: 'completed', amount: 8n * PI, createdAt: utc('2025-01-01T18:29:59.999Z') }, // 1 Jan 23:59:59
      { status: 'completed', amount: 16n * PI, createdAt: utc('2025-01-01T18:30:00.000Z') }, // 2 Jan 00:00
      { status: 'cancelled', amount: 32n * PI, createdAt: utc('2025-01-02T18:15:00.000Z') }, // 2 Jan 23:45
      { status: 'cancelled', amount: 64n * PI, createdAt: utc('2025-01-02T18:30:00.000Z') } // 3 Jan: after
    ])
    const result = await summary({ from: '2025-01-01', to: '2025-01-02', timeZone: 'Asia/Kolkata' })
    expect(dailyOf(result)).toEqual([
      ['2025-01-01', 3, 14n * PI, 0, 0n],
      ['2025-01-02', 1, 16n * PI, 0, 0n]
    ])
    const byStatus = Object.fromEntries(result.statuses.map((row) => [row.status, [row.count, row.amount]]))
    expect(byStatus.completed).toEqual([4, 30n * PI])
    expect(byStatus.cancelled).toEqual([1, 32n * PI])
  })

  it('follows payments as they are completed, moved and removed', async () => {
    const [id] = insert([{ status: 'verified', amount: 3n * PI, createdAt: utc('2025-05-01T10:00:00.000Z') }])
    const received = async () => (await summary({ from: '2025-05-01', to: '2025-05-02', timeZone: 'UTC' })).days.map((day) => day.received.amount)
    expect(await received()).toEqual([0n, 0n])
    store.sqlite.prepare('UPDATE payments SET developer_completed = 1 WHERE identifier = ?').run(id)
    expect(await received()).toEqual([3n * PI, 0n])
    store.sqlite.prepare('UPDATE payments SET created_at = ?, amount_stroops = ? WHERE identifier = ?').run(utc('2025-05-02T10:00:00Z'), 5n * PI, id)
    expect(await received()).toEqual([0n, 5n * PI])
    store.sqlite.prepare('DELETE FROM payments WHERE identifier = ?').run(id)
    expect(await received()).toEqual([0n, 0n])
  })

  it('refuses an unknown time zone and a period that ends before it starts', async () => {
    expect(() => summary({ from: '2025-01-01', to: '2025-01-02', timeZone: 'Europe/Atlantis' })).toThrow(/not a time zone name/)
    expect(() => summary({ from: '2025-01-02', to: '2025-01-01', timeZone: 'UTC' })).toThrow(/ends before it starts/)
  })
})
