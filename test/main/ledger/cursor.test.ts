// A page cursor is opaque and only ever accepted back unchanged, for the query that produced it;
// anything else is refused with a sentence, never answered with a page from somewhere else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MerchantDb } from '../../../src/main/db/open'
import { listPayments, type LedgerQuery } from '../../../src/main/ledger'
import { decodeCursor, encodeCursor } from '../../../src/main/ledger/cursor'
import { UserFacingError } from '../../../src/shared/errors'
import { generatePayments, insertLedgerPayments } from './payment-factory'
import { openScratchLedger } from '../../support'

let store: MerchantDb
beforeAll(async () => {
  store = openScratchLedger().store
  await insertLedgerPayments(store, generatePayments(400, { seed: 11 }))
})
afterAll(() => store.close())

const base: LedgerQuery = { networkId: 'sandbox', filter: { direction: 'user_to_app' }, limit: 10 }
const firstCursor = async () => {
  const cursor = (await listPayments(store, base)).nextCursor
  if (cursor === null) throw new Error('fixture fits on one page')
  return cursor
}

async function refusal(query: LedgerQuery): Promise<UserFacingError> {
  try {
    await listPayments(store, query)
  } catch (error) {
    if (error instanceof UserFacingError) return error
    throw error
  }
  throw new Error('the query was accepted')
}

/** Changes one character of the cursor to another base64url character. */
function flip(cursor: string, index: number): string {
  const replacement = cursor[index] === 'A' ? 'B' : 'A'
  return cursor.slice(0, index) + replacement + cursor.slice(index + 1)
}

describe('page cursors', () => {
  it('is opaque text that continues exactly after the last row', async () => {
    const cursor = await firstCursor()
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    const all = (await listPayments(store, { ...base, limit: 20 })).rows.map((row) => row.identifier)
    const second = (await listPayments(store, { ...base, cursor })).rows.map((row) => row.identifier)
    expect(second).toEqual(all.slice(10, 20))
  })

  it.each([
    ['a changed character in its body', (cursor: string) => flip(cursor, 5)],
    ['a changed character in its signature', (cursor: string) => flip(cursor, cursor.length - 3)],
    ['a signature cut short', (cursor: string) => cursor.slice(0, -4)],
    ['no signature', (cursor: string) => cursor.split('.')[0] ?? ''],
    ['an extra part', (cursor: string) => `${cursor}.AAAA`],
    ['an empty string', () => ''],
    ['plain text', () => 'page-2'],
    ['a hand-made cursor', () => `${Buffer.from('{"s":"created_at","o":"desc","f":"x","k":["1","a"]}').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`],
    ['a very long string', () => 'A'.repeat(5000)]
  ])('refuses %s as damaged', async (_case, tamper) => {
    const error = await refusal({ ...base, cursor: tamper(await firstCursor()) })
    expect(error.code).toBe('invalid_cursor')
    expect(error.message).toMatch(/not valid.*first page/)
  })

  it.each([
    ['another sort column', { sort: { column: 'amount', order: 'desc' } }],
    ['the other sort order', { sort: { column: 'created_at', order: 'asc' } }],
    ['another filter', { filter: { direction: 'app_to_user' } }],
    ['one more filter', { filter: { direction: 'user_to_app', chainCheck: 'verified' } }],
    ['another network', { networkId: 'mainnet' }]
  ] as const)('refuses a cursor replayed with %s', async (_case, change) => {
    const error = await refusal({ ...base, ...change, cursor: await firstCursor() })
    expect(error.code).toBe('invalid_cursor')
    expect(error.message).toMatch(/another filter or sort order/)
  })

  it('accepts a cursor when only the page size changes', async () => {
    const page = await listPayments(store, { ...base, limit: 3, cursor: await firstCursor() })
    expect(page.rows).toHaveLength(3)
  })

  it('checks every key value even in a correctly signed cursor', async () => {
    const sort = { column: 'amount', order: 'desc' } as const
    const good = encodeCursor(sort, 'fp', [31_400_000n, 1_700_000_000_000n, 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'])
    expect(decodeCursor(good, sort, 'fp')).toEqual([31_400_000n, 1_700_000_000_000n, 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'])
    for (const key of [
      ['-1', '1', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'],
      ['1.5', '1', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'],
      ['99999999999999999999', '1', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'],
      ['1', 'yesterday', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4'],
      ['1', '1', "x' OR 1=1 --"],
      ['1', '1']
    ]) {
      const forged = encodeCursor(sort, 'fp', key)
      expect(() => decodeCursor(forged, sort, 'fp'), key.join(',')).toThrow(/not valid/)
    }
  })
})

describe('page size and filter checks', () => {
  it.each([0, 501, 2.5, -1])('refuses a page size of %s', async (limit) => {
    expect((await refusal({ networkId: 'sandbox', limit })).code).toBe('invalid_ledger_query')
  })

  it('serves up to 500 rows a page', async () => {
    expect((await listPayments(store, { networkId: 'sandbox', limit: 500 })).rows.length).toBeGreaterThan(300)
  })

  it.each([
    ['an amount range upside down', { amount: { min: 5n, max: 4n } }, /smallest amount is above the largest/],
    ['a negative amount', { amount: { min: -1n } }, /0 Pi or more/],
    ['a period that ends before it starts', { period: { field: 'created_at', from: new Date(5), to: new Date(5) } }, /ends before it starts/],
    ['an invalid date', { period: { field: 'created_at', from: new Date('nope') } }, /not a valid date/],
    ['an unknown status', { statuses: ['lost' as never] }, /Unknown status "lost"/],
    ['an empty user id', { userUid: '' }, /not a Pi user id/],
    ['a search of a whole page of text', { search: 'x'.repeat(201) }, /at most 200 characters/]
  ] as const)('refuses %s with a sentence', async (_case, filter, message) => {
    const error = await refusal({ networkId: 'sandbox', filter })
    expect(error.code).toBe('invalid_ledger_query')
    expect(error.message).toMatch(message)
  })

  it('treats an empty list of statuses as every status', async () => {
    const all = (await listPayments(store, { networkId: 'sandbox', limit: 500 })).rows.length
    expect((await listPayments(store, { networkId: 'sandbox', filter: { statuses: [] }, limit: 500 })).rows).toHaveLength(all)
  })
})
