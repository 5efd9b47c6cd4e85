// Walking every page returns every matching payment exactly once, in the requested order, for
// every sort and filter: checked against plain JavaScript over the same 5,000 generated rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db/open'
import { LEDGER_SORT_COLUMNS } from '../../../src/shared/contract/ledger'
import { countPayments, listPayments, type LedgerSort, type PaymentFilter } from '../../../src/main/ledger'
import type { NetworkId } from '../../../src/shared/network'
import { pageUnder } from '../../../src/main/ledger/list-payments'
import { normalizeQuery } from '../../../src/main/ledger/normalize-query'
import { BASE_TIME, generatePayments, insertLedgerPayments } from './payment-factory'
import { referenceFilter, referenceRows, referenceSort, type ReferenceRow } from './reference'
import { openScratchLedger } from '../../support'

const ROWS = generatePayments(5000, { seed: 20250301 })
const REFERENCE = referenceRows(ROWS)
const SORTS: LedgerSort[] = LEDGER_SORT_COLUMNS.flatMap((column) => [
  { column, order: 'desc' as const },
  { column, order: 'asc' as const }
])
const minutes = (n: number) => new Date(BASE_TIME + n * 60_000)

let store: MerchantDb
beforeAll(async () => {
  store = openScratchLedger({ now: () => minutes(2000) }).store
  await insertLedgerPayments(store, ROWS)
})
afterAll(() => store.close())

/** Every identifier, page after page, until nextCursor is null. */
async function walk(networkId: NetworkId, filter: PaymentFilter, sort: LedgerSort, limit: number): Promise<string[]> {
  const seen: string[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await listPayments(store, { networkId, filter, sort, cursor, limit })
    expect(page.rows.length).toBeLessThanOrEqual(limit)
    seen.push(...page.rows.map((row) => row.identifier))
    if (page.nextCursor === null) return seen
    expect(page.rows).toHaveLength(limit)
    cursor = page.nextCursor
  }
  throw new Error('The ledger never reached its last page.')
}

function expected(networkId: NetworkId, filter: PaymentFilter, sort: LedgerSort): string[] {
  return referenceSort(referenceFilter(REFERENCE, networkId, filter), sort).map((row: ReferenceRow) => row.identifier)
}

describe('walking every page', () => {
  it('uses data with the ties, refunds and networks the tests rely on', async () => {
    const sandbox = REFERENCE.filter((row) => row.networkId === 'sandbox')
    expect(sandbox.length).toBeGreaterThan(4000)
    expect(REFERENCE.length - sandbox.length).toBeGreaterThan(300)
    expect(new Set(sandbox.map((row) => row.createdAt)).size).toBeLessThan(sandbox.length / 2)
    expect(REFERENCE.filter((row) => row.refundOf !== null).length).toBeGreaterThan(100)
    expect(new Set(REFERENCE.map((row) => row.status)).size).toBe(7)
  })

  it.each(SORTS.map((sort) => [`${sort.column} ${sort.order}`, sort] as const))(
    'sorted by %s returns each sandbox payment once, in order',
    async (_name, sort) => {
      const identifiers = await walk('sandbox', {}, sort, 97)
      expect(identifiers).toEqual(expected('sandbox', {}, sort))
      expect(new Set(identifiers).size).toBe(identifiers.length)
    }
  )

  it('never shows another network, and shows all of mainnet on mainnet', async () => {
    const mainnet = await walk('mainnet', {}, { column: 'created_at', order: 'desc' }, 500)
    expect(mainnet).toEqual(expected('mainnet', {}, { column: 'created_at', order: 'desc' }))
    const sandbox = new Set(await walk('sandbox', {}, { column: 'identifier', order: 'asc' }, 500))
    expect(mainnet.some((identifier) => sandbox.has(identifier))).toBe(false)
  })

  it('returns 100 rows by default and a short last page with no cursor', async () => {
    const first = await listPayments(store, { networkId: 'mainnet' })
    expect(first.rows).toHaveLength(100)
    const total = expected('mainnet', {}, { column: 'created_at', order: 'desc' }).length
    const last = await listPayments(store, { networkId: 'mainnet', limit: 500, cursor: null })
    expect(last.rows).toHaveLength(total)
    expect(last.nextCursor).toBeNull()
  })
})

const FILTERS: ReadonlyArray<readonly [string, PaymentFilter]> = [
  ['one status', { statuses: ['completed'] }],
  ['the incomplete queue (two statuses)', { statuses: ['submitted', 'verified'] }],
  ['three statuses', { statuses: ['cancelled', 'created', 'user_cancelled'] }],
  ['a direction', { direction: 'app_to_user' }],
  ['a status and a direction', { statuses: ['completed'], direction: 'user_to_app' }],
  ['a creation period', { period: { field: 'created_at', from: minutes(300), to: minutes(900) } }],
  ['a period open at the start', { period: { field: 'created_at', to: minutes(200) } }],
  ['a first-seen period', { period: { field: 'first_seen_at', from: minutes(1000) } }],
  ['an amount range', { amount: { min: 25_000_000n, max: 50_000_000n } }],
  ['a minimum amount', { amount: { min: 90_000_000n } }],
  ['a failed chain check', { chainCheck: 'failed' }],
  ['an unchecked chain', { chainCheck: 'unchecked' }],
  ['a verified chain', { chainCheck: 'verified' }],
  ['payments with refunds', { hasRefunds: true }],
  ['payments without refunds', { hasRefunds: false }],
  ['one user', { userUid: 'user-a' }],
  ['a memo word', { search: 'muffins' }],
  ['two words, the last a prefix', { search: 'birthday ca' }],
  ['a metadata value', { search: 'sku-17' }],
  ['a metadata word', { search: 'gift' }],
  ['a user id with its dash', { search: 'user-1' }],
  ['an order number prefix', { search: '12' }],
  [
    'everything at once',
    {
      statuses: ['completed', 'verified'],
      direction: 'user_to_app',
      period: { field: 'created_at', from: minutes(100), to: minutes(1500) },
      amount: { min: 10_000_000n },
      chainCheck: 'verified',
      hasRefunds: false
    }
  ]
]

