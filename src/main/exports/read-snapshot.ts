// One export reads from its own connection, inside one read transaction. Two reasons:
// - Consistency: the count, the metadata pass and the rows are three queries; a sync committing
//   between them would make the file disagree with its own manifest. WAL gives the transaction
//   a snapshot that no writer disturbs.
// - Availability: better-sqlite3 keeps a connection busy while a statement is being iterated, and
//   the export pauses between rows for the disk. On the app's own connection, every other query
//   (the ledger page, a sync) would fail for as long as the export runs.
// An in-memory database (tests only) cannot be opened twice, so it is read on its own connection.
// A team's PostgreSQL database gets a second read-only pool, its snapshot a REPEATABLE READ transaction.
import { withReadTransaction, type MerchantDb } from '../db'

/**
 * Runs `work` inside one read transaction on a second, read-only handle of the same database
 * file; the handle is closed afterwards, whatever happens.
 */
export async function withReadSnapshot<T>(store: MerchantDb, work: (snapshot: MerchantDb) => Promise<T>): Promise<T> {
  if (store.path === ':memory:') return work(store)
  const reader = store.reopen({ readonly: true })
  try {
    return await withReadTransaction(reader, work)
  } finally {
    reader.close()
  }
}
