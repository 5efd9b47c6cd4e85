// The PostgreSQL migrations build the ledger SQLite's build: every table of schema.ts with the
// same columns (types, NOT NULL), and triggers that keep the same derived rows (search words,
// totals, refund counts, generated status) and refuse what SQLite refuses (audit log rewrites,
// a broken hash chain, a negative amount, a malformed identifier).
//
// Runs against the dev server (MERCHANT_DESK_TEST_POSTGRES_URL), in a schema of its own that is
// dropped afterwards. Without a server it is skipped on a workstation, never in CI.
import pg from 'pg'
import type { Insertable } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type MerchantDb } from '../../../../src/main/db/open'
import { AUDIT_GENESIS_HASH, type Database, type PaymentsTable } from '../../../../src/main/db/schema'
import { POSTGRES_MIGRATIONS } from '../../../../src/main/db/postgres/migrations'
import { APP_WALLET, BUYER_WALLET, PAYMENT_ID, paymentId, paymentRow } from '../helpers'
import { testPostgresUrl } from '../../../support/engine'

const URL = testPostgresUrl()
const SCHEMA = `schema_test_${process.pid}_${Date.now()}`

// Every table the code reads (a new one in schema.ts fails the typecheck until it is listed).
const TABLES = {
  book_totals: true,
  export_history: true,
  payment_reviews: true,
  reconciliation_runs: true,
  reconciliation_items: true,
  payouts: true,
  payout_wallet_locks: true,
  secrets: true,
  secret_vault: true,
  payments: true,
  payments_search: true,
  payment_totals: true,
  chain_transactions: true,
  chain_operations: true,
  sync_cursors: true,
  audit_log: true,
  settings: true,
  people: true,
  refund_policy: true,
  approval_requests: true,
  invoices: true,
  invoice_payments: true,
  invoice_events: true,
  postbacks: true,
  postback_attempts: true
} as const satisfies Record<keyof Database, true>
const TABLE_NAMES = Object.keys(TABLES).sort()

interface Column {
  readonly name: string
  readonly type: string
  readonly notNull: boolean
  /** The DEFAULT as written, without PostgreSQL's `::text` cast. */
  readonly default: string | null
}

// Deliberate differences, and why:
// - payments.row_order: SQLite's rowid (insertion order, read through insertionNumber()).
// - payments_search: SQLite's FTS5 table has a column per field; PostgreSQL keeps one tsvector
//   of the same fields' words, found with @@ and joined back by identifier.
const ADDED_ON_POSTGRES: Record<string, readonly Column[]> = {
  payments: [{ name: 'row_order', type: 'bigint', notNull: true, default: null }]
}
const SEARCH_COLUMNS_ON_POSTGRES: readonly Column[] = [
  { name: 'identifier', type: 'text', notNull: true, default: null },
  { name: 'words', type: 'tsvector', notNull: true, default: null }
]
const POSTGRES_TYPE_OF: Record<string, string> = { INTEGER: 'bigint', TEXT: 'text', BLOB: 'bytea' }

async function serverAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

const skip = process.env.CI === undefined && !(await serverAnswers())

let client: pg.Client
let store: MerchantDb

// Integers come back as bigint, as the app's driver reads them.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format)
}

function sqliteColumns(table: string): Column[] {
  const rows = store.sqlite
    .prepare('SELECT name, type, "notnull" AS not_null, dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid')
    .all(table) as { name: string; type: string; not_null: bigint; dflt_value: string | null; pk: bigint; hidden: bigint }[]
  return (
    rows
      // hidden = 1: an FTS5 table's own hidden columns, not data.
      .filter((row) => row.hidden !== 1n)
      .map((row) => ({
        name: row.name,
        type: POSTGRES_TYPE_OF[row.type] ?? row.type,
        // An INTEGER PRIMARY KEY is the rowid, which is never null whatever the pragma says.
        notNull: row.not_null === 1n || (row.pk === 1n && row.type === 'INTEGER'),
        default: row.dflt_value
      }))
  )
}