describe('every filter', () => {
  // Each filter under the two common sorts and one more, a different one per filter, so that
  // together the filters meet every sort without walking 23 x 12 ledgers.
  it.each(FILTERS.map(([name, filter], index) => [name, filter, SORTS[(index + 2) % SORTS.length] as LedgerSort] as const))(
    '%s returns exactly what a plain filter returns',
    async (_name, filter, extraSort) => {
      const reference = expected('sandbox', filter, { column: 'created_at', order: 'desc' })
      expect(reference.length).toBeGreaterThan(0)
      const sorts: LedgerSort[] = [{ column: 'created_at', order: 'desc' }, { column: 'amount', order: 'asc' }, extraSort]
      for (const sort of sorts) {
        expect(await walk('sandbox', filter, sort, 150), `${sort.column} ${sort.order}`).toEqual(expected('sandbox', filter, sort))
      }
      expect(await countPayments(store, { networkId: 'sandbox', filter })).toEqual({ count: reference.length, exact: true })
    }
  )

  it('finds a payment by the start of its identifier, and by the start of its txid', async () => {
    const target = ROWS.find((row) => row.network_id === 'sandbox' && row.txid)
    if (!target?.txid) throw new Error('fixture has no sandbox payment with a txid')
    const byId = await listPayments(store, { networkId: 'sandbox', filter: { search: target.identifier.slice(0, 8) } })
    expect(byId.rows.map((row) => row.identifier)).toContain(target.identifier)
    expect(byId.rows.length).toBeLessThan(5)
    const byTxid = await listPayments(store, { networkId: 'sandbox', filter: { search: target.txid.slice(0, 12) } })
    expect(byTxid.rows.map((row) => row.identifier)).toEqual([target.identifier])
  })

  it('stops counting at the cap and says the count is not exact', async () => {
    expect(await countPayments(store, { networkId: 'sandbox' }, 1000)).toEqual({ count: 1000, exact: false })
    const all = expected('sandbox', {}, { column: 'created_at', order: 'desc' }).length
    expect(await countPayments(store, { networkId: 'sandbox' }, all)).toEqual({ count: all, exact: true })
  })
})

describe('payments with refunds, when they are many', () => {
  // Past REFUNDED_SET_LIMIT refunded payments, sorts other than newest-first walk their own
  // index and check refund_count on the way; the rows must be the same.
  it.each([SORTS[2], SORTS[5], SORTS[9]] as LedgerSort[])('walks by %o and returns exactly the refunded payments', async (sort) => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query = normalizeQuery({ networkId: 'sandbox', filter: { hasRefunds: true }, sort, cursor, limit: 40 })
      const page = await pageUnder(store, query, { manyRefunds: true })
      seen.push(...page.rows.map((row) => row.identifier))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(seen).toEqual(expected('sandbox', { hasRefunds: true }, sort))
    expect(seen.length).toBeGreaterThan(40)
  })
})

describe('payments with refunds, newest first', () => {
  // listPayments skips counting the refunded payments where the count cannot change the path:
  // under the newest-first sort both answers walk payments_with_refunds, and give the same page.
  it('gives the same page whatever the count would have said', async () => {
    const query = normalizeQuery({ networkId: 'sandbox', filter: { hasRefunds: true }, limit: 40 })
    const listed = await listPayments(store, { networkId: 'sandbox', filter: { hasRefunds: true }, limit: 40 })
    const few = await pageUnder(store, query, { manyRefunds: false })
    const many = await pageUnder(store, query, { manyRefunds: true })
    const ids = (page: { rows: readonly { identifier: string }[] }) => page.rows.map((row) => row.identifier)
    expect(ids(listed)).toEqual(ids(few))
    expect(ids(many)).toEqual(ids(few))
    expect(ids(listed)).toEqual(expected('sandbox', { hasRefunds: true }, { column: 'created_at', order: 'desc' }).slice(0, 40))
  })
})

describe('rows', () => {
  it('carry stroops as bigint, the derived status and flags, and the completed refunds', async () => {
    const refundsOf = new Map<string, bigint>()
    for (const row of ROWS) {
      if (row.refund_of && Number(row.developer_completed) === 1) {
        refundsOf.set(row.refund_of, (refundsOf.get(row.refund_of) ?? 0n) + row.amount_stroops)
      }
    }
    const [refundedId, refundedTotal] = [...refundsOf.entries()][0] ?? []
    if (refundedId === undefined) throw new Error('fixture has no completed refund')
    const page = await listPayments(store, { networkId: 'sandbox', filter: { hasRefunds: true }, limit: 500 })
    const row = page.rows.find((candidate) => candidate.identifier === refundedId)
    expect(row?.refunded).toBe(refundedTotal)
    expect(typeof row?.amount).toBe('bigint')
    expect(row?.flags.some((flag) => flag === 'refunded' || flag === 'partially_refunded' || flag === 'over_refunded')).toBe(true)
    const source = ROWS.find((candidate) => candidate.identifier === refundedId)
    expect(row?.amount).toBe(source?.amount_stroops)
    expect(row?.createdAt.getTime()).toBe(Number(source?.created_at))
  })
})
