// A read transaction: every query inside sees one snapshot of the database, and no write lock is
// taken (a sync may commit meanwhile; the reader does not see it). SQLite's deferred BEGIN does
// this under WAL; withTransaction's BEGIN IMMEDIATE would queue behind a writer instead.
// PostgreSQL says it with REPEATABLE READ READ ONLY.
import { sql } from 'kysely'
import { handleOn, type MerchantDb } from '../merchant-db'
import { insideTransaction } from '../transaction-guard'

/**
 * Runs `work` on one connection inside BEGIN ... COMMIT (rolled back when it throws). Inside a
 * caller's transaction it simply runs there. Send every query of `work` through its `reader`.
 */
export async function withReadTransaction<T>(store: MerchantDb, work: (reader: MerchantDb) => Promise<T>): Promise<T> {
  if (store.db.isTransaction) return work(store)
  return store.db.connection().execute((connection) =>
    insideTransaction(store.engine, async () => {
      // PostgreSQL: one snapshot for the whole transaction (REPEATABLE READ), and no advisory lock.
      await (store.engine.kind === 'postgres' ? sql`begin isolation level repeatable read read only` : sql`begin`).execute(connection)
      let result: T
      try {
        result = await work(handleOn(store, connection))
      } catch (error) {
        await sql`rollback`.execute(connection)
        throw error
      }
      await sql`commit`.execute(connection)
      return result
    })
  )
}
