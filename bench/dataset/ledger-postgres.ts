// The benchmark ledger on PostgreSQL (issue 17): the SQLite ledger of ledger-db.ts, built as for
// the SQLite figures, then moved into a schema of the team server by the product's own `db copy`
// (copyLedger: every row written through kysely, the search words and dashboard totals written by
// the PostgreSQL schema's own triggers, then both sides compared), then ANALYZE, so the planner
// knows the tables as a long-running team database would. Both engines therefore hold the very
// same payments, and a figure's PostgreSQL line compares with its SQLite line row for row.
import pg from 'pg'
import { verifyAuditLog } from '../../src/main/audit'
import { copyLedger, openDatabase, parsePostgresLocation } from '../../src/main/db'
import { INTEGERS_AS_BIGINT } from '../../src/main/db/postgres/values'
import { BENCH_NETWORK, buildLedgerDatabase, type BenchLedger } from './ledger-db'

export interface PostgresBuildOptions {
  /** postgres://… with ?schema=NAME: the schema the ledger lives in (made on first use). */
  readonly url: string
  /** Where the SQLite ledger it is copied from is built (or reused, as with --db). */
  readonly sqlitePath: string
  readonly payments: number
  readonly onProgress?: (phase: string, ms: number) => void
}

/** The URL with `schema` set, unless it already names one. */
export function withBenchSchema(url: string, payments: number): string {
  const parsed = new URL(url)
  if (!parsed.searchParams.has('schema')) parsed.searchParams.set('schema', `bench_ledger_${payments}`)
  return parsed.toString()
}

/** A bare pg client on the ledger's schema: what the figures' baselines run their SQL on. */
export async function bareClient(url: string): Promise<pg.Client> {
  const { connection, schema } = parsePostgresLocation(url)
  const client = new pg.Client({
    connectionString: connection.connectionString,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
    // The same integer handling as the product's pool, as the SQLite baselines read safe integers.
    types: INTEGERS_AS_BIGINT
  })
  await client.connect()
  return client
}

/** Builds the ledger in the URL's schema, or reuses it when it already holds exactly `payments` rows. */
export async function buildPostgresLedger(options: PostgresBuildOptions): Promise<BenchLedger> {
  const held = await describePostgresLedger(options.url)
  if (held !== null && held.payments === options.payments) return held
  if (held !== null && held.payments > 0) {
    const { schema } = parsePostgresLocation(options.url)
    throw new Error(`Schema ${schema ?? 'public'} holds ${held.payments} payments, not ${options.payments}; drop it or name another with ?schema=.`)
  }
  let started = performance.now()
  const lap = (phase: string) => {
    options.onProgress?.(phase, performance.now() - started)
    started = performance.now()
  }
  buildLedgerDatabase({ path: options.sqlitePath, payments: options.payments, onProgress: options.onProgress })
  lap('SQLite ledger to copy from')
  const source = openDatabase(options.sqlitePath, { readonly: true })
  const target = openDatabase(options.url)
  try {
    let shown = 0
    const report = await copyLedger(source, target, {
      verifyAuditLog,
      onProgress: ({ table, done, total }) => {
        if (table === 'payments' && (done === total || done - shown >= 100_000)) {
          shown = done
          options.onProgress?.(`copied ${done} of ${total} payments (this pass)`, performance.now() - started)
        }
      }
    })
    if (report.mismatches.length > 0) throw new Error(`db copy into ${target.path} does not match: ${report.mismatches.join(' ')}`)
  } finally {
    target.close()
    source.close()
  }
  lap('db copy into PostgreSQL (copied and compared)')
  const client = await bareClient(options.url)
  try {
    await client.query('VACUUM ANALYZE')
  } finally {
    await client.end()
  }
  lap('VACUUM ANALYZE')
  const built = await describePostgresLedger(options.url)
  if (built === null) throw new Error(`The copy into ${options.url} left no ledger behind.`)
  return built
}

/** The ledger held in the URL's schema, or null when there is none yet. */
export async function describePostgresLedger(url: string): Promise<BenchLedger | null> {
  const client = await bareClient(url)
  try {
    const exists = await client.query<{ found: string | null }>(`SELECT to_regclass('payments')::text AS found`)
    if (exists.rows[0]?.found == null) return null
    const range = await client.query<{ count: bigint; from: bigint | null; to: bigint | null }>(
      'SELECT count(*) AS count, min(created_at) AS "from", max(created_at) AS "to" FROM payments WHERE network_id = $1',
      [BENCH_NETWORK]
    )
    const { count, from, to } = range.rows[0] as { count: bigint; from: bigint | null; to: bigint | null }
    const step = Math.max(1, Math.floor(Number(count) / 500))
    // Rows spread evenly in insertion order, as the SQLite ledger samples by rowid.
    const samples = await client.query<{ identifier: string; txid: string | null; userUid: string }>(
      `SELECT identifier, txid, user_uid AS "userUid" FROM payments WHERE network_id = $1 AND row_order % $2 = 0 ORDER BY row_order LIMIT 500`,
      [BENCH_NETWORK, step]
    )
    return {
      path: url,
      engine: 'postgres',
      payments: Number(count),
      networkId: BENCH_NETWORK,
      from: Number(from ?? 0),
      to: Number(to ?? 0),
      samples: samples.rows
    }
  } finally {
    await client.end()
  }
}
