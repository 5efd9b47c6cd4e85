// One CSV export in a process of its own, so its peak RSS is the export's and nothing else's.
// Usage: node --import tsx csv-export-child.ts <ledger.sqlite | postgres://…?schema=…> <product|bare> <out.csv>
// product: the app's own export (runExport, the payments report: what the CLI and the Exports page
// write, with its manifest); bare: the same columns from the product's own SQL, run as one bare
// statement and written through csv-stringify with the export's options (about the same bytes).
// On PostgreSQL (issue 17) the bare statement is the SQL kysely compiles for PostgreSQL, formatted
// by PostgreSQL (to_char, numeric) and read through one pg cursor on a plain client.
// Prints {"rows":…, "ms":…, "peakRssMb":…} on stdout.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import SqliteDatabase from 'better-sqlite3'
import { stringify } from 'csv-stringify'
import Cursor from 'pg-cursor'
import { openDatabase } from '../../src/main/db'
import { runExport } from '../../src/main/exports'
import { findMetadataLayout } from '../../src/main/exports/metadata-columns'
import { PAYMENT_REPORT_COLUMNS, paymentColumns } from '../../src/main/exports/reports/payments-report'
import { wholeSetOf } from '../../src/main/ledger'
import { NETWORKS } from '../../src/shared/network'
import { BENCH_NETWORK } from '../dataset/ledger-db'
import { bareClient } from '../dataset/ledger-postgres'

/** Rows per fetch of the bare PostgreSQL cursor: few round trips, a bounded memory. */
const CURSOR_ROWS = 1000

const [path, mode, out] = process.argv.slice(2)
if (path === undefined || out === undefined || (mode !== 'product' && mode !== 'bare')) {
  throw new Error('usage: csv-export-child.ts <ledger.sqlite | postgres://…> <product|bare> <out.csv>')
}
const onPostgres = /^postgres(ql)?:\/\//i.test(path)

/** A metadata member's JSON text as the file carries it: a string as its text, null as empty. */
function jsonCell(json: unknown): unknown {
  if (json === 'null') return null
  return typeof json === 'string' && json.startsWith('"') ? JSON.parse(json) : json
}

async function write(csv: Writable, record: unknown[]): Promise<void> {
  if (!csv.write(record)) await once(csv, 'drain')
}

// Sampled, not read from resourceUsage().maxRSS: Linux carries the parent's high-water mark
// across fork and exec, so a child of a big benchmark process would report its parent's peak.
let peakRss = process.memoryUsage.rss()
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
}, 20)

