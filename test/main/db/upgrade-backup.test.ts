// Data safety on upgrade: before a newer build migrates a merchant's database, it copies the
// database aside (`<file>.bak-<schema version>`, WAL content included) and keeps the last three;
// a migration that fails leaves the original as it was and the error names the copy.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../src/main/db/migrations'
import { runMigrations } from '../../../src/main/db/migrations/runner'
import { openDatabase } from '../../../src/main/db/open'
import { BACKUPS_KEPT, upgradeSchema } from '../../../src/main/db/upgrade'
import { isUserFacingError, type UserFacingError } from '../../../src/shared/errors'
import { tempFolder } from './helpers'

let folder: ReturnType<typeof tempFolder>
const raws: SqliteDatabase.Database[] = []
const now = () => new Date(Date.UTC(2026, 11, 7))

beforeEach(() => {
  folder = tempFolder()
})
afterEach(() => {
  for (const raw of raws.splice(0)) raw.close()
  folder.remove()
})

function connect(path: string): SqliteDatabase.Database {
  const raw = new SqliteDatabase(path)
  raws.push(raw)
  return raw
}

function failureOf(action: () => unknown): UserFacingError {
  try {
    action()
  } catch (error) {
    if (isUserFacingError(error)) return error
    throw error
  }
  throw new Error('expected the upgrade to be refused')
}

const settingsIn = (path: string) =>
  connect(path).prepare('SELECT key, value_json FROM settings ORDER BY key').all() as { key: string; value_json: string }[]
const schemaOf = (path: string) => {
  const raw = connect(path)
  return {
    userVersion: raw.pragma('user_version', { simple: true }),
    migrations: raw.prepare('SELECT name FROM schema_migrations ORDER BY rowid').pluck().all()
  }
}
const backupsIn = () => readdirSync(folder.path).filter((name) => name.includes('.bak-')).sort()

/**
 * A database the previous release wrote: every migration but the last, in WAL mode, with a
 * setting that sits only in the WAL (the writer is still open, so nothing was checkpointed).
 */
function databaseOfThePreviousRelease(): { path: string; previousVersion: number } {
  const path = join(folder.path, 'merchant-desk.sqlite')
  const previous = MIGRATIONS.slice(0, SCHEMA_VERSION - 1)
  const writer = connect(path)
  writer.pragma('journal_mode = WAL')
  writer.pragma('wal_autocheckpoint = 0')
  runMigrations(writer, previous, { path, now })
  writer
    .prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)')
    .run('display.currency', '"PI"', now().getTime())
  return { path, previousVersion: previous.length }
}

describe('opening a database of the previous release', () => {
  it('copies it to <file>.bak-<old version> first, with what was still only in the WAL', () => {
    const { path, previousVersion } = databaseOfThePreviousRelease()
    expect(readFileSync(path).includes('display.currency')).toBe(false) // only in the WAL so far

    openDatabase(path, { now }).close()

    const backup = `${path}.bak-${previousVersion}`
    expect(backupsIn()).toEqual([`merchant-desk.sqlite.bak-${previousVersion}`])
    expect(settingsIn(backup)).toEqual([{ key: 'display.currency', value_json: '"PI"' }])
    expect(schemaOf(backup)).toEqual({
      userVersion: previousVersion,
      migrations: MIGRATIONS.slice(0, previousVersion).map((migration) => migration.name)
    })
    expect(schemaOf(path).userVersion).toBe(SCHEMA_VERSION)
    expect(settingsIn(path)).toEqual([{ key: 'display.currency', value_json: '"PI"' }])
  })

  it('makes no copy of a new database, nor of one already at this version', () => {
    const path = join(folder.path, 'merchant-desk.sqlite')
    openDatabase(path, { now }).close()
    openDatabase(path, { now }).close()
    expect(backupsIn()).toEqual([])
  })
})

