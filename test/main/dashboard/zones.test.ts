// Over 5,000 generated payments spread across ten days with a DST change in them, the dashboard
// of every kind of time zone equals a plain JavaScript count by local date (luxon).
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import { dashboardSummary } from '../../../src/main/dashboard'
import { DISPLAY_STATUSES } from '../../../src/shared/payments'
import { generatePayments, insertPayments } from '../ledger/payment-factory'
import { referenceRows } from '../ledger/reference'

const ROWS = generatePayments(5000, { seed: 77, start: Date.UTC(2025, 2, 25), minutes: 10 * 24 * 60 })
const REFERENCE = referenceRows(ROWS)

let store: MerchantDb
beforeAll(async () => {
  store = openDatabase(':memory:')
  insertPayments(store, ROWS)
})
afterAll(() => store.close())

describe('dashboard days in every kind of time zone', () => {
  it.each([
    ['UTC', '2025-03-26', '2025-04-02'],
    ['Europe/Berlin', '2025-03-26', '2025-04-02'],
    ['America/New_York', '2025-03-26', '2025-04-02'],
    ['Asia/Kolkata', '2025-03-26', '2025-04-02'],
    ['Asia/Kathmandu', '2025-03-26', '2025-04-02'],
    ['Australia/Lord_Howe', '2025-04-01', '2025-04-03'],
    ['Pacific/Chatham', '2025-03-26', '2025-04-02']
  ])('%s from %s to %s', async (timeZone, from, to) => {
    const inPeriod = REFERENCE.filter((row) => {
      const day = DateTime.fromMillis(row.createdAt, { zone: timeZone }).toISODate() ?? ''
      return row.networkId === 'sandbox' && day >= from && day <= to
    })
    const localDay = (createdAt: number) => DateTime.fromMillis(createdAt, { zone: timeZone }).toISODate()
    const result = await dashboardSummary(store, { from, to, timeZone, networkId: 'sandbox', appWallet: null })

    const expectedDays = result.days.map((day) => {
      const completed = inPeriod.filter((row) => row.status === 'completed' && localDay(row.createdAt) === day.day)
      const sum = (direction: string) => {
        const rows = completed.filter((row) => row.direction === direction)
        return { count: rows.length, amount: rows.reduce((total, row) => total + row.amount, 0n) }
      }
      return { day: day.day, received: sum('user_to_app'), paid: sum('app_to_user') }
    })
    expect(result.days.map(({ day, received, paid }) => ({ day, received, paid }))).toEqual(expectedDays)
    expect(expectedDays.some((day) => day.received.count > 0)).toBe(true)

    const expectedStatuses = DISPLAY_STATUSES.map((status) => {
      const rows = inPeriod.filter((row) => row.status === status)
      return [status, rows.length, rows.reduce((total, row) => total + row.amount, 0n)]
    })
    expect(result.statuses.map((row) => [row.status, row.count, row.amount])).toEqual(expectedStatuses)

    const refunds = inPeriod.filter((row) => row.refundOf !== null && row.status === 'completed')
    expect(result.refunds.completed).toEqual({ count: refunds.length, amount: refunds.reduce((total, row) => total + row.amount, 0n) })
  })
})
