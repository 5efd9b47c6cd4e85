// One export reads from its own connection, inside one read transaction. Two reasons:
// - Consistency: the count, the metadata pass and the rows are three queries; a sync committing
//   between them would make the file disagree with its own manifest. WAL gives the transaction
//   a snapshot that no writer disturbs.
// - Availability: better-sqlite3 keeps a connection busy while a statement is being iterated, and
//   the export pauses between rows for the disk. On the app's own connection, every other query
//   (the ledger page, a sync) would fail for as long as the export runs.
// An in-memory database (tests only) cannot be opened twice, so it is read on its own connection.
import type SqliteDatabase from 'better-sqlite3'
import { openDatabase, type MerchantDb } from '../db'

export interface ReadSnapshot {
  readonly sqlite: SqliteDatabase.Database
  close(): void
}

export function openReadSnapshot(store: MerchantDb): ReadSnapshot {
  if (store.path === ':memory:') return { sqlite: store.sqlite, close: () => undefined }
  const reader = openDatabase(store.path, { readonly: true })
  try {
    reader.sqlite.exec('BEGIN')
  } catch (error) {
    reader.close()
    throw error
  }
  return {
    sqlite: reader.sqlite,
    close() {
      try {
        if (reader.sqlite.inTransaction) reader.sqlite.exec('COMMIT')
      } finally {
        reader.close()
      }
    }
  }
}
