// Opens a team's ledger on PostgreSQL. Synchronous like SQLite's openDatabase, so every caller
// opens either engine the same way: the pool connects, and the schema is created, checked or
// upgraded, when the first query runs (kysely initialises its driver then). That first query
// therefore carries the open's errors: the database cannot be reached, the login is refused, the
// schema is newer than this build, or it is not a ledger.
import pg from 'pg'
import Cursor from 'pg-cursor'
import { Kysely } from 'kysely'
import type { MerchantDb } from '../merchant-db'
import type { Database } from '../schema'
import type { LedgerEngine } from '../transaction-guard'
import { watchTeamChanges } from './changes'
import { LedgerPostgresDialect } from './driver'
import { parsePostgresLocation } from './location'
import { prepareLedgerSchema } from './migrate'
import { POSTGRES_MIGRATIONS } from './migrations'
import { INTEGERS_AS_BIGINT } from './values'

export interface OpenPostgresOptions {
  readonly readonly?: boolean
  readonly now?: () => Date
  /** The login's password, from the desk's sealed secrets (else the URL's, or PGPASSWORD). */
  readonly password?: string
}

/** How many connections one desk holds at most: a sync, an export and the screens at once. */
const POOL_SIZE = 6

export function openPostgresLedger(location: string, options: OpenPostgresOptions = {}): MerchantDb {
  const readonly = options.readonly ?? false
  const now = options.now ?? (() => new Date())
  const target = parsePostgresLocation(location, options.password)
  const settings = [
    ...(target.schema === null ? [] : [`-c search_path=${target.schema}`]),
    // A read-only desk (an export's snapshot, a copy's source) cannot write even by mistake.
    ...(readonly ? ['-c default_transaction_read_only=on'] : [])
  ]
  const connection: pg.PoolConfig = {
    ...target.connection,
    ...(settings.length === 0 ? {} : { options: settings.join(' ') }),
    types: INTEGERS_AS_BIGINT,
    max: POOL_SIZE,
    connectionTimeoutMillis: 10_000
  }
  const engine: LedgerEngine = { kind: 'postgres' }
  let pool: pg.Pool | null = null
  let closed = false
  // The server processes of this handle's own connections: their NOTIFYs are this desk's own
  // commits, which its views already follow, so the desk does not hear them as another desk's.
  const ownBackends = new Set<number>()

  const dialect = new LedgerPostgresDialect(
    {
      cursor: Cursor,
      pool: async () => {
        const opened = new pg.Pool(connection)
        // An idle connection the server drops (a restart, a network blip) must not crash the desk;
        // the next query opens a new one, or fails with a sentence.
        opened.on('error', () => undefined)
        opened.on('connect', (client) => ownBackends.add(backendOf(client)))
        opened.on('remove', (client) => ownBackends.delete(backendOf(client)))
        try {
          const client = await opened.connect()
          try {
            await prepareLedgerSchema(client, POSTGRES_MIGRATIONS, { schema: target.schema, display: target.display, readonly, now })
          } finally {
            client.release()
          }
        } catch (error) {
          await opened.end().catch(() => undefined)
          throw error
        }
        pool = opened
        return opened
      }
    },
    engine,
    target.display
  )
  const db = new Kysely<Database>({ dialect })
  const changes = watchTeamChanges(
    { ...target.connection, ...(settings.length === 0 ? {} : { options: settings.join(' ') }) },
    (backend) => ownBackends.has(backend)
  )

  return {
    get sqlite(): never {
      throw new Error(`${target.display} is a PostgreSQL ledger: it has no SQLite connection. Query it through kysely (store.db).`)
    },
    db,
    engine,
    now,
    path: target.display,
    readonly,
    watchChanges: (listener) => changes.subscribe(listener),
    reopen: (again) => openPostgresLedger(location, { ...options, readonly: again.readonly }),
    close() {
      if (closed) return
      closed = true
      changes.stop()
      // kysely ends the pool it made; a pool never made (no query ran) needs nothing.
      if (pool !== null) void db.destroy().catch(() => undefined)
    }
  }
}

/** The server process a pooled connection talks to (pg learns it when the connection opens). */
function backendOf(client: pg.PoolClient): number {
  return (client as pg.PoolClient & { processID: number }).processID
}
