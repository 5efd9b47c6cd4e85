// ledgerSql: a test's own SQL through the store, with `?` parameters, integers as bigint, on the
// engine of the project it runs in.
import { afterEach, describe, expect, it } from 'vitest'
import { ledgerSql } from './ledger-sql'
import { openScratchLedger, type TempLedger } from './temp-ledger'

let ledger: TempLedger | undefined
afterEach(() => ledger?.close())

describe('ledgerSql', () => {
  it('binds ? in order, leaves ? inside quotes alone, and reads rows, a row, a value and a column', async () => {
    ledger = openScratchLedger()
    const db = ledgerSql(ledger.store)
    const insert = "INSERT INTO settings (key, value_json, updated_at) VALUES (?, '\"?\"', ?), (?, ?, ?)"
    expect(await db.run(insert, 'a', 7n, 'b', '"two"', 9_007_199_254_740_993n)).toBe(2n)
    expect(await db.all('SELECT key, value_json, updated_at FROM settings WHERE key IN (?, ?) ORDER BY key', 'a', 'b')).toEqual([
      { key: 'a', value_json: '"?"', updated_at: 7n },
      { key: 'b', value_json: '"two"', updated_at: 9_007_199_254_740_993n }
    ])
    expect(await db.get('SELECT value_json FROM settings WHERE key = ?', 'b')).toEqual({ value_json: '"two"' })
    expect(await db.get('SELECT value_json FROM settings WHERE key = ?', 'none')).toBeUndefined()
    expect(await db.value('SELECT count(*) FROM settings WHERE key <> ?', 'z')).toBe(2n)
    expect(await db.value('SELECT value_json FROM settings WHERE key = ?', 'none')).toBeUndefined()
    expect(await db.values('SELECT key FROM settings ORDER BY key')).toEqual(['a', 'b'])
    expect(await db.run('DELETE FROM settings WHERE key = ?', 'a')).toBe(1n)
  })

  it('refuses a statement whose ? and parameters do not match', async () => {
    ledger = openScratchLedger()
    const db = ledgerSql(ledger.store)
    await expect(db.value('SELECT ?')).rejects.toThrow(/More \? than parameters/)
    await expect(db.value('SELECT 1', 2)).rejects.toThrow(/1 parameters for 0/)
  })
})