async function postgresColumns(table: string): Promise<Column[]> {
  const { rows } = await client.query<{ name: string; type: string; nullable: string; default: string | null }>(
    `SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default
     FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [SCHEMA, table]
  )
  return rows.map((row) => ({
    name: row.name,
    type: row.type,
    notNull: row.nullable === 'NO',
    default: row.default?.replace(/::text$/, '') ?? null
  }))
}

async function insertOnBoth(row: Insertable<PaymentsTable>): Promise<void> {
  await store.db.insertInto('payments').values(row).execute()
  await insertOnPostgres(row)
}

async function insertOnPostgres(row: Insertable<PaymentsTable>): Promise<void> {
  const columns = Object.keys(row)
  const values = Object.values(row).map((value) => (typeof value === 'bigint' ? value.toString() : value))
  await client.query(
    `INSERT INTO payments (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
    values
  )
}

async function onBoth(statement: string): Promise<void> {
  store.sqlite.exec(statement)
  await client.query(statement)
}

/** The same query's rows on both engines, so a test compares them whole. */
async function rowsOfBoth(query: string): Promise<{ sqlite: unknown[]; postgres: unknown[] }> {
  const sqlite = store.sqlite.prepare(query).all()
  const postgres = (await client.query(query)).rows
  return { sqlite, postgres }
}

async function refusal(statement: string, values: unknown[] = []): Promise<{ code?: string; message: string }> {
  try {
    await client.query(statement, values)
  } catch (error) {
    return error as { code?: string; message: string }
  }
  throw new Error(`PostgreSQL accepted: ${statement}`)
}

describe.skipIf(skip)('the PostgreSQL migrations', () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: URL, types })
    await client.connect()
    await client.query(`CREATE SCHEMA ${SCHEMA}`)
    await client.query(`SET search_path TO ${SCHEMA}`)
    // All five in one transaction, as the runner applies them.
    await client.query('BEGIN')
    for (const migration of POSTGRES_MIGRATIONS) {
      for (const statement of migration.statements) await client.query(statement)
    }
    await client.query('COMMIT')
    store = openDatabase(':memory:')
  })

  afterAll(async () => {
    store?.close()
    if (!client) return
    // A migration that failed leaves its transaction open and aborted: end it, then drop.
    await client.query('ROLLBACK').catch(() => undefined)
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
    await client.end()
  })

  afterEach(async () => {
    await onBoth('DELETE FROM payments')
  })

  it('carry the SQLite migrations’ names, in their order', async () => {
    const { MIGRATIONS } = await import('../../../../src/main/db/migrations')
    expect(POSTGRES_MIGRATIONS.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name))
  })

  it('create exactly the tables of schema.ts', async () => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
      [SCHEMA]
    )
    // Plus PostgreSQL's own high-water mark of the audit log (SQLite keeps it in sqlite_sequence).
    expect(rows.map((row) => row.name)).toEqual([...TABLE_NAMES, 'audit_log_high_water'].sort())
  })

  it.each(TABLE_NAMES)('give %s the columns SQLite gives it, with the same types, NOT NULLs and defaults', async (table) => {
    const expected =
      table === 'payments_search' ? SEARCH_COLUMNS_ON_POSTGRES : [...sqliteColumns(table), ...(ADDED_ON_POSTGRES[table] ?? [])]
    expect(await postgresColumns(table)).toEqual(expected)
  })

  it('create the indexes SQLite creates, same names, tables, columns and partiality', async () => {
    const sqlite = store.sqlite
      .prepare(
        `SELECT l.name, m.name AS tbl, l.partial, (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) AS cols
         FROM sqlite_master m, pragma_index_list(m.name) l WHERE m.type = 'table' AND l.origin = 'c' ORDER BY l.name`
      )
      .all() as { name: string; tbl: string; partial: bigint; cols: string }[]
    const { rows: postgres } = await client.query<{ name: string; tbl: string; partial: boolean; cols: string }>(
      `SELECT i.relname AS name, t.relname AS tbl, x.indpred IS NOT NULL AS partial,
              string_agg(a.attname, ',' ORDER BY k.n) AS cols
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
       JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
       WHERE ns.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
       GROUP BY 1, 2, 3 ORDER BY 1`,
      [SCHEMA]
    )
    // Added on PostgreSQL: the GIN index FTS5 is on SQLite.
    const added = [{ name: 'payments_search_words', tbl: 'payments_search', partial: false, cols: 'words' }]
    expect(postgres).toEqual(
      [...sqlite.map((index) => ({ ...index, partial: index.partial === 1n })), ...added].sort((a, b) => a.name.localeCompare(b.name))
    )
  })

  it('refuse to change an export record, or a reconciliation item except its one resolution', async () => {
    const run = await client.query<{ id: bigint }>(
      `INSERT INTO reconciliation_runs (network_id, app_wallet, period_from, period_to, time_zone, period_start, period_end,
         thresholds_json, requested_by, started_at, finished_at, payments_checked, pi_records_read, transactions_checked,
         item_count, opening_stroops, opening_source, received_stroops, paid_stroops, fees_stroops, after_period_stroops,
         horizon_balance_stroops, difference_stroops, history_behind)
       VALUES ('sandbox', '${APP_WALLET}', '2025-03-01', '2025-03-31', 'UTC', 1, 2, '{}', 'maria', 1, 1, 0, 0, 0, 1,
               0, 'history', 0, 0, 0, 0, 0, 0, 0) RETURNING id`
    )
    const runId = run.rows[0]?.id
    await client.query(
      `INSERT INTO reconciliation_items (run_id, type, subject_kind, subject, evidence_json, sentence)
       VALUES ($1, 'direct_transfer', 'transaction', 'x', '[]', 'A transfer without a Pi payment.')`,
      [runId]
    )
    const resolve = "UPDATE reconciliation_items SET resolved_at = 2, resolved_by = 'maria', resolution_note = 'Known'"
    expect((await refusal("UPDATE reconciliation_items SET sentence = 'Nothing'")).message).toMatch(/only ever changes once/)
    await client.query(resolve)
    expect((await refusal(resolve.replace("'Known'", "'Changed'"))).message).toMatch(/only ever changes once/)
    await client.query('DELETE FROM reconciliation_runs')
    expect((await client.query('SELECT count(*) AS n FROM reconciliation_items')).rows).toEqual([{ n: 0n }])

    await client.query(
      `INSERT INTO export_history (export_id, network_id, report, schema_id, folder, file_name, period_from, period_to,
         time_zone, row_count, sha256, manifest_json, requested_by, created_at)
       VALUES ('exp_2025_03', 'sandbox', 'payments', 'payments/v1', '/tmp', 'payments.csv', '2025-03-01', '2025-03-31',
               'UTC', 0, '${'f'.repeat(64)}', '{}', 'maria', 1)`
    )
    expect((await refusal("UPDATE export_history SET file_name = 'other.csv'")).message).toMatch(/never changed/)
    expect(
      await refusal(
        `INSERT INTO export_history (export_id, network_id, report, schema_id, folder, file_name, period_from, period_to,
           time_zone, row_count, sha256, manifest_json, requested_by, created_at)
         VALUES ('exp_2025_04', 'sandbox', 'payments', 'payments/v1', '/tmp', 'a\\b.csv', '2025-03-01', '2025-03-31',
                 'UTC', 0, '${'f'.repeat(64)}', '{}', 'maria', 1)`
      )
    ).toMatchObject({ code: '23514' })
  })

  it('derive status and pi_final as SQLite does for every Pi record', async () => {
    const flags = [0, 1] as const
    let n = 0
    for (const approved of flags)
      for (const verified of flags)
        for (const completed of flags)
          for (const cancelled of flags)
            for (const userCancelled of flags)
              for (const transaction of ['none', 'unverified', 'verified'] as const) {
                n += 1
                const txid = transaction === 'none' ? null : n.toString(16).padStart(64, '0')
                await insertOnBoth(
                  paymentRow({
                    identifier: paymentId(`status${n.toString().padStart(3, '0')}`),
                    developer_approved: approved,
                    transaction_verified: verified,
                    developer_completed: completed,
                    cancelled,
                    user_cancelled: userCancelled,
                    txid,
                    tx_verified: transaction === 'none' ? null : transaction === 'verified' ? 1 : 0,
                    tx_link: null
                  })
                )
              }
    const { sqlite, postgres } = await rowsOfBoth(
      "SELECT identifier, status, pi_final FROM payments WHERE identifier LIKE 'status%' ORDER BY identifier"
    )
    expect(postgres).toHaveLength(96)
    expect(postgres).toEqual(sqlite)
    await onBoth('DELETE FROM payments')
    expect(await rowsOfBoth('SELECT * FROM payment_totals')).toEqual({ sqlite: [], postgres: [] })
    expect(await rowsOfBoth('SELECT * FROM book_totals')).toEqual({ sqlite: [], postgres: [] })
  })

  it('keep search words, refund counts, payment and book totals as SQLite’s triggers do', async () => {
    const refund = paymentId('refund')
    await insertOnBoth(paymentRow({ metadata_json: '{"orderId":1042,"basket":{"items":["rye","Spelt"]},"gift":true,"note":null}' }))
    await insertOnBoth(
      paymentRow({
        identifier: refund,
        direction: 'app_to_user',
        from_address: APP_WALLET,
        to_address: BUYER_WALLET,
        amount_stroops: 1_000_000n,
        memo: 'Refund: one loaf',
        refund_of: PAYMENT_ID,
        txid: 'cd'.repeat(32),
        tx_link: null,
        created_at: Date.UTC(2025, 2, 14, 9, 50)
      })
    )
    const found = async (query: string) =>
      (
        await client.query<{ identifier: string }>(
          "SELECT identifier FROM payments_search WHERE words @@ to_tsquery('simple', $1) ORDER BY identifier",
          [query]
        )
      ).rows.map((row) => row.identifier)
    expect(await found('spel:*')).toEqual([PAYMENT_ID])
    expect(await found('rye & 1')).toEqual([PAYMENT_ID])
    expect(await found('1042')).toEqual([PAYMENT_ID, refund].sort())
    expect(await found('basket')).toEqual([])
    expect(await found('a1b2c3d4:*')).toEqual([PAYMENT_ID])
    expect(await found('user <-> 7f3a')).toEqual([PAYMENT_ID, refund].sort())
    // The counterparty is the buyer's address either way: the payer of a sale, the payee of a refund.
    expect(await found(BUYER_WALLET.toLowerCase())).toEqual([PAYMENT_ID, refund].sort())
    expect(await found(APP_WALLET.toLowerCase())).toEqual([])

    await onBoth(`UPDATE payments SET memo = 'Order 1042: three rolls', chain_check = 'verified', chain_checked_at = 5
      WHERE identifier = '${PAYMENT_ID}'`)
    expect(await found('rolls')).toEqual([PAYMENT_ID])
    expect(await found('loaves')).toEqual([])
    await onBoth(`UPDATE payments SET developer_completed = 0, amount_stroops = 2000000 WHERE identifier = '${refund}'`)

    const compared = [
      'SELECT identifier, status, pi_final, refund_count FROM payments ORDER BY identifier',
      'SELECT * FROM payment_totals ORDER BY network_id, span, direction, status, is_refund, starts_at',
      'SELECT * FROM book_totals ORDER BY network_id, span, direction, book, starts_at'
    ]
    for (const query of compared) {
      const { sqlite, postgres } = await rowsOfBoth(query)
      expect(postgres.length).toBeGreaterThan(0)
      expect(postgres).toEqual(sqlite)
    }
    expect((await rowsOfBoth(compared[0] ?? '')).postgres).toContainEqual(
      expect.objectContaining({ identifier: PAYMENT_ID, refund_count: 1n })
    )

    await onBoth(`DELETE FROM payments WHERE identifier = '${refund}'`)
    for (const query of compared) {
      const { sqlite, postgres } = await rowsOfBoth(query)
      expect(postgres).toEqual(sqlite)
    }
    expect((await rowsOfBoth(compared[0] ?? '')).postgres).toEqual([
      expect.objectContaining({ identifier: PAYMENT_ID, refund_count: 0n })
    ])
    expect((await client.query('SELECT identifier FROM payments_search')).rows).toEqual([{ identifier: PAYMENT_ID }])

    // row_order numbers rows as SQLite's rowid does: in the order they were inserted.
    await insertOnBoth(paymentRow({ identifier: paymentId('later') }))
    const { rows } = await client.query('SELECT identifier FROM payments ORDER BY row_order')
    expect(rows.map((row) => row.identifier)).toEqual([PAYMENT_ID, paymentId('later')])
  })

  it('store a payment whose metadata has more words than a tsvector holds, findable by its memo', async () => {
    const words = Array.from({ length: 150_000 }, (_, index) => `w${index}`)
    await insertOnPostgres(paymentRow({ metadata_json: JSON.stringify({ words }) }))
    for (const word of ['loaves', 'w5']) {
      const { rows } = await client.query("SELECT identifier FROM payments_search WHERE words @@ to_tsquery('simple', $1)", [word])
      expect(rows).toEqual([{ identifier: PAYMENT_ID }])
    }
  })

  it('refuse a negative amount and a malformed identifier, as CHECKs', async () => {
    const insert = `INSERT INTO payments (identifier, network_id, user_uid, amount_stroops, memo, metadata_json, from_address,
      to_address, direction, created_at, network, developer_approved, transaction_verified, developer_completed, cancelled,
      user_cancelled, source, first_seen_at, last_polled_at)
      VALUES ($1, 'sandbox', 'u', $2, '', '{}', '${BUYER_WALLET}', '${APP_WALLET}', 'user_to_app', 1, 'Pi Testnet',
              0, 0, 0, 0, 0, 'chain', 1, 1)`
    expect(await refusal(insert, [PAYMENT_ID, -1])).toMatchObject({ code: '23514' })
    expect(await refusal(insert, ['not-base62-at-all-0000000000', 1])).toMatchObject({ code: '23514' })
    expect(await refusal(insert, ['short', 1])).toMatchObject({ code: '23514' })
    expect(await refusal(insert.replace("'{}'", "'{not json'"), [PAYMENT_ID, 1])).toMatchObject({ code: '22P02' })
    expect((await client.query('SELECT count(*) AS n FROM payments')).rows).toEqual([{ n: 0n }])
  })

  describe('audit_log', () => {
    const append = (prevHash: string, hash: string) =>
      client.query("INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES (1, 'maria', 'payment.complete', $1, $2)", [
        prevHash,
        hash
      ])
    const snapshot = async () => (await client.query('SELECT * FROM audit_log ORDER BY seq')).rows

    beforeAll(async () => {
      await append(AUDIT_GENESIS_HASH, 'a'.repeat(64))
      await append('a'.repeat(64), 'b'.repeat(64))
    })

    it('numbers entries from 1 and chains them', async () => {
      expect((await snapshot()).map((row) => [row.seq, row.prev_hash])).toEqual([
        [1n, AUDIT_GENESIS_HASH],
        [2n, 'a'.repeat(64)]
      ])
    })

    it.each([
      ['UPDATE', "UPDATE audit_log SET actor = 'mallory'", /append-only: entries cannot be changed/],
      ['DELETE', 'DELETE FROM audit_log WHERE seq = 1', /append-only: entries cannot be deleted/],
      ['TRUNCATE', 'TRUNCATE audit_log', /append-only: entries cannot be deleted/],
      [
        'an entry with a seq of its own',
        `INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) VALUES (3, 1, 'mallory', 'x', '${'b'.repeat(64)}', '${'e'.repeat(64)}')`,
        /seq is assigned by the database/
      ],
      [
        'an upsert over an entry',
        `INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) VALUES (2, 1, 'mallory', 'x', '${'b'.repeat(64)}', '${'e'.repeat(64)}')
         ON CONFLICT (seq) DO UPDATE SET actor = 'mallory'`,
        /seq is assigned by the database/
      ],
      [
        'a prev_hash that is not the latest hash',
        `INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES (1, 'mallory', 'x', '${'a'.repeat(64)}', '${'e'.repeat(64)}')`,
        /prev_hash must be the hash of the latest entry/
      ],
      [
        'a second start from the genesis hash',
        `INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES (1, 'mallory', 'x', '${AUDIT_GENESIS_HASH}', '${'e'.repeat(64)}')`,
        /prev_hash must be the hash of the latest entry/
      ]
    ])('refuses %s and keeps every entry as it was', async (_case, statement, error) => {
      const before = await snapshot()
      expect((await refusal(statement)).message).toMatch(error)
      expect(await snapshot()).toEqual(before)
    })

    it('leaves no hole in seq where an append was refused or rolled back', async () => {
      await client.query('BEGIN')
      await append('b'.repeat(64), 'c'.repeat(64))
      await client.query('ROLLBACK')
      await refusal("INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES (1, 'x', 'x', 'bad', 'bad')")
      await append('b'.repeat(64), 'd'.repeat(64))
      expect((await snapshot()).map((row) => row.seq)).toEqual([1n, 2n, 3n])
    })
  })
})
