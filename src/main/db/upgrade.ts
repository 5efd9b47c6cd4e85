// Brings an existing database up to this build's schema, safely: a copy first, then the
// migrations (one transaction: they apply entirely or not at all, see migrations/runner.ts).
// A new database has nothing to lose and gets no copy; neither does one in memory.
import type SqliteDatabase from 'better-sqlite3'
import { copyBeforeUpgrade } from './backup'
import { databaseUpgradeFailed } from './database-errors'
import type { Migration } from './migrations'
import { inspectSchema, runMigrations } from './migrations/runner'

export { BACKUPS_KEPT } from './backup'

/** Applies what is pending and returns the names applied (none when already current). */
export function upgradeSchema(
  sqlite: SqliteDatabase.Database,
  migrations: readonly Migration[],
  options: { readonly path: string; readonly now: () => Date }
): readonly string[] {
  const { applied, pending } = inspectSchema(sqlite, migrations, options.path)
  if (pending.length === 0) return []
  if (applied.length === 0 || options.path === ':memory:') return runMigrations(sqlite, migrations, options)

  const backup = copyBeforeUpgrade(sqlite, options.path, applied.length)
  try {
    return runMigrations(sqlite, migrations, options)
  } catch (error) {
    // The runner's transaction rolled back: the file is as the previous version left it.
    throw databaseUpgradeFailed(options.path, backup, error)
  }
}
