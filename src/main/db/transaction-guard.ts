// A query sent to the whole database from inside one of its own transactions is a bug on either
// engine: on SQLite (one connection) it would wait for itself forever; on PostgreSQL it would run
// outside the transaction, on another connection, and see or write around it. Both drivers refuse
// it at once with a sentence.
import { AsyncLocalStorage } from 'node:async_hooks'

/** Which database a handle belongs to: one object per opened database, compared by identity. */
export interface LedgerEngine {
  readonly kind: 'sqlite' | 'postgres'
}

interface OpenTransaction {
  readonly engine: LedgerEngine
  active: boolean
}

const openTransactions = new AsyncLocalStorage<OpenTransaction>()

/**
 * Runs `work` as the body of a transaction of `engine`'s database: queries it sends to that
 * database's top-level handle (not the transaction) are refused while the transaction is open.
 */
export async function insideTransaction<T>(engine: LedgerEngine, work: () => Promise<T>): Promise<T> {
  const marker: OpenTransaction = { engine, active: true }
  try {
    return await openTransactions.run(marker, work)
  } finally {
    // Work the body started and left running (an event listener, a timer) may query later, freely.
    marker.active = false
  }
}

/** Throws when called from the body of an open transaction of `engine`'s database. */
export function refuseQueryFromOwnTransaction(engine: LedgerEngine): void {
  const open = openTransactions.getStore()
  if (open?.active && open.engine === engine) {
    throw new Error(
      'A query was sent to the whole database from inside one of its transactions; it would wait for ' +
        'itself forever. Pass the transaction handle (tx) down to it.'
    )
  }
}
