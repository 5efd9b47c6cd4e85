import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src/main/db/migrations'
import { openDatabase, type MerchantDb } from '../../../src/main/db/open'
import { isUserFacingError, type UserFacingError } from '../../../src/shared/errors'
import { PAYMENT_ID, paymentRow, tempFolder } from './helpers'

let folder: ReturnType<typeof tempFolder>
let opened: MerchantDb[] = []
beforeEach(() => {
  folder = tempFolder()
})
afterEach(() => {
  for (const store of opened) store.close()
  opened = []
  folder.remove()
})

function open(path: string, options?: Parameters<typeof openDatabase>[1]): MerchantDb {
  const store = openDatabase(path, options)
  opened.push(store)
  return store
}

function failureOf(action: () => unknown): UserFacingError {
  try {
    action()
  } catch (error) {
    if (isUserFacingError(error)) return error
    throw error
  }
  throw new Error('expected the database to be refused')
}

/** Everything that would show a change to the file: its bytes, its mtime, and files beside it. */
function fileSnapshot(path: string) {
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex')
  return { sha256, mtimeMs: statSync(path).mtimeMs, siblings: readdirSync(folder.path).sort() }
}

/** Creates a current database, then lets `change` tamper with it through a plain connection. */
function databaseChangedBy(change: (raw: SqliteDatabase.Database) => void): string {
  const path = join(folder.path, 'ledger.sqlite')
  openDatabase(path).close()
  const raw = new SqliteDatabase(path)
  change(raw)
  raw.close()
  return path
}

describe('openDatabase on a file', () => {
  it('sets WAL, foreign keys, synchronous FULL and a 5 s busy timeout', () => {
    const path = join(folder.path, 'ledger.sqlite')
    const { sqlite } = open(path)
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1n)
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2n) // FULL
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000n)
    expect(sqlite.pragma('user_version', { simple: true })).toBe(BigInt(MIGRATIONS.length))
    expect(existsSync(`${path}-wal`)).toBe(true)
  })

  it('creates the missing folder of a new database', () => {
    const path = join(folder.path, 'Merchant Desk', 'nested', 'ledger.sqlite')
    const { sqlite } = open(path)
    expect(existsSync(path)).toBe(true)
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'payments'").pluck().get()).toBe(1n)
  })

  it('reads INTEGER columns as bigint through both kysely and the raw connection', async () => {
    const store = open(join(folder.path, 'ledger.sqlite'))
    await store.db.insertInto('payments').values(paymentRow({ amount_stroops: 2n ** 62n + 1n })).execute()
    const viaKysely = await store.db.selectFrom('payments').select(['amount_stroops', 'created_at']).executeTakeFirstOrThrow()
    expect(viaKysely).toEqual({ amount_stroops: 2n ** 62n + 1n, created_at: BigInt(Date.UTC(2025, 2, 14, 9, 30)) })
    expect(store.sqlite.prepare('SELECT amount_stroops FROM payments').pluck().get()).toBe(2n ** 62n + 1n)
  })

  it('re-opens idempotently: same schema, each migration recorded once, data kept', async () => {
    const path = join(folder.path, 'ledger.sqlite')
    const first = openDatabase(path, { now: () => new Date(Date.UTC(2025, 0, 1)) })
    await first.db.insertInto('payments').values(paymentRow()).execute()
    const schemaBefore = first.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()
    first.close()

    const second = open(path, { now: () => new Date(Date.UTC(2026, 0, 1)) })
    expect(second.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore)
    expect(second.sqlite.prepare('SELECT name, applied_at FROM schema_migrations').all()).toEqual(
      MIGRATIONS.map((migration) => ({ name: migration.name, applied_at: BigInt(Date.UTC(2025, 0, 1)) }))
    )
    expect(await second.db.selectFrom('payments').select('identifier').execute()).toEqual([
      { identifier: PAYMENT_ID }
    ])
  })

  it('lets a second connection (the CLI beside the app) open the same file', () => {
    const path = join(folder.path, 'ledger.sqlite')
    const app = open(path)
    const cli = open(path)
    app.sqlite.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('network', '\"mainnet\"', 1)").run()
    expect(cli.sqlite.prepare("SELECT value_json FROM settings WHERE key = 'network'").pluck().get()).toBe('"mainnet"')
  })

  it('closes idempotently', () => {
    const store = openDatabase(join(folder.path, 'ledger.sqlite'))
    store.close()
    store.close()
    expect(store.sqlite.open).toBe(false)
  })
})

