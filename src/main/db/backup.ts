// Copies a database aside before a newer build changes its schema, so a merchant can always go
// back: `<file>.bak-<schema version>`, beside the file, the last BACKUPS_KEPT of them.
//
// VACUUM INTO, not a file copy: it reads through this connection, so commits that still sit in
// the WAL are in the copy, and the copy is one consistent snapshot even while the CLI reads.
// (better-sqlite3 offers SQLite's backup API only as an async call; opening a database is
// synchronous for every caller, and VACUUM INTO is SQLite's other online backup.)
//
// Invariant: a file named `.bak-N` is always a complete copy. It is written under another name,
// flushed to disk, then renamed; a failure removes the partial file and changes nothing else.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type SqliteDatabase from 'better-sqlite3'
import { databaseBackupFailed } from './database-errors'

export const BACKUPS_KEPT = 3

/** Writes `<path>.bak-<version>` (replacing an older copy of that version) and returns its path. */
export function copyBeforeUpgrade(sqlite: SqliteDatabase.Database, path: string, version: number): string {
  const backup = `${path}.bak-${version}`
  const partial = `${backup}.partial`
  try {
    rmSync(partial, { force: true })
    sqlite.prepare('VACUUM INTO ?').run(partial)
    flush(partial)
    renameSync(partial, backup)
    flushFolder(dirname(backup))
  } catch (error) {
    rmSync(partial, { force: true })
    throw databaseBackupFailed(path, backup, error)
  }
  pruneBackups(path)
  return backup
}

/** Removes all but the newest BACKUPS_KEPT copies of this database; never anything else. */
export function pruneBackups(path: string): void {
  const prefix = `${basename(path)}.bak-`
  const folder = dirname(path)
  const versions = readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .filter((name) => statSync(join(folder, name)).isFile())
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => b - a)
  for (const version of versions.slice(BACKUPS_KEPT)) {
    // An old copy that cannot be removed costs disk space, not data: never fail the open for it.
    rmSync(join(folder, `${prefix}${version}`), { force: true })
  }
}

function flush(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes the rename itself durable. Windows cannot open a folder for fsync; NTFS journals renames. */
function flushFolder(folder: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(folder, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
