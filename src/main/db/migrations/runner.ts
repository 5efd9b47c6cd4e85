// Brings a database up to this build's schema, or refuses it.
//
// Invariants: all pending migrations run in ONE immediate transaction, so a failure leaves the
// file exactly as it was (no half-built schema, no migration recorded); a database that has
// migrations this build does not know is never written to; a SQLite file that is not ours is
// never turned into one.
//
// Synchronous, with its own bookkeeping table, rather than kysely's Migrator: the Migrator is
// async (openDatabase would have to be) and its SQLite adapter declares no transactional DDL,
// so it runs migrations outside any transaction.
import type SqliteDatabase from 'better-sqlite3'
import { databaseTooNew, notAMerchantDeskDatabase } from '../database-errors'
import type { Migration } from './migration'

/** 'MDsk' in the file header (offset 68): tells our databases from other SQLite files. */
export const APPLICATION_ID = 0x4d44736b

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`

export interface SchemaState {
  /** Names recorded in the database, in the order they ran. */
  readonly applied: readonly string[]
  readonly pending: readonly Migration[]
}

/** Reads (never writes) where the database stands; throws if it is not ours or too new. */
export function inspectSchema(
  sqlite: SqliteDatabase.Database,
  migrations: readonly Migration[],
  path: string
): SchemaState {
  const applicationId = Number(sqlite.pragma('application_id', { simple: true }))
  const userVersion = Number(sqlite.pragma('user_version', { simple: true }))
  const objectCount = Number(sqlite.prepare('SELECT count(*) FROM sqlite_schema').pluck().get())

  if (applicationId === 0 && userVersion === 0 && objectCount === 0) {
    return { applied: [], pending: migrations }
  }
  if (applicationId !== APPLICATION_ID) throw notAMerchantDeskDatabase(path)
  if (userVersion > migrations.length) throw databaseTooNew(path)

  const applied = sqlite
    .prepare('SELECT name FROM schema_migrations ORDER BY rowid')
    .pluck()
    .all() as string[]
  const known = new Set(migrations.map((migration) => migration.name))
  if (applied.some((name) => !known.has(name))) throw databaseTooNew(path)
  // Known names out of order or with a gap: not something this app ever writes.
  if (applied.some((name, index) => migrations[index]?.name !== name)) throw notAMerchantDeskDatabase(path)
  return { applied, pending: migrations.slice(applied.length) }
}

/** Applies what is pending and returns the names applied (none when already current). */
export function runMigrations(
  sqlite: SqliteDatabase.Database,
  migrations: readonly Migration[],
  options: { readonly path: string; readonly now: () => Date }
): readonly string[] {
  // A read first, so opening a current database takes no write lock.
  if (inspectSchema(sqlite, migrations, options.path).pending.length === 0) return []

  // Off while migrating so a later migration can rebuild a table (SQLite's documented
  // procedure); the foreign_key_check below proves nothing was left dangling. The pragma is
  // a no-op inside a transaction, hence here.
  const foreignKeys = Number(sqlite.pragma('foreign_keys', { simple: true }))
  sqlite.pragma('foreign_keys = OFF')
  try {
    const migrate = sqlite.transaction((): readonly string[] => {
      // Again under the write lock: another process may have migrated while we waited for it.
      const { pending } = inspectSchema(sqlite, migrations, options.path)
      if (pending.length === 0) return []
      sqlite.exec(MIGRATIONS_TABLE)
      const record = sqlite.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
      for (const migration of pending) {
        try {
          migration.up(sqlite)
        } catch (error) {
          throw new Error(`Migration ${migration.name} failed: ${describe(error)}`, { cause: error })
        }
        record.run(migration.name, options.now().getTime())
      }
      const violations = sqlite.pragma('foreign_key_check') as unknown[]
      if (violations.length > 0) {
        throw new Error(`Migrations left ${violations.length} rows that break a foreign key; nothing was applied.`)
      }
      sqlite.pragma(`user_version = ${migrations.length}`)
      sqlite.pragma(`application_id = ${APPLICATION_ID}`)
      return pending.map((migration) => migration.name)
    })
    // IMMEDIATE takes the write lock up front: two processes opening at once queue on
    // busy_timeout instead of failing when a read transaction tries to become a write.
    return migrate.immediate()
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