describe('openDatabase in memory', () => {
  it('runs the migrations and enforces foreign keys, without WAL', () => {
    const { sqlite } = open(':memory:')
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('memory')
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1n)
    expect(sqlite.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual(MIGRATIONS.map((migration) => migration.name))
  })

  it('refuses to be read-only, since it would always be empty', () => {
    expect(() => openDatabase(':memory:', { readonly: true })).toThrow(/always be empty/)
  })
})

describe('openDatabase refuses a database written by a newer version', () => {
  it.each([
    ['a higher user_version', (raw: SqliteDatabase.Database) => raw.pragma(`user_version = ${MIGRATIONS.length + 1}`)],
    [
      'a migration this build does not know',
      (raw: SqliteDatabase.Database) =>
        raw.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES ('0002_payouts', 1)").run()
    ]
  ])('with %s, and leaves the file untouched', (_case, change) => {
    const path = databaseChangedBy(change)
    const before = fileSnapshot(path)
    const error = failureOf(() => openDatabase(path))
    expect(error.code).toBe('database_too_new')
    expect(error.message).toMatch(/newer version of Merchant Desk\. Update Merchant Desk/)
    expect(fileSnapshot(path)).toEqual(before)
  })

  it('while the newer version still has the file open with the change only in its WAL', () => {
    const path = join(folder.path, 'ledger.sqlite')
    openDatabase(path).close()
    const newer = new SqliteDatabase(path)
    newer.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future', 1)").run()
    try {
      expect(failureOf(() => openDatabase(path)).code).toBe('database_too_new')
      expect(newer.prepare('SELECT name FROM schema_migrations ORDER BY rowid').pluck().all()).toEqual([
        ...MIGRATIONS.map((migration) => migration.name),
        '9999_from_the_future'
      ])
    } finally {
      newer.close()
    }
  })

  it('also when opened read-only', () => {
    const path = databaseChangedBy((raw) => raw.pragma(`user_version = ${MIGRATIONS.length + 1}`))
    const before = fileSnapshot(path)
    expect(failureOf(() => openDatabase(path, { readonly: true })).code).toBe('database_too_new')
    expect(fileSnapshot(path)).toEqual(before)
  })
})

describe('openDatabase refuses what is not a Merchant Desk database', () => {
  it.each([
    ['a text file', 'These are my notes, not a database.\n'.repeat(20)],
    ['a file shorter than a SQLite header', 'SQLite format 3\0'],
    ['a file with a SQLite header and garbage after it', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 7)])]
  ])('%s, and leaves it untouched', (_case, content) => {
    const path = join(folder.path, 'ledger.sqlite')
    writeFileSync(path, content)
    const before = fileSnapshot(path)
    const error = failureOf(() => openDatabase(path))
    expect(error.code).toBe('database_unreadable')
    expect(error.message).toMatch(/not a Merchant Desk database/)
    expect(fileSnapshot(path)).toEqual(before)
  })

  it('another program’s SQLite database, and leaves it untouched', () => {
    const path = join(folder.path, 'other.sqlite')
    const raw = new SqliteDatabase(path)
    raw.exec('CREATE TABLE recipes (name TEXT)')
    raw.close()
    const before = fileSnapshot(path)
    expect(failureOf(() => openDatabase(path)).code).toBe('database_unreadable')
    expect(fileSnapshot(path)).toEqual(before)
  })

  it('a folder', () => {
    expect(failureOf(() => openDatabase(folder.path)).code).toBe('database_unreadable')
  })
})

describe('openDatabase read-only', () => {
  it('reads a current database and refuses to write to it', async () => {
    const path = join(folder.path, 'ledger.sqlite')
    const writer = openDatabase(path)
    await writer.db.insertInto('payments').values(paymentRow()).execute()
    writer.close()

    const reader = open(path, { readonly: true })
    expect(reader.readonly).toBe(true)
    expect(await reader.db.selectFrom('payments').select('amount_stroops').execute()).toEqual([
      { amount_stroops: 31_400_000n }
    ])
    await expect(reader.db.deleteFrom('settings').execute()).rejects.toThrow(/readonly/)
  })

  it('refuses a file that does not exist instead of creating it', () => {
    const path = join(folder.path, 'missing.sqlite')
    expect(failureOf(() => openDatabase(path, { readonly: true })).code).toBe('database_unavailable')
    expect(existsSync(path)).toBe(false)
  })

  it('refuses a database that still needs migrations', () => {
    const path = join(folder.path, 'empty.sqlite')
    writeFileSync(path, '')
    expect(failureOf(() => openDatabase(path, { readonly: true })).code).toBe('database_outdated')
    expect(statSync(path).size).toBe(0)
  })
})
