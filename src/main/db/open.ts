// The one place the database opens: the Electron app, the CLI, the browser preview and the
// tests all come through here, so they all get the same pragmas, the same integer handling
// and the same schema checks.
//
// Invariants: a file that is not ours, or that a newer build wrote, is refused before SQLite
// writes anything to it; a database is never handed out below this build's schema; INTEGER
// columns read as bigint, so money is exact up to int64; an existing database is copied aside
// before its schema changes (upgrade.ts).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely } from 'kysely'
import { databaseOutdated, databaseUnavailable, explainOpenError } from './database-errors'
import { checkDatabaseFile } from './file-check'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'
import { APPLICATION_ID, inspectSchema } from './migrations/runner'
import type { Database } from './schema'
import { upgradeSchema } from './upgrade'
import { LedgerSqliteDialect } from './sqlite/driver'
import type { LedgerEngine } from './transaction-guard'
import type { MerchantDb } from './merchant-db'
import { isPostgresLocation, openPostgresLedger } from './postgres'

export type { MerchantDb } from './merchant-db'

export interface OpenDatabaseOptions {
  /** Read an existing database without changing it; it must already be at this build's schema. */
  readonly readonly?: boolean
  readonly now?: () => Date
  /** A team database's password (PostgreSQL only), from the desk's sealed secrets. */
  readonly password?: string
}

const BUSY_TIMEOUT_MS = 5000

/**
 * Opens the ledger at `location`: a SQLite file path, or a team database's `postgres://` address
 * (postgres/open.ts). Either way a synchronous call that returns one kind of handle.
 */
export function openDatabase(location: string, options: OpenDatabaseOptions = {}): MerchantDb {
  if (isPostgresLocation(location)) return openPostgresLedger(location, options)
  return openSqliteLedger(location, options)
}

function openSqliteLedger(path: string, options: OpenDatabaseOptions): MerchantDb {
  const readonly = options.readonly ?? false
  const now = options.now ?? (() => new Date())
  const inMemory = path === ':memory:'
  if (inMemory && readonly) throw new Error('A read-only in-memory database would always be empty.')

  if (!inMemory) {
    const state = checkDatabaseFile(path, { applicationId: APPLICATION_ID, schemaVersion: SCHEMA_VERSION })
    if (state === 'missing' && readonly) throw databaseUnavailable(path)
    if (state === 'missing') createFolder(path)
  }

  let sqlite: SqliteDatabase.Database
  try {
    sqlite = new SqliteDatabase(path, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS })
  } catch (error) {
    throw explainOpenError(error, path)
  }
  try {
    prepareConnection(sqlite, { path, inMemory, readonly, now })
  } catch (error) {
    sqlite.close()
    throw explainOpenError(error, path)
  }

  const engine: LedgerEngine = { kind: 'sqlite' }
  const db = new Kysely<Database>({ dialect: new LedgerSqliteDialect(sqlite, engine) })
  return {
    sqlite,
    db,
    engine,
    now,
    path,
    readonly,
    watchChanges: (listener) => watchDataVersion(sqlite, listener),
    reopen: (again) => openSqliteLedger(path, { readonly: again.readonly, now }),
    close() {
      sqlite.close() // better-sqlite3 ignores a second close
    }
  }
}

function prepareConnection(
  sqlite: SqliteDatabase.Database,
  context: { path: string; inMemory: boolean; readonly: boolean; now: () => Date }
): void {
  // Every INTEGER comes back as bigint: stroops above 2^53 (9e8 Pi) stay exact, and one rule
  // for every column beats remembering which statements need it. schema.ts types rows so.
  sqlite.defaultSafeIntegers(true)
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  sqlite.pragma('foreign_keys = ON')

  // Refuse a foreign or newer database while nothing has been written yet: journal_mode=WAL
  // rewrites the file header.
  const { pending } = inspectSchema(sqlite, MIGRATIONS, context.path)
  if (context.readonly) {
    if (pending.length > 0) throw databaseOutdated(context.path)
    return
  }

  // No ANALYZE / PRAGMA optimize: without statistics the planner assumes large tables and
  // picks the indexes the ledger's queries were designed for (test/main/db/query-plan.test.ts);
  // statistics taken while the ledger is small would mislead it after the first big sync.

  // WAL: the CLI and the app can read while the other writes, and a crash mid-write never
  // corrupts the file. (An in-memory database has no WAL.)
  if (!context.inMemory) sqlite.pragma('journal_mode = WAL')
  // FULL, not NORMAL: with WAL, NORMAL survives an app crash but a power cut can drop the last
  // commits. Most tables can be fetched again from Pi and the chain, but the audit log and the
  // payout journal cannot, and they record money that left the wallet. The price is one fsync
  // of the WAL per commit, which is why writers batch (one transaction per sync page).
  sqlite.pragma('synchronous = FULL')

  // An existing database is copied aside first (<file>.bak-<version>), see upgrade.ts.
  upgradeSchema(sqlite, MIGRATIONS, { path: context.path, now: context.now })
}

/** How often a desk looks whether another process committed to its SQLite file. */
const DATA_VERSION_POLL_MS = 500

/**
 * SQLite has no notifications; its data_version changes when another connection commits, and
 * reading it costs nothing (no disk read), so a desk polls it twice a second while it listens.
 */
function watchDataVersion(sqlite: SqliteDatabase.Database, listener: (table: string | null) => void): () => void {
  const read = (): number | null => (sqlite.open ? Number(sqlite.pragma('data_version', { simple: true })) : null)
  let seen = read()
  const timer = setInterval(() => {
    const now = read()
    if (now === null) return clearInterval(timer)
    if (now !== seen) {
      seen = now
      listener(null)
    }
  }, DATA_VERSION_POLL_MS)
  timer.unref()
  return () => clearInterval(timer)
}

function createFolder(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch {
    throw databaseUnavailable(path)
  }
}