const started = performance.now()
let rows = 0
if (mode === 'product') {
  // The whole ledger: the period spans its first and last day (UTC).
  const store = openDatabase(path, { readonly: true })
  const span = await store.db
    .selectFrom('payments')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .where('network_id', '=', BENCH_NETWORK)
    .executeTakeFirstOrThrow()
  const day = (ms: bigint) => new Date(Number(ms)).toISOString().slice(0, 10)
  const result = await runExport(
    store,
    { report: 'payments', networkId: BENCH_NETWORK, from: day(span.first), to: day(span.last), timeZone: 'UTC', destination: out, replaceExisting: true },
    { appVersion: 'bench' }
  )
  rows = result.manifest.rowCount
  store.close()
} else {
  // Equal work, done bare: the product's own SQL (the metadata pass, then the rows query with its
  // chain-fact lookups and metadata members, compiled by kysely once) run as ONE better-sqlite3
  // statement, the two times and the amounts formatted by SQLite, and the same columns written
  // through csv-stringify with the export's options. What is left to the product: keyset pages,
  // the time zone, exact decimal amounts, formula neutralizing, the SHA-256, the books, the manifest.
  const store = openDatabase(path, { readonly: true })
  const metadata = await findMetadataLayout(
    store.db,
    wholeSetOf(store.db, BENCH_NETWORK, {}, (from) => from.select(['p.identifier', 'p.created_at', 'p.metadata_json'])).rows
  )
  const rowsSql = wholeSetOf(store.db, BENCH_NETWORK, {}, paymentColumns(metadata)).rows.compile()
  store.close()
  const metadataTerms = [...metadata.keys.map((_, index) => `md_${index}`), ...(metadata.columns.length > metadata.keys.length ? ['md_json'] : [])]
  const header = ['schema_version', ...PAYMENT_REPORT_COLUMNS.map((column) => column.name), ...metadata.columns.map((column) => column.name)]
  const file = createWriteStream(out)
  const csv = stringify({ header: true, columns: header, bom: true, record_delimiter: 'windows', quoted_match: ['\r', '\n'] })
  csv.pipe(file)
  const explorer = NETWORKS[BENCH_NETWORK].explorerTxUrl ?? ''
  const record = (row: Record<string, unknown>) => [
    'payments/1', row.created_local, row.created_utc, row.identifier, row.direction, row.status, row.chain_check, row.user_uid,
    row.memo, row.from_address, row.to_address, row.gross, row.fee, row.net, row.refunded_pi, row.refund_of, row.txid,
    row.tx_ledger, row.txid === null ? null : `${explorer}${String(row.txid)}`,
    ...metadataTerms.map((term) => jsonCell(row[term]))
  ]
  const gross = `(CASE s.direction WHEN 'user_to_app' THEN s.amount_stroops ELSE -s.amount_stroops END)`
  if (onPostgres) {
    // PostgreSQL's formatting of what SQLite's strftime and printf('%.7f') write: exact numerics,
    // and printf's 0 for a missing amount.
    const pi = (stroops: string) => `round(coalesce(${stroops}, 0)::numeric / 10000000, 7)::text`
    const at = `(timestamp 'epoch' + s.created_at * interval '1 millisecond')`
    const client = await bareClient(path)
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const cursor = client.query(
      new Cursor(
        `SELECT to_char(${at}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+00:00' AS created_local, ` +
          `to_char(${at}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_utc, ` +
          `${pi(gross)} AS gross, ${pi('s.fee_stroops')} AS fee, ${pi(`${gross} - s.fee_stroops`)} AS net, ${pi('s.refunded')} AS refunded_pi, ` +
          `s.* FROM (${rowsSql.sql}) AS s`,
        [...rowsSql.parameters]
      )
    )
    for (;;) {
      const batch = (await cursor.read(CURSOR_ROWS)) as Record<string, unknown>[]
      for (const row of batch) {
        await write(csv, record(row))
        rows += 1
      }
      if (batch.length < CURSOR_ROWS) break
    }
    await cursor.close()
    await client.query('COMMIT')
    await client.end()
  } else {
    const sqlite = new SqliteDatabase(path, { readonly: true })
    sqlite.defaultSafeIntegers(true)
    const pi = (stroops: string) => `printf('%.7f', (${stroops}) / 10000000.0)`
    const select = sqlite.prepare(
      `SELECT strftime('%Y-%m-%dT%H:%M:%f', s.created_at / 1000.0, 'unixepoch') || '+00:00' AS created_local, ` +
        `strftime('%Y-%m-%dT%H:%M:%fZ', s.created_at / 1000.0, 'unixepoch') AS created_utc, ` +
        `${pi(gross)} AS gross, ${pi('s.fee_stroops')} AS fee, ${pi(`${gross} - s.fee_stroops`)} AS net, ${pi('s.refunded')} AS refunded_pi, ` +
        `s.* FROM (${rowsSql.sql}) AS s`
    )
    for (const row of select.iterate(...rowsSql.parameters) as Iterable<Record<string, unknown>>) {
      await write(csv, record(row))
      rows += 1
    }
    sqlite.close()
  }
  csv.end()
  await once(file, 'close')
}
const ms = performance.now() - started
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage.rss())
process.stdout.write(`${JSON.stringify({ rows, ms, peakRssMb: peakRss / (1024 * 1024) })}\n`)
