// withTransaction: the one way repositories write several rows together, on a whole-database
// handle or inside a caller's transaction, and the SQLite driver under it.
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, withTransaction, type MerchantDb } from '../../../src/main/db'
import { tempFolder } from './helpers'

let folder: ReturnType<typeof tempFolder>
let store: MerchantDb
beforeEach(() => {
  folder = tempFolder()
  store = openDatabase(join(folder.path, 'ledger.sqlite'), { now: () => new Date(1_700_000_000_000) })
})
afterEach(() => {
  store.close()
  folder.remove()
})

const put = (handle: MerchantDb, key: string) =>
  handle.db.insertInto('settings').values({ key, value_json: '1', updated_at: 1 }).execute()
const keys = async (handle: MerchantDb) =>
  (await handle.db.selectFrom('settings').select('key').orderBy('key').execute()).map((row) => row.key)

describe('withTransaction', () => {
  it('commits every write of the body together', async () => {
    await withTransaction(store, async (tx) => {
      await put(tx, 'a')
      await put(tx, 'b')
    })
    expect(await keys(store)).toEqual(['a', 'b'])
  })

  it('rolls every write back when the body throws, and passes the error on', async () => {
    const failed = withTransaction(store, async (tx) => {
      await put(tx, 'a')
      throw new Error('the Pi server answered with HTML')
    })
    await expect(failed).rejects.toThrow('the Pi server answered with HTML')
    expect(await keys(store)).toEqual([])
  })

  it("joins the caller's transaction when handed one: a later failure undoes the inner writes too", async () => {
    const failed = withTransaction(store, async (tx) => {
      await withTransaction(tx, (inner) => put(inner, 'inner'))
      await put(tx, 'outer')
      throw new Error('crash after both writes')
    })
    await expect(failed).rejects.toThrow('crash after both writes')
    expect(await keys(store)).toEqual([])
  })

  it('refuses, with a sentence, a query sent to the whole database from inside its own transaction', async () => {
    const outcome = withTransaction(store, async (tx) => {
      await put(tx, 'a')
      await put(store, 'b') // the outer handle: would wait for this very transaction forever
    })
    await expect(outcome).rejects.toThrow(/inside one of its transactions.*Pass the transaction handle/)
    expect(await keys(store)).toEqual([])
  })

  it('lets work the body started and left running query once the transaction is over', async () => {
    let later: Promise<void> | undefined
    await withTransaction(store, async (tx) => {
      await put(tx, 'a')
      later = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => put(store, 'b').then(() => undefined))
    })
    await later
    expect(await keys(store)).toEqual(['a', 'b'])
  })

  it('takes the write lock when it begins, so another process waits instead of failing mid-way', async () => {
    const other = new SqliteDatabase(store.path, { timeout: 0 })
    try {
      await withTransaction(store, async (tx) => {
        await keys(tx) // only a read so far: a deferred BEGIN would not hold the write lock yet
        expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i)
      })
      other.exec('BEGIN IMMEDIATE')
      other.exec('ROLLBACK')
    } finally {
      other.close()
    }
  })
})

describe('the SQLite driver', () => {
  it('answers right through more distinct statements than it keeps prepared', async () => {
    for (let index = 0; index < 620; index++) {
      const row = await store.db
        .selectFrom('settings')
        .select((eb) => eb.val(BigInt(index)).as(`n${index}`)) // a distinct SQL text each time
        .where('key', '=', `key-${index}`)
        .execute()
      expect(row).toEqual([])
    }
    await put(store, 'still-works')
    expect(await keys(store)).toEqual(['still-works'])
  })

  it('reads integers as bigint, so stroops stay exact beyond 2^53', async () => {
    await put(store, 'x')
    const [value] = await store.db
      .selectFrom('settings')
      .select((eb) => eb.val(9_007_199_254_740_993n).as('stroops'))
      .execute()
    expect(value?.stroops).toBe(9_007_199_254_740_993n)
  })
})
