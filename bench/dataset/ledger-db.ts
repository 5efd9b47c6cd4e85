// A merchant's ledger of N payments written straight into a real Merchant Desk database, fast:
// rows drawn from a seeded PRNG and bulk inserted, not fetched through the sandbox and the sync
// (which would take many minutes for a million). The schema, indexes and triggers (search index,
// dashboard totals) are the product's own, created by openDatabase; only the load itself runs
// with durability off, because a half-built benchmark database is simply built again.
//
// The mix follows the sandbox generator's shares (src/sandbox/dataset/shares.ts), so the filters
// the benchmark times select realistic fractions of the ledger.
import SqliteDatabase from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { openDatabase } from '../../src/main/db'
import { createPrng, type Prng } from '../../src/sandbox/dataset/prng'
import { CATEGORY_SHARES, PAYMENT_CATEGORIES, PRICE_POINTS_STROOPS, type PaymentCategory } from '../../src/sandbox/dataset/shares'
import { newUserUid } from '../../src/sandbox/platform/identifiers'

/** The ledger the figures query. Testnet, not sandbox: the embedded sandbox clears its own network's rows at start. */
export const BENCH_NETWORK = 'testnet' as const
/** Where the database figures run: a SQLite file (the desk) or a team's PostgreSQL server (issue 17). */
export type BenchEngine = 'sqlite' | 'postgres'
const DAY_MS = 86_400_000
/** History covers this many days before `now`, so "the last year" is full. */
export const HISTORY_DAYS = 400
const INSERT_BATCH = 20_000
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const PRODUCTS = ['Coffee beans 250g', 'Monthly subscription', 'Sticker pack', 'Tea sampler', 'Gift card', 'Mug']

export interface BenchLedger {
  /** The SQLite file, or the postgres:// URL (with its ?schema=) the ledger lives in. */
  readonly path: string
  readonly engine: BenchEngine
  readonly payments: number
  readonly networkId: typeof BENCH_NETWORK
  /** First and last created_at, epoch ms. */
  readonly from: number
  readonly to: number
  /** Rows spread evenly over the ledger, for searches and lookups that must not all hit one page. */
  readonly samples: readonly { readonly identifier: string; readonly txid: string | null; readonly userUid: string }[]
}

export interface BuildOptions {
  readonly path: string
  readonly payments: number
  readonly seed?: number
  readonly now?: number
  /** Called after each phase of a build with its duration in ms. */
  readonly onProgress?: (phase: string, ms: number) => void
}

/** Builds the database at `path`, or reuses it when it already holds exactly `payments` rows. */
export function buildLedgerDatabase(options: BuildOptions): BenchLedger {
  if (existsSync(options.path)) {
    if (!sameSchema(options.path)) {
      throw new Error(`${options.path} was built with another schema than this build's; remove it to build it again.`)
    }
    const held = describeLedger(options.path)
    if (held.payments === options.payments) return held
    throw new Error(`${options.path} holds ${held.payments} payments, not ${options.payments}; remove it or choose another path.`)
  }
  openDatabase(options.path).close() // the product's schema, exactly as the app creates it
  const sqlite = new SqliteDatabase(options.path)
  try {
    sqlite.pragma('synchronous = OFF')
    sqlite.pragma('cache_size = -262144') // 256 MB while loading; the app's own default applies afterwards
    sqlite.pragma('temp_store = MEMORY')
    // The ledger's indexes are set aside during the load and rebuilt from their own SQL after it:
    // sorting once is several times faster than keeping eleven indexes up to date row by row.
    // Triggers that copy each new row elsewhere (the search index) are replayed once for all rows
    // with their own SQL; the others (the dashboard totals) stay live. Either way the product's own
    // SQL writes the derived tables, so the database is what a sync would have built.
    const indexes = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE tbl_name = 'payments' AND type = 'index' AND sql IS NOT NULL`)
      .all() as { name: string; sql: string }[]
    const replayable = (
      sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE tbl_name = 'payments' AND type = 'trigger'`).all() as { name: string; sql: string }[]
    ).flatMap(({ name, sql }) => {
      const replay = replayOf(sql)
      return replay === null ? [] : [{ name, sql, replay }]
    })
    for (const { name } of indexes) sqlite.exec(`DROP INDEX ${quoteName(name)}`)
    for (const { name } of replayable) sqlite.exec(`DROP TRIGGER ${quoteName(name)}`)
    let started = performance.now()
    const lap = (phase: string) => {
      options.onProgress?.(phase, performance.now() - started)
      started = performance.now()
    }
    loadPayments(sqlite, options)
    lap('rows and dashboard totals')
    for (const { replay, sql } of replayable) {
      sqlite.exec(replay)
      sqlite.exec(sql)
    }
    lap('search index')
    for (const { sql } of indexes) sqlite.exec(sql)
    lap('indexes')
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    sqlite.close()
  }
  return describeLedger(options.path)
}

