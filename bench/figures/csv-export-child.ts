// One CSV export in a process of its own, so its peak RSS is the export's and nothing else's.
// Usage: node --import tsx csv-export-child.ts <ledger.sqlite> <ledger|bare> <out.csv>
// Prints {"rows":…, "ms":…, "peakRssMb":…} on stdout.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import SqliteDatabase from 'better-sqlite3'
import { stringify } from 'csv-stringify'
import { openDatabase } from '../../src/main/db'
import { listPayments } from '../../src/main/ledger'
import { formatPi } from '../../src/shared/money'
import { BENCH_NETWORK } from '../dataset/ledger-db'

const COLUMNS = ['identifier', 'created_at', 'direction', 'status', 'amount', 'user_uid', 'memo', 'txid', 'chain_check', 'refund_of']
/** Rows per ledger page read by the export (the ledger's maximum page). */
const EXPORT_PAGE = 500

const [path, mode, out] = process.argv.slice(2)
if (path === undefined || out === undefined || (mode !== 'ledger' && mode !== 'bare')) {
  throw new Error('usage: csv-export-child.ts <ledger.sqlite> <ledger|bare> <out.csv>')
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
const file = createWriteStream(out)
const csv = stringify({ header: true, columns: COLUMNS })
csv.pipe(file)
let rows = 0
if (mode === 'ledger') {
  // What an export built on the ledger query does: keyset pages, each row mapped to the domain
  // type and formatted exactly (7-decimal Pi strings, ISO times).
  const store = openDatabase(path, { readonly: true })
  let cursor: string | null = null
  do {
    const page = listPayments(store, { networkId: BENCH_NETWORK, sort: { column: 'created_at', order: 'asc' }, limit: EXPORT_PAGE, cursor })
    for (const row of page.rows) {
      await write(csv, [row.identifier, row.createdAt.toISOString(), row.direction, row.status, formatPi(row.amount), row.userUid, row.memo, row.txid, row.chainCheck, row.refundOf])
      rows += 1
    }
    cursor = page.nextCursor
  } while (cursor !== null)
  store.close()
} else {
  const sqlite = new SqliteDatabase(path, { readonly: true })
  sqlite.defaultSafeIntegers(true)
  const select = sqlite.prepare(
    `SELECT identifier, created_at, direction, status, amount_stroops, user_uid, memo, txid, chain_check, refund_of
     FROM payments WHERE network_id = ? ORDER BY created_at, identifier`
  )
  for (const row of select.iterate(BENCH_NETWORK) as Iterable<Record<string, unknown>>) {
    await write(csv, [row.identifier, row.created_at, row.direction, row.status, row.amount_stroops, row.user_uid, row.memo, row.txid, row.chain_check, row.refund_of])
    rows += 1
  }
  sqlite.close()
}
csv.end()
await once(file, 'close')
const ms = performance.now() - started
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage.rss())
process.stdout.write(`${JSON.stringify({ rows, ms, peakRssMb: peakRss / (1024 * 1024) })}\n`)
