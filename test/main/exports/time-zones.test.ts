// Days are the export zone's: a payment a moment before midnight in Auckland belongs to that
// Auckland day (it is still mid-morning of the same day in UTC), one a moment later to the next
// one, and every row carries its instant twice, in the zone with its offset and in UTC.
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportPeriod, runExport } from '../../../src/main/exports'
import { instantFormatter } from '../../../src/main/exports/export-times'
import { paymentRow } from '../db/helpers'
import { insertLedgerPayments } from '../ledger/payment-factory'
import { exportWorkspace, readCsv, type ExportWorkspace } from './fixture'

const AUCKLAND = 'Pacific/Auckland'
// 2025-03-31 23:59:59.999 in Auckland (NZDT, +13:00) is 2025-03-31 10:59:59.999 UTC.
const JUST_BEFORE_MIDNIGHT = Date.UTC(2025, 2, 31, 10, 59, 59, 999)
// One millisecond later it is 2025-04-01 in Auckland, still 2025-03-31 in UTC.
const MIDNIGHT = JUST_BEFORE_MIDNIGHT + 1
// Auckland leaves daylight saving on 2025-04-06 at 03:00 NZDT (14:00 UTC on the 5th): that day has 25 hours.
const LAST_HOUR_OF_LONG_DAY = Date.UTC(2025, 3, 6, 10, 30)

let workspace: ExportWorkspace
const id = (label: string) => label.padEnd(28, '0')

beforeAll(async () => {
  workspace = exportWorkspace()
  const at = (identifier: string, createdAt: number) =>
    paymentRow({ identifier: id(identifier), txid: createdAt.toString(16).padStart(64, '0'), created_at: createdAt })
  await insertLedgerPayments(workspace.store, [
    at('beforeMidnight', JUST_BEFORE_MIDNIGHT),
    at('atMidnight', MIDNIGHT),
    at('longDayLastHour', LAST_HOUR_OF_LONG_DAY)
  ].map((row) => ({ ...row, chain_check: 'unchecked', chain_check_reasons_json: null, chain_checked_at: null })))
})
afterAll(() => workspace?.remove())

async function idsFor(from: string, to: string, timeZone: string): Promise<Record<string, string>[]> {
  const result = await runExport(
    workspace.store,
    { report: 'payments', networkId: 'sandbox', from, to, timeZone, destination: workspace.file(`p-${from}-${to}-${timeZone.replace('/', '_')}.csv`) },
    { appVersion: 'test' }
  )
  return readCsv(result.csvPath).rows
}

describe('days in the business time zone', () => {
  it('puts a payment made just before midnight in Auckland on that Auckland day, with both timestamps right', async () => {
    const march31 = await idsFor('2025-03-31', '2025-03-31', AUCKLAND)
    expect(march31.map((row) => row.identifier)).toEqual([id('beforeMidnight')])
    expect(march31[0]?.created_at_local).toBe('2025-03-31T23:59:59.999+13:00')
    expect(march31[0]?.created_at_utc).toBe('2025-03-31T10:59:59.999Z')

    const april1 = await idsFor('2025-04-01', '2025-04-01', AUCKLAND)
    expect(april1.map((row) => row.identifier)).toEqual([id('atMidnight')])
    expect(april1[0]?.created_at_local).toBe('2025-04-01T00:00:00.000+13:00')
    expect(april1[0]?.created_at_utc).toBe('2025-03-31T11:00:00.000Z')
  })

  it('puts the same two payments on one UTC day when the export is in UTC', async () => {
    const rows = await idsFor('2025-03-31', '2025-03-31', 'UTC')
    expect(rows.map((row) => row.identifier)).toEqual([id('beforeMidnight'), id('atMidnight')])
    expect(rows.map((row) => row.created_at_local)).toEqual(['2025-03-31T10:59:59.999+00:00', '2025-03-31T11:00:00.000+00:00'])
  })

  it('counts the 25th hour of the day daylight saving ends, and gives it the winter offset', async () => {
    const rows = await idsFor('2025-04-06', '2025-04-06', AUCKLAND)
    expect(rows.map((row) => row.identifier)).toEqual([id('longDayLastHour')])
    expect(rows[0]?.created_at_local).toBe('2025-04-06T22:30:00.000+12:00')
    const period = exportPeriod('2025-04-06', '2025-04-06', AUCKLAND)
    expect(period.endMs - period.startMs).toBe(25 * 3_600_000)
  })
})

describe('the local timestamp', () => {
  it('follows the offset on both sides of a DST change, to the millisecond', () => {
    const format = instantFormatter(AUCKLAND)
    const change = Date.UTC(2025, 3, 5, 14) // 03:00 NZDT becomes 02:00 NZST
    expect(format.local(change - 1)).toBe('2025-04-06T02:59:59.999+13:00')
    expect(format.local(change)).toBe('2025-04-06T02:00:00.000+12:00')
    expect(instantFormatter('America/St_Johns').local(Date.UTC(2025, 0, 1))).toBe('2024-12-31T20:30:00.000-03:30')
    expect(instantFormatter('Asia/Kathmandu').local(Date.UTC(2025, 0, 1))).toBe('2025-01-01T05:45:00.000+05:45')
  })
})

describe('the period', () => {
  it.each([
    ['2025-02-30', '2025-03-01', 'UTC', /"2025-02-30" is not a day of the calendar: February 2025 has 28 days\./],
    ['31/03/2025', '2025-04-01', 'UTC', /"31\/03\/2025" is not a day/],
    ['2025-04-02', '2025-04-01', 'UTC', /ends before it starts: 2025-04-01 is before 2025-04-02/],
    ['2025-04-01', '2025-04-01', 'Mars/Olympus', /"Mars\/Olympus" is not a time zone name/]
  ])('refuses %s to %s in %s with a clear sentence', (from, to, zone, message) => {
    expect(() => exportPeriod(from, to, zone)).toThrow(message)
  })

  it('refuses a bad period before anything is written', async () => {
    const destination = workspace.file('never.csv')
    await expect(
      runExport(workspace.store, { report: 'payments', networkId: 'sandbox', from: '2025-04-02', to: '2025-04-01', timeZone: 'UTC', destination }, { appVersion: 'test' })
    ).rejects.toMatchObject({ code: 'invalid_period' })
    expect(existsSync(destination)).toBe(false)
  })
})
