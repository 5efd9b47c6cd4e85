// Two handles on one file in one process (two stores in a test, as a window and the CLI would be
// two processes): a transaction of one waits for the other's without freezing the event loop, so
// the transaction it waits for can finish.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, withTransaction, type MerchantDb } from '../../../src/main/db'
import { tempFolder } from './helpers'

let folder: ReturnType<typeof tempFolder>
let first: MerchantDb
let second: MerchantDb
beforeEach(() => {
  folder = tempFolder()
  first = openDatabase(join(folder.path, 'ledger.sqlite'))
  second = openDatabase(join(folder.path, 'ledger.sqlite'))
})
afterEach(() => {
  first.close()
  second.close()
  folder.remove()
})

const pause = () => new Promise((resolve) => setTimeout(resolve, 5))

async function increment(store: MerchantDb): Promise<void> {
  await withTransaction(store, async (tx) => {
    const row = await tx.db.selectFrom('settings').select('value_json').where('key', '=', 'count').executeTakeFirst()
    await pause() // holds the write lock across an await, as every kysely transaction does
    const count = Number(row?.value_json ?? '0') + 1
    await tx.db
      .insertInto('settings')
      .values({ key: 'count', value_json: String(count), updated_at: 1 })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value_json: String(count) }))
      .execute()
  })
}

describe('two handles on one file', () => {
  it('take turns: every transaction of both commits, none reads a count the other is about to change', async () => {
    const started = Date.now()
    await Promise.all(Array.from({ length: 8 }, (_, index) => increment(index % 2 === 0 ? first : second)))
    const row = await first.db.selectFrom('settings').select('value_json').where('key', '=', 'count').executeTakeFirstOrThrow()
    expect(row.value_json).toBe('8')
    // Far below the 5 s busy timeout a blocked event loop would have waited for each.
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('still gives up with SQLITE_BUSY when the other holds the lock longer than the busy timeout', async () => {
    first.sqlite.pragma('busy_timeout = 50')
    const held = withTransaction(second, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300))
    })
    await pause()
    await expect(withTransaction(first, async () => undefined)).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
    await held
    expect(Number(first.sqlite.pragma('busy_timeout', { simple: true }))).toBe(50)
  })
})