describe('upgradeSchema', () => {
  const step = (n: number): Migration => ({
    name: `000${n}_table_${n}`,
    up: (sqlite) => sqlite.exec(`CREATE TABLE table_${n} (id INTEGER PRIMARY KEY) STRICT`)
  })
  const steps = [1, 2, 3, 4, 5, 6].map(step)
  const breaks: Migration = {
    name: '0003_breaks',
    up: (sqlite) => {
      sqlite.exec('CREATE TABLE half_built (x INTEGER) STRICT')
      sqlite.exec("INSERT INTO table_1 (id) VALUES (42)")
      throw new Error('disk on fire')
    }
  }

  function shopAt(version: number): { path: string; sqlite: SqliteDatabase.Database } {
    const path = join(folder.path, 'shop.sqlite')
    const sqlite = connect(path)
    sqlite.pragma('journal_mode = WAL')
    upgradeSchema(sqlite, steps.slice(0, version), { path, now })
    return { path, sqlite }
  }

  it(`keeps the last ${BACKUPS_KEPT} copies, and leaves other files alone`, () => {
    writeFileSync(join(folder.path, 'shop.sqlite.bak-notes.txt'), 'mine')
    writeFileSync(join(folder.path, 'other.sqlite.bak-1'), 'not this database')
    const { path, sqlite } = shopAt(1)
    for (let version = 2; version <= 6; version++) upgradeSchema(sqlite, steps.slice(0, version), { path, now })

    expect(backupsIn()).toEqual(['other.sqlite.bak-1', 'shop.sqlite.bak-3', 'shop.sqlite.bak-4', 'shop.sqlite.bak-5', 'shop.sqlite.bak-notes.txt'])
    expect(schemaOf(join(folder.path, 'shop.sqlite.bak-5')).userVersion).toBe(5)
  })

  it('after a failed migration, leaves the original untouched and names the copy to go back to', () => {
    const { path, sqlite } = shopAt(2)
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const before = createHash('sha256').update(readFileSync(path)).digest('hex')

    const failure = failureOf(() => upgradeSchema(sqlite, [...steps.slice(0, 2), breaks], { path, now }))

    expect(failure.code).toBe('database_upgrade_failed')
    expect(failure.message).toContain('nothing was changed')
    expect(failure.message).toContain('shop.sqlite.bak-2')
    expect(failure.details).toMatchObject({ path, backup: `${path}.bak-2` })
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before)
    expect(schemaOf(path)).toEqual({ userVersion: 2, migrations: ['0001_table_1', '0002_table_2'] })
    expect(schemaOf(`${path}.bak-2`)).toEqual({ userVersion: 2, migrations: ['0001_table_1', '0002_table_2'] })
    expect(backupsIn()).toEqual(['shop.sqlite.bak-2'])
  })

  it('refuses to upgrade when the copy cannot be written, and changes nothing', () => {
    const { path, sqlite } = shopAt(2)
    // Something that is not ours already sits where the copy goes.
    mkdirSync(join(folder.path, 'shop.sqlite.bak-2'))
    writeFileSync(join(folder.path, 'shop.sqlite.bak-2', 'keep.txt'), 'not a backup')

    const failure = failureOf(() => upgradeSchema(sqlite, steps.slice(0, 3), { path, now }))

    expect(failure.code).toBe('database_backup_failed')
    expect(failure.message).toContain('did not upgrade')
    expect(schemaOf(path)).toEqual({ userVersion: 2, migrations: ['0001_table_1', '0002_table_2'] })
    expect(readFileSync(join(folder.path, 'shop.sqlite.bak-2', 'keep.txt'), 'utf8')).toBe('not a backup')
    expect(readdirSync(folder.path).filter((name) => name.includes('partial'))).toEqual([])
  })

  it('makes no copy of an in-memory database', () => {
    const sqlite = connect(':memory:')
    upgradeSchema(sqlite, steps.slice(0, 1), { path: ':memory:', now })
    upgradeSchema(sqlite, steps.slice(0, 2), { path: ':memory:', now })
    expect(existsSync(':memory:.bak-1')).toBe(false)
  })
})
