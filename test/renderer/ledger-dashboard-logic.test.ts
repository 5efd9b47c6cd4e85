// The pure parts of the Ledger and Dashboard pages, without a browser: filter drafts become the
// contract's LedgerFilter (days of the business zone as UTC instants, amounts checked and exact),
// pasted ids are picked out of CSV, periods are days of the business zone, and dashboard totals
// are exact sums, never float sums.
import { describe, expect, it } from 'vitest'
import type { DashboardView } from '../../src/shared/contract'
import { periodTotals, plotValue, statusSlices } from '../../src/renderer/src/dashboard/chart-data'
import { daysOf, periodRange } from '../../src/renderer/src/dashboard/period'
import { EMPTY_DRAFT, draftToFilter, filterToDraft } from '../../src/renderer/src/ledger/filter-draft'
import { parsePastedIds } from '../../src/renderer/src/ledger/parse-payment-ids'
import { formatAmount, shortenMiddle } from '../../src/renderer/src/ui/format'

const ID_A = 'AbCdEfGhIjKlMnOpQrStUvWxYz01'
const ID_B = 'ZyXwVuTsRqPoNmLkJiHgFeDcBa98'

describe('ledger filter drafts', () => {
  it('sends nothing for an untouched bar', () => {
    expect(draftToFilter(EMPTY_DRAFT, 'UTC')).toEqual({ filter: {}, errors: {} })
  })

  it('turns days of the business zone into the first and last instant of those days, across a DST change', () => {
    const { filter, errors } = draftToFilter({ ...EMPTY_DRAFT, fromDay: '2025-03-30', toDay: '2025-03-30' }, 'Europe/Berlin')
    expect(errors).toEqual({})
    // Berlin moves to summer time that night: the day starts at +01:00 and ends at +02:00.
    expect(filter).toEqual({ dateField: 'created_at', from: '2025-03-29T23:00:00.000Z', to: '2025-03-30T22:00:00.000Z' })
  })

  it('normalises amounts to 7 decimals and keeps every other choice', () => {
    const { filter } = draftToFilter(
      {
        ...EMPTY_DRAFT,
        statuses: ['submitted', 'verified'],
        direction: 'app_to_user',
        dateField: 'first_seen_at',
        fromDay: '2025-01-01',
        minAmount: ' 1.5 ',
        maxAmount: '25.',
        chainCheck: 'failed',
        hasRefunds: 'no',
        search: '  honey  '
      },
      'UTC'
    )
    expect(filter).toEqual({
      statuses: ['submitted', 'verified'],
      direction: 'app_to_user',
      dateField: 'first_seen_at',
      from: '2025-01-01T00:00:00.000Z',
      minAmount: '1.5000000',
      maxAmount: '25.0000000',
      chainCheck: 'failed',
      hasRefunds: false,
      search: 'honey'
    })
  })

  it('leaves out, and explains, an amount it cannot read, a reversed amount range and a reversed day range', () => {
    const comma = draftToFilter({ ...EMPTY_DRAFT, minAmount: '1,5', direction: 'user_to_app' }, 'UTC')
    expect(comma.filter).toEqual({ direction: 'user_to_app' })
    expect(comma.errors.minAmount).toContain('"1,5" is not a Pi amount')

    const eight = draftToFilter({ ...EMPTY_DRAFT, maxAmount: '0.123456789' }, 'UTC')
    expect(eight.filter).toEqual({})
    expect(eight.errors.maxAmount).toMatch(/7 decimals/)

    const reversed = draftToFilter({ ...EMPTY_DRAFT, minAmount: '10', maxAmount: '9.9999999' }, 'UTC')
    expect(reversed.filter).toEqual({ minAmount: '10.0000000' })
    expect(reversed.errors.maxAmount).toBe('The largest amount is below the smallest.')

    const days = draftToFilter({ ...EMPTY_DRAFT, fromDay: '2025-02-02', toDay: '2025-02-01' }, 'UTC')
    expect(days.filter).toEqual({ dateField: 'created_at', from: '2025-02-02T00:00:00.000Z' })
    expect(days.errors.toDay).toBe('The last day is before the first day.')

    const huge = draftToFilter({ ...EMPTY_DRAFT, minAmount: '1234567890123' }, 'UTC')
    expect(huge.errors.minAmount).toContain('more than any Pi account can hold')
  })

  it('reads a saved filter back into the same days and amounts', () => {
    const draft = { ...EMPTY_DRAFT, fromDay: '2025-03-30', toDay: '2025-04-02', minAmount: '1.5', hasRefunds: 'yes' as const }
    const { filter } = draftToFilter(draft, 'Asia/Tokyo')
    expect(filterToDraft(filter, 'Asia/Tokyo')).toEqual(draft)
  })
})

describe('pasted payment ids', () => {
  it('takes one id per line, keeps the first of repeats, and sends a lone malformed value for main to refuse', () => {
    expect(parsePastedIds(`${ID_A}\n\n  ${ID_B}  \r\n${ID_A}\nnot-an-id`)).toEqual({
      ids: [ID_A, ID_B, 'not-an-id'],
      ignored: 0,
      repeats: 1
    })
  })

  it('picks the id column out of CSV and spreadsheet rows, header and quotes included', () => {
    const csv = `"payment_id","amount","note"\n"${ID_A}",3.14,"blue mug"\n${ID_B};1;x\n12.5\t${ID_A}`
    expect(parsePastedIds(csv)).toEqual({ ids: [ID_A, ID_B], ignored: 8, repeats: 1 })
  })

  it('splits several ids written on one line with spaces', () => {
    expect(parsePastedIds(`${ID_A} ${ID_B}`).ids).toEqual([ID_A, ID_B])
  })
})

