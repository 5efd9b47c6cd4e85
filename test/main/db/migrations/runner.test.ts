import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../../src/main/db/migrations'
import { APPLICATION_ID, inspectSchema, runMigrations } from '../../../../src/main/db/migrations/runner'
import { isUserFacingError } from '../../../../src/shared/errors'
import { tempFolder } from '../helpers'

const createShops: Migration = {
  name: '0001_shops',
  up: (sqlite) => sqlite.exec('CREATE TABLE shops (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT')
}
const createOrders: Migration = {
  name: '0002_orders',
  up: (sqlite) =>
    sqlite.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL REFERENCES shops (id)) STRICT')
}
const failsHalfway: Migration = {
  name: '0003_breaks',
  up: (sqlite) => {
    sqlite.exec('CREATE TABLE half_built (x INTEGER) STRICT')
    sqlite.exec("INSERT INTO shops (name) VALUES ('written before the failure')")
    throw new Error('disk on fire')
  }
}
const leavesDanglingKey: Migration = {
  name: '0003_dangling',
  up: (sqlite) => sqlite.exec('INSERT INTO orders (shop_id) VALUES (404)')
}

let folder: ReturnType<typeof tempFolder>
let sqlite: SqliteDatabase.Database
const now = () => new Date(Date.UTC(2025, 5, 1))

beforeEach(() => {
  folder = tempFolder()
  sqlite = new SqliteDatabase(join(folder.path, 'runner.sqlite'))
  sqlite.pragma('foreign_keys = ON')
})
afterEach(() => {
  sqlite.close()
  folder.remove()
})

const tables = () =>
  sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all()
const header = () => ({
  userVersion: sqlite.pragma('user_version', { simple: true }),
  applicationId: sqlite.pragma('application_id', { simple: true })
})

describe('runMigrations', () => {
  it('applies pending migrations in order, records them, and stamps the header', () => {
    expect(runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })).toEqual(['0001_shops', '0002_orders'])
    expect(tables()).toEqual(['orders', 'schema_migrations', 'shops'])
    expect(sqlite.prepare('SELECT name, applied_at FROM schema_migrations ORDER BY rowid').all()).toEqual([
      { name: '0001_shops', applied_at: Date.UTC(2025, 5, 1) },
      { name: '0002_orders', applied_at: Date.UTC(2025, 5, 1) }
    ])
    expect(header()).toEqual({ userVersion: 2, applicationId: APPLICATION_ID })
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('applies only what is new on a database that is behind, and nothing on one that is current', () => {
    runMigrations(sqlite, [createShops], { path: 'runner', now })
    expect(runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })).toEqual(['0002_orders'])
    expect(runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })).toEqual([])
    expect(sqlite.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(2)
  })

  it('leaves nothing behind when a migration fails on a new database', () => {
    expect(() => runMigrations(sqlite, [createShops, failsHalfway], { path: 'runner', now })).toThrow(
      'Migration 0003_breaks failed: disk on fire'
    )
    expect(tables()).toEqual([])
    expect(header()).toEqual({ userVersion: 0, applicationId: 0 })
  })

  it('leaves an existing database exactly as it was when a later migration fails', () => {
    runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })
    sqlite.exec("INSERT INTO shops (name) VALUES ('Bakery')")
    expect(() => runMigrations(sqlite, [createShops, createOrders, failsHalfway], { path: 'runner', now })).toThrow(
      /0003_breaks failed/
    )
    expect(tables()).toEqual(['orders', 'schema_migrations', 'shops'])
    expect(sqlite.prepare('SELECT name FROM shops').pluck().all()).toEqual(['Bakery'])
    expect(sqlite.prepare('SELECT name FROM schema_migrations ORDER BY rowid').pluck().all()).toEqual([
      '0001_shops',
      '0002_orders'
    ])
    expect(header().userVersion).toBe(2)
  })

  it('refuses migrations that leave a broken foreign key, and rolls them back', () => {
    runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })
    expect(() => runMigrations(sqlite, [createShops, createOrders, leavesDanglingKey], { path: 'runner', now })).toThrow(
      /break a foreign key/
    )
    expect(sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(0)
    expect(header().userVersion).toBe(2)
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
  })
})

describe('inspectSchema', () => {
  const codeOf = (action: () => unknown): string => {
    try {
      action()
    } catch (error) {
      if (isUserFacingError(error)) return error.code
      throw error
    }
    return 'accepted'
  }

  it('calls a database with a migration this build lacks too new', () => {
    runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })
    expect(codeOf(() => inspectSchema(sqlite, [createShops], 'runner'))).toBe('database_too_new')
  })

  it('calls a history with a gap unreadable, since this app never writes one', () => {
    runMigrations(sqlite, [createShops, createOrders], { path: 'runner', now })
    sqlite.exec("DELETE FROM schema_migrations WHERE name = '0001_shops'")
    expect(codeOf(() => inspectSchema(sqlite, [createShops, createOrders], 'runner'))).toBe('database_unreadable')
  })

  it('calls a SQLite file without our application id unreadable', () => {
    sqlite.exec('CREATE TABLE recipes (name TEXT)')
    expect(codeOf(() => inspectSchema(sqlite, [createShops], 'runner'))).toBe('database_unreadable')
  })

  it('reports every migration as pending on an empty database', () => {
    expect(inspectSchema(sqlite, [createShops, createOrders], 'runner').pending.map((m) => m.name)).toEqual([
      '0001_shops',
      '0002_orders'
    ])
  })
})

describe('MIGRATIONS', () => {
  it('are numbered 0001, 0002, ... in order, once each, and the schema version counts them', () => {
    const names = MIGRATIONS.map((migration) => migration.name)
    names.forEach((name, index) => {
      expect(name).toMatch(new RegExp(`^${String(index + 1).padStart(4, '0')}_[a-z0-9_]+$`))
    })
    expect(new Set(names).size).toBe(names.length)
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })
})