/** Whether the file's tables, indexes and triggers are exactly those a fresh database gets now. */
function sameSchema(path: string): boolean {
  const schemaOf = (sqlite: SqliteDatabase.Database) =>
    JSON.stringify(sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all())
  const fresh = openDatabase(':memory:')
  const held = new SqliteDatabase(path, { readonly: true })
  try {
    return schemaOf(fresh.sqlite) === schemaOf(held)
  } finally {
    held.close()
    fresh.close()
  }
}

export function describeLedger(path: string): BenchLedger {
  const sqlite = new SqliteDatabase(path, { readonly: true })
  try {
    const count = sqlite.prepare('SELECT count(*) FROM payments WHERE network_id = ?').pluck().get(BENCH_NETWORK) as number
    const range = sqlite
      .prepare('SELECT min(created_at) AS "from", max(created_at) AS "to" FROM payments WHERE network_id = ?')
      .get(BENCH_NETWORK) as { from: number | null; to: number | null }
    const step = Math.max(1, Math.floor(count / 500))
    const samples = sqlite
      .prepare(
        `SELECT identifier, txid, user_uid AS userUid FROM payments WHERE network_id = ? AND rowid % ? = 0 LIMIT 500`
      )
      .all(BENCH_NETWORK, step) as BenchLedger['samples']
    return { path, engine: 'sqlite', payments: count, networkId: BENCH_NETWORK, from: range.from ?? 0, to: range.to ?? 0, samples }
  } finally {
    sqlite.close()
  }
}

