// What a schema migration is. Migrations are frozen: once released, a migration's SQL never
// changes (databases in the field already ran it); a change is a new migration at the end of
// the list in ./index.ts.
import type SqliteDatabase from 'better-sqlite3'

export interface Migration {
  /** `NNNN_what_it_does`; recorded in `schema_migrations`, so it never changes either. */
  readonly name: string
  /**
   * Runs inside the runner's transaction with foreign keys off (so a table can be rebuilt);
   * the runner checks `PRAGMA foreign_key_check` before committing. Synchronous, like
   * better-sqlite3: must not COMMIT, and must not use PRAGMAs that are no-ops in a transaction.
   */
  up(sqlite: SqliteDatabase.Database): void
}
