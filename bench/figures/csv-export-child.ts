// One CSV export in a process of its own, so its peak RSS is the export's and nothing else's.
// Usage: node --import tsx csv-export-child.ts <ledger.sqlite> <product|bare> <out.csv>
// product: the app's own export (runExport, the payments report: what the CLI and the Exports page
// write, with its manifest); bare: a SELECT of the same rows iterated through the same csv-stringify.
// Prints {"rows":…, "ms":…, "peakRssMb":…} on stdout.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import SqliteDatabase from 'better-sqlite3'
import { stringify } from 'csv-stringify'
import { openDatabase } from '../../src/main/db'
import { runExport } from '../../src/main/exports'
import { BENCH_NETWORK } from '../dataset/ledger-db'

const COLUMNS = ['identifier', 'created_at', 'direction', 'status', 'amount_stroops', 'user_uid', 'memo', 'metadata_json', 'txid', 'chain_check', 'refund_of']

const [path, mode, out] = process.argv.slice(2)
if (path === undefined || out === undefined || (mode !== 'product' && mode !== 'bare')) {
  throw new Error('usage: csv-export-child.ts <ledger.sqlite> <product|bare> <out.csv>')
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
  const file = createWriteStream(out)
  const csv = stringify({ header: true, columns: COLUMNS })
  csv.pipe(file)
  const sqlite = new SqliteDatabase(path, { readonly: true })
  sqlite.defaultSafeIntegers(true)
  const select = sqlite.prepare(
    `SELECT ${COLUMNS.join(', ')} FROM payments WHERE network_id = ? ORDER BY created_at, identifier`
  )
  for (const row of select.iterate(BENCH_NETWORK) as Iterable<Record<string, unknown>>) {
    await write(csv, COLUMNS.map((column) => row[column]))
    rows += 1
  }
  sqlite.close()
  csv.end()
  await once(file, 'close')
}
const ms = performance.now() - started
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage.rss())
process.stdout.write(`${JSON.stringify({ rows, ms, peakRssMb: peakRss / (1024 * 1024) })}\n`)
