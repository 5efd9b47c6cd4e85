// The dialect-specific fragments of src/main/db/sql: each says on SQLite what its name promises,
// so a repository may use it without knowing the SQL behind it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { notIndexed } from '../../../src/main/db'
import { insertionNumber } from '../../../src/main/db/sql/row-order'
import { containsText } from '../../../src/main/db/sql/text'
import { paymentId, paymentRow } from './helpers'

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

const put = (key: string, value: string) => store.db.insertInto('settings').values({ key, value_json: value, updated_at: 1 }).execute()

describe('containsText', () => {
  it('finds the text anywhere, case-sensitively, with no pattern characters', async () => {
    await put('a', '{"txid":"ab12"}')
    await put('b', '{"txid":"AB12"}')
    await put('c', '{"note":"100% sure_"}')
    const holding = async (needle: string) =>
      (await store.db.selectFrom('settings').select('key').where(containsText(store.db, 'value_json', needle)).orderBy('key').execute()).map((row) => row.key)
    expect(await holding('ab12')).toEqual(['a'])
    expect(await holding('"txid"')).toEqual(['a', 'b'])
    expect(await holding('0% s')).toEqual(['c'])
    expect(await holding('_')).toEqual(['c'])
    expect(await holding('%')).toEqual(['c'])
    expect(await holding('zz')).toEqual([])
  })
})

describe('insertionNumber', () => {
  it('numbers rows in the order they were inserted, whatever their key', async () => {
    for (const label of ['zeta', 'alpha', 'mid']) await store.db.insertInto('payments').values(paymentRow({ identifier: paymentId(label) })).execute()
    const rows = await store.db.selectFrom('payments').select(['identifier', insertionNumber(store.db).as('n')]).orderBy(insertionNumber(store.db)).execute()
    expect(rows.map((row) => row.identifier)).toEqual([paymentId('zeta'), paymentId('alpha'), paymentId('mid')])
    const newest = await store.db.selectFrom('payments').select((eb) => eb.fn.max(insertionNumber(store.db)).as('newest')).executeTakeFirstOrThrow()
    expect(newest.newest).toBe(rows[2]?.n)
  })
})

describe('planner hints', () => {
  it('notIndexed changes only how rows are found, never which rows or in what order', async () => {
    const times = [3, 1, 2]
    for (const [index, time] of times.entries()) {
      await store.db.insertInto('payments').values(paymentRow({ identifier: paymentId(`p${index}`), created_at: time })).execute()
    }
    const plain = await store.db.selectFrom('payments').select('identifier').where('network_id', '=', 'sandbox').orderBy('created_at').execute()
    const hinted = await store.db
      .selectFrom('payments')
      .select('identifier')
      .where(notIndexed(store.db, 'network_id'), '=', 'sandbox')
      .orderBy(notIndexed(store.db, 'created_at'))
      .execute()
    expect(hinted).toEqual(plain)
    expect(plain.map((row) => row.identifier)).toEqual([paymentId('p1'), paymentId('p2'), paymentId('p0')])
  })
})
