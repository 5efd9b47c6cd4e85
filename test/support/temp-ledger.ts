// A real SQLite ledger in a throwaway folder: a file rather than ':memory:', because an export reads
// through a second connection, a CLI child opens the same path, and a test may reopen it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { openDatabase, type MerchantDb } from '../../src/main/db'

export interface TempLedgerOptions {
  /** Open this database instead (':memory:' allowed); the folder is then the caller's, never removed. */
  readonly databasePath?: string
  /** Keep the ledger in this folder; the caller removes it. */
  readonly dir?: string
  /** The desk's clock, as the database stamps rows with it. */
  readonly now?: () => Date
}

export interface TempLedger {
  /** The folder the ledger file sits in. */
  readonly dir: string
  readonly databasePath: string
  readonly store: MerchantDb
  /** A path in the folder. */
  file(name: string): string
  /** Closes the ledger and removes the folder if this ledger made it. */
  close(): void
}

export function openTempLedger(options: TempLedgerOptions = {}): TempLedger {
  const owned = options.databasePath === undefined && options.dir === undefined
  const dir =
    options.databasePath !== undefined ? dirname(options.databasePath) : (options.dir ?? mkdtempSync(join(tmpdir(), 'md-ledger-')))
  const databasePath = options.databasePath ?? join(dir, 'merchant-desk.sqlite')
  const store = openDatabase(databasePath, options.now ? { now: options.now } : {})
  return {
    dir,
    databasePath,
    store,
    file: (name) => join(dir, name),
    close() {
      store.close()
      if (owned) rmSync(dir, { recursive: true, force: true })
    }
  }
}