describe('dashboard periods', () => {
  it('counts days in the business zone, not in UTC', () => {
    // 23:30 UTC on 28 February is already 1 March in Berlin.
    const now = new Date('2025-02-28T23:30:00Z')
    expect(periodRange('this_month', 'Europe/Berlin', now, { from: '', to: '' })).toEqual({
      ok: true,
      range: { from: '2025-03-01', to: '2025-03-01' }
    })
    expect(periodRange('this_month', 'UTC', now, { from: '', to: '' })).toEqual({
      ok: true,
      range: { from: '2025-02-01', to: '2025-02-28' }
    })
    expect(periodRange('last_30_days', 'UTC', now, { from: '', to: '' })).toEqual({
      ok: true,
      range: { from: '2025-01-30', to: '2025-02-28' }
    })
    expect(periodRange('this_year', 'Pacific/Auckland', now, { from: '', to: '' })).toEqual({
      ok: true,
      range: { from: '2025-01-01', to: '2025-03-01' }
    })
  })

  it('checks a custom period', () => {
    const now = new Date('2025-06-01T12:00:00Z')
    expect(periodRange('custom', 'UTC', now, { from: '2025-05-01', to: '2025-05-31' })).toEqual({
      ok: true,
      range: { from: '2025-05-01', to: '2025-05-31' }
    })
    expect(periodRange('custom', 'UTC', now, { from: '2025-05-31', to: '2025-05-01' })).toEqual({
      ok: false,
      error: 'The last day is before the first day.'
    })
    expect(periodRange('custom', 'UTC', now, { from: '', to: '2025-05-01' })).toEqual({ ok: false, error: 'Pick a first and a last day.' })
    expect(periodRange('custom', 'UTC', now, { from: '2020-01-01', to: '2025-05-01' })).toMatchObject({ ok: false })
  })

  it('lists every day of a range, leap day included', () => {
    expect(daysOf({ from: '2024-02-27', to: '2024-03-01' })).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01'])
  })
})

describe('dashboard totals', () => {
  const none = { count: 0, amount: '0.0000000' }
  const emptyBook = { on_chain: none, failed_check: none, pending: none, cancelled: none }
  const view: DashboardView = {
    timeZone: 'UTC',
    books: { received: emptyBook, paidOut: emptyBook },
    days: [
      { day: '2025-01-01', receivedCount: 1, received: '0.1000000', paidCount: 0, paid: '0.0000000' },
      { day: '2025-01-02', receivedCount: 1, received: '0.2000000', paidCount: 1, paid: '0.0000001' },
      { day: '2025-01-03', receivedCount: 3, received: '9007199254.7409931', paidCount: 0, paid: '0.0000000' }
    ],
    statuses: [
      { status: 'user_cancelled', count: 2, amount: '3.0000000', received: '3.0000000', paidOut: '0.0000000' },
      { status: 'completed', count: 3, amount: '0.3000000', received: '0.2000000', paidOut: '0.1000000' },
      { status: 'created', count: 0, amount: '0.0000000', received: '0.0000000', paidOut: '0.0000000' }
    ],
    refunds: { count: 1, total: '0.0000001' },
    fees: { count: 2, total: '0.0200000' },
    queue: { count: 0, oldestAgeMs: null, buckets: [] }
  }

  it('adds the daily strings as stroops: exact where floats would drift', () => {
    expect(periodTotals(view)).toEqual({ receivedCount: 5, received: '9007199255.0409931', paidCount: 1, paid: '0.0000001' })
  })

  it('gives no total at all rather than a wrong one when main sends an amount it cannot read', () => {
    const garbled = { ...view, days: [{ day: '2025-01-01', receivedCount: 1, received: '1e3', paidCount: 0, paid: '0' }] }
    expect(periodTotals(garbled)).toBeNull()
  })

  it('orders statuses as a payment moves through them and drops empty ones', () => {
    expect(statusSlices(view).map((slice) => [slice.status, slice.count, slice.amount])).toEqual([
      ['completed', 3, '0.3000000'],
      ['user_cancelled', 2, '3.0000000']
    ])
    expect(plotValue('12.5000000')).toBe(12.5)
    expect(plotValue('garbage')).toBe(0)
  })
})

describe('amounts and ids on screen', () => {
  it('trims trailing zeros to two decimals, groups thousands, and never rounds a stroop away', () => {
    expect(formatAmount('1234567.5000000')).toBe('1,234,567.50')
    expect(formatAmount('0.0000001')).toBe('0.0000001')
    expect(formatAmount('12.0000000')).toBe('12.00')
    expect(formatAmount('999.1234567')).toBe('999.1234567')
    expect(formatAmount('not an amount')).toBe('not an amount')
  })

  it('shortens long ids in the middle', () => {
    expect(shortenMiddle('0123456789abcdef', 4, 3)).toBe('0123…def')
    expect(shortenMiddle('short', 4, 3)).toBe('short')
  })
})
