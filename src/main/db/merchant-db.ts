// The handle every repository takes, whichever engine holds the ledger.
import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { Database } from './schema'
import type { LedgerEngine } from './transaction-guard'

/**
 * A handle on the ledger: the whole database, or one transaction in it (see `withTransaction`).
 * Repositories take one and query through `db`, so the same code runs inside a caller's
 * transaction or on its own.
 */
export interface MerchantDb {
  /**
   * The raw SQLite connection; on PostgreSQL reading it throws (there is none). Only src/main/db
   * uses it (pragmas, migrations, backups), and tests of SQLite's own behaviour; every repository
   * queries through `db`, so it runs on either engine.
   */
  readonly sqlite: SqliteDatabase.Database
  /**
   * Typed queries (kysely), typed by schema.ts as rows really come back. Inside `withTransaction`
   * this is the transaction.
   */
  readonly db: Kysely<Database>
  /** Which database this handle belongs to; transactions of one database share it. */
  readonly engine: LedgerEngine
  /** The clock repositories stamp rows with; tests inject a fixed one. */
  readonly now: () => Date
  /** The SQLite file, or the team database's address without its password. */
  readonly path: string
  readonly readonly: boolean
  /**
   * Calls `listener` when another desk or process commits to this ledger (PostgreSQL: LISTEN/NOTIFY,
   * with the table's name; SQLite: the file's data version, with null), so a desk can show new rows
   * within a second. Returns the function that stops listening.
   */
  watchChanges(listener: (table: string | null) => void): () => void
  /**
   * Another handle on the same ledger, with its own connection (an export's read-only snapshot);
   * the caller closes it. A team database's password stays inside: `path` has none.
   */
  reopen(options: { readonly readonly: boolean }): MerchantDb
  /** Idempotent. (PostgreSQL's connections close in the background.) */
  close(): void
}

/**
 * The same handle, querying through `db` (a transaction or one pinned connection). Keeps the
 * handle's accessors as accessors: a spread would read them all, and `sqlite` throws on PostgreSQL.
 */
export function handleOn(store: MerchantDb, db: Kysely<Database>): MerchantDb {
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(store), db: { value: db, enumerable: true } }) as MerchantDb
}
