import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { cachedStatement } from '../../../src/main/ledger/statement-cache'

let sqlite: SqliteDatabase.Database
afterEach(() => sqlite?.close())

describe('cachedStatement', () => {
  it('reuses the statement of the same SQL on one connection, and keeps connections apart', () => {
    sqlite = new SqliteDatabase(':memory:')
    const other = new SqliteDatabase(':memory:')
    try {
      const first = cachedStatement(sqlite, 'SELECT 1')
      expect(cachedStatement(sqlite, 'SELECT 1')).toBe(first)
      expect(cachedStatement(sqlite, 'SELECT 2')).not.toBe(first)
      expect(cachedStatement(other, 'SELECT 1')).not.toBe(first)
    } finally {
      other.close()
    }
  })

  it('keeps the 64 most recently used statements', () => {
    sqlite = new SqliteDatabase(':memory:')
    const kept = cachedStatement(sqlite, 'SELECT 0')
    const dropped = cachedStatement(sqlite, 'SELECT -1')
    for (let i = 1; i <= 63; i += 1) {
      cachedStatement(sqlite, `SELECT ${i}`)
      cachedStatement(sqlite, 'SELECT 0')
    }
    expect(cachedStatement(sqlite, 'SELECT 0')).toBe(kept)
    expect(cachedStatement(sqlite, 'SELECT -1')).not.toBe(dropped)
  })
})
