// kysely's PostgreSQL driver, with what the ledger needs from it:
// - every write transaction takes one advisory lock per ledger before its first statement, so the
//   transactions of all desks on one team ledger run one at a time, as SQLite's BEGIN IMMEDIATE makes
//   them on a file. Everything the payments core proves inside one transaction (the refund cap read
//   and the payout inserted together; a journal step conditional on the state the desk saw; the
//   wallet's payout lease; the audit chain's last hash and the next entry) then holds across desks
//   for the same reason it holds on one desk. A team's writes are short (a sync page, one journal
//   step), so they queue for milliseconds; reads never wait for the lock.
// - a query sent to the whole database from inside one of its own transactions is refused, as on
//   SQLite (it would run beside the transaction on another connection);
// - PostgreSQL's and the network's errors become sentences (database-errors.ts).
import {
  CompiledQuery,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type TransactionSettings
} from 'kysely'
import { explainPostgresError } from '../database-errors'
import { refuseQueryFromOwnTransaction, type LedgerEngine } from '../transaction-guard'

/**
 * The advisory lock every write transaction of a ledger takes: one per schema, so two ledgers in
 * one database (a test's, a second shop's) never wait for each other. The first key says "Merchant
 * Desk ledger writes" ('MDsk').
 */
const LEDGER_WRITE_LOCK = `pg_advisory_xact_lock(${0x4d44736b}, hashtext(current_schema()))`

export class LedgerPostgresDriver extends PostgresDriver {
  constructor(
    config: PostgresDialectConfig,
    private readonly engine: LedgerEngine,
    private readonly display: string
  ) {
    super(config)
  }

  override async init(): Promise<void> {
    try {
      await super.init()
    } catch (error) {
      throw explainPostgresError(error, this.display)
    }
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    refuseQueryFromOwnTransaction(this.engine)
    let connection: DatabaseConnection
    try {
      connection = await super.acquireConnection()
    } catch (error) {
      throw explainPostgresError(error, this.display)
    }
    const explained = explaining(connection, this.display)
    this.#unwrapped.set(explained, connection)
    return explained
  }

  /** The connections handed out, by the wrapper kysely holds. */
  readonly #unwrapped = new WeakMap<DatabaseConnection, DatabaseConnection>()

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection((this.#unwrapped.get(connection) ?? connection) as Parameters<PostgresDriver['releaseConnection']>[0])
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings)
    if (settings.accessMode === 'read only') return
    await connection.executeQuery(CompiledQuery.raw(`select ${LEDGER_WRITE_LOCK}`))
  }
}

/** The same connection, whose failures read as sentences where PostgreSQL's codes allow. */
function explaining(connection: DatabaseConnection, display: string): DatabaseConnection {
  const executeQuery: DatabaseConnection['executeQuery'] = async (query) => {
    try {
      return await connection.executeQuery(query)
    } catch (error) {
      throw explainPostgresError(error, display)
    }
  }
  return { executeQuery, streamQuery: connection.streamQuery.bind(connection) }
}

export class LedgerPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig

  constructor(
    config: PostgresDialectConfig,
    private readonly engine: LedgerEngine,
    private readonly display: string
  ) {
    super(config)
    this.#config = config
  }

  override createDriver(): Driver {
    return new LedgerPostgresDriver(this.#config, this.engine, this.display)
  }
}
