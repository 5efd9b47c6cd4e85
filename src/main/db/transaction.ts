// One way to write several rows together (invariant 5: every write is a transaction). Works on
// a handle to the whole database or on one already inside a transaction, where it simply runs
// (so a repository can wrap its own writes and still join its caller's transaction).
import { handleOn, type MerchantDb } from './merchant-db'
import { insideTransaction } from './transaction-guard'

/**
 * Runs `work` in one transaction and commits when it resolves, or rolls back when it throws.
 * Inside `work`, send every query through `tx`: the whole database waits for this transaction.
 */
export async function withTransaction<T>(store: MerchantDb, work: (tx: MerchantDb) => Promise<T>): Promise<T> {
  if (store.db.isTransaction) return work(store)
  return store.db.transaction().execute((trx) =>
    insideTransaction(store.engine, () => work(handleOn(store, trx)))
  )
}
