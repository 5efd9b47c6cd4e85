// kysely's SQLite driver, with the three things this ledger needs from it:
// - every transaction starts with BEGIN IMMEDIATE, so two processes on one file (the desk and the
//   CLI) queue for the write lock under busy_timeout instead of one failing mid-transaction with
//   SQLITE_BUSY when it upgrades a read lock;
// - statements are prepared once per SQL text and reused, so a kysely query costs its build, not a
//   `prepare` (better-sqlite3 statements are reusable and keep the connection's safe-integer mode);
// - a query sent to the whole database from inside one of its own transactions fails at once with
//   a sentence, instead of waiting forever for the transaction that is waiting for it (SQLite has
//   one connection, and kysely hands it to one holder at a time);
// - BEGIN IMMEDIATE waits for another connection's write lock without blocking the event loop:
//   SQLite's busy handler sleeps in the calling thread, so a second handle on the same file in
//   the same process (two stores in a test, a window beside another) would freeze the very
//   transaction it waits for until busy_timeout runs out. The wait is retried asynchronously,
//   for as long as busy_timeout allows.
import type SqliteDatabase from 'better-sqlite3'
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig
} from 'kysely'
import { refuseQueryFromOwnTransaction, type LedgerEngine } from '../transaction-guard'

/** Prepared statements kept per connection; more distinct SQL texts than this and the oldest go. */
const STATEMENT_CACHE_SIZE = 500

export class LedgerSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly engine: LedgerEngine,
    private readonly sqlite: SqliteDatabase.Database
  ) {
    super(config)
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    refuseQueryFromOwnTransaction(this.engine)
    return super.acquireConnection()
  }

  /** The connection's busy_timeout, set once where the database opens. */
  #patience: number | undefined

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const patience = (this.#patience ??= Number(this.sqlite.pragma('busy_timeout', { simple: true })))
    const deadline = Date.now() + patience
    for (let pause = 1; ; pause = Math.min(pause * 2, MAX_BEGIN_PAUSE_MS)) {
      this.sqlite.pragma('busy_timeout = 0')
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'))
        return
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error
      } finally {
        this.sqlite.pragma(`busy_timeout = ${patience}`)
      }
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
  }
}

/** The longest pause between two tries of BEGIN IMMEDIATE while another connection writes. */
const MAX_BEGIN_PAUSE_MS = 25

export class LedgerSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly engine: LedgerEngine
  ) {
    const config: SqliteDialectConfig = { database: cachingStatements(sqlite) }
    super(config)
    this.#config = config
  }

  override createDriver(): Driver {
    return new LedgerSqliteDriver(this.#config, this.engine, this.sqlite)
  }
}

/** The connection as kysely sees it, preparing each SQL text once (least recently used go first). */
function cachingStatements(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => {
      statements.clear()
      sqlite.close()
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql)
      if (statement === undefined) {
        statement = sqlite.prepare(sql)
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!)
      } else {
        statements.delete(sql) // re-inserted below: most recently used last
      }
      statements.set(sql, statement)
      return statement
    }
  }
}