function loadPayments(sqlite: SqliteDatabase.Database, options: BuildOptions): void {
  const prng = createPrng(options.seed ?? 1, 'bench-ledger')
  const total = options.payments
  const now = options.now ?? Date.now()
  const start = now - HISTORY_DAYS * DAY_MS
  const appWallet = address(prng)
  const buyers = Array.from({ length: Math.min(20_000, Math.max(10, Math.ceil(total / 50))) }, () => ({
    uid: newUserUid(prng.int),
    wallet: address(prng)
  }))
  const insertPayment = sqlite.prepare(
    `INSERT INTO payments (identifier, network_id, user_uid, amount_stroops, memo, metadata_json, from_address,
       to_address, direction, created_at, network, developer_approved, transaction_verified, developer_completed,
       cancelled, user_cancelled, txid, tx_verified, tx_link, source, refund_of, chain_check, chain_check_reasons_json,
       chain_checked_at, first_seen_at, last_polled_at)
     VALUES (?, 'testnet', ?, ?, ?, ?, ?, ?, ?, ?, 'Pi Testnet', ?, ?, ?, ?, ?, ?, ?, ?, 'chain', ?, ?, ?, ?, ?, ?)`
  )
  const cumulative = cumulativeShares()
  // Completed sales a refund may point at (kept small: any recent sale will do).
  const refundable: { identifier: string; amount: bigint; buyer: number }[] = []
  let orderNumber = 0

  const insertBatch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const createdAt = start + Math.floor(((i + prng.float()) * HISTORY_DAYS * DAY_MS) / total)
      let category = categoryOf(prng.float(), cumulative)
      const buyerIndex = prng.int(buyers.length)
      const buyer = buyers[buyerIndex] as (typeof buyers)[number]
      const sale = category === 'refund' ? refundable[prng.int(Math.max(1, refundable.length))] : undefined
      if (category === 'refund' && sale === undefined) category = 'completed'
      const identifier = prng.base62(28)
      const product = prng.pick(PRODUCTS)
      const amount = sale !== undefined ? sale.amount : prng.pick(PRICE_POINTS_STROOPS)
      const refund = sale !== undefined
      const hasTx = category === 'completed' || category === 'refund' || category === 'incomplete_with_tx' || category === 'lying'
      const txid = hasTx ? prng.hex64() : null
      const approved = category === 'expired' || category === 'user_cancelled' ? 0 : 1
      const chainCheck = category === 'lying' ? 'failed' : hasTx ? 'verified' : 'unchecked'
      const seenAt = createdAt + 60_000 + prng.int(600_000)
      insertPayment.run(
        identifier,
        refund ? (buyers[sale.buyer] ?? buyer).uid : buyer.uid,
        amount,
        refund ? 'Refund' : `Your ${product} from the shop`,
        JSON.stringify(refund ? { refund_of: sale.identifier } : { order_number: ++orderNumber, product }),
        refund ? appWallet : buyer.wallet,
        refund ? (buyers[sale.buyer] ?? buyer).wallet : appWallet,
        refund ? 'app_to_user' : 'user_to_app',
        createdAt,
        approved,
        category === 'incomplete_with_tx' || category === 'completed' || category === 'refund' ? 1 : 0,
        category === 'completed' || category === 'refund' ? 1 : 0,
        category === 'cancelled' || category === 'expired' ? 1 : 0,
        category === 'user_cancelled' ? 1 : 0,
        txid,
        txid === null ? null : category === 'lying' ? 0 : 1,
        txid === null ? null : `https://api.testnet.minepi.com/transactions/${txid}`,
        refund ? sale.identifier : null,
        chainCheck,
        chainCheck === 'failed' ? '["amount_mismatch"]' : null,
        chainCheck === 'unchecked' ? null : seenAt,
        seenAt,
        seenAt
      )
      if (category === 'completed') {
        if (refundable.length < 1000) refundable.push({ identifier, amount, buyer: buyerIndex })
        else refundable[prng.int(1000)] = { identifier, amount, buyer: buyerIndex }
      }
    }
  })
  for (let from = 0; from < total; from += INSERT_BATCH) insertBatch(from, Math.min(total, from + INSERT_BATCH))
}

/**
 * `AFTER INSERT ON payments BEGIN INSERT INTO x (cols) VALUES (exprs); END` as one statement over
 * every row (`INSERT INTO x (cols) SELECT exprs FROM payments AS NEW`); null for any other trigger.
 */
export function replayOf(triggerSql: string): string | null {
  const match = /^CREATE TRIGGER \S+ AFTER INSERT ON payments BEGIN\s+(INSERT INTO \w+ \([^)]*\))\s+VALUES \(([\s\S]*)\);\s*END$/.exec(triggerSql.trim())
  if (match === null) return null
  const [, into, values] = match as unknown as [string, string, string]
  // One VALUES row only: a second row or an upsert clause would need more than a SELECT.
  if (/\)\s*,\s*\(/.test(values) || /ON CONFLICT/i.test(values)) return null
  return `${into} SELECT ${values} FROM payments AS NEW`
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function cumulativeShares(): { category: PaymentCategory; upTo: number }[] {
  let sum = 0
  return PAYMENT_CATEGORIES.map((category) => ({ category, upTo: (sum += CATEGORY_SHARES[category]) }))
}

function categoryOf(draw: number, cumulative: readonly { category: PaymentCategory; upTo: number }[]): PaymentCategory {
  for (const entry of cumulative) if (draw < entry.upTo) return entry.category
  return 'completed'
}

function address(prng: Prng): string {
  let text = 'G'
  for (let i = 0; i < 55; i++) text += BASE32.charAt(prng.int(32))
  return text
}
