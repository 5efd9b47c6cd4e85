// The PostgreSQL engine under the data layer, against a real server: the same synchronous open as
// SQLite, integers as bigint, write transactions of two handles (two desks) one at a time, a read
// transaction's one snapshot, notifications from another desk, and sentences for a server that is
// not there.
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, withReadTransaction, withTransaction, type MerchantDb } from '../../../../src/main/db'
import { isUserFacingError } from '../../../../src/shared/errors'
import { testPostgresUrl } from '../../../support/engine'

const server = testPostgresUrl()
let ledgers = 0
const opened: MerchantDb[] = []

function teamLedger(options: { readonly?: boolean } = {}, schema = `engine_${process.pid}_${++ledgers}`): MerchantDb {
  const store = openDatabase(`${server}?schema=${schema}`, options)
  opened.push(store)
  return store
}

afterAll(async () => {
  for (const store of opened) store.close()
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  const schemas = await admin.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'engine_${process.pid}_%'`)
  for (const { name } of schemas.rows) await admin.query(`DROP SCHEMA "${name}" CASCADE`)
  await admin.end()
})

describe('a team ledger on PostgreSQL', () => {
  it('opens synchronously, says it is PostgreSQL, hides the password and reads integers as bigint', async () => {
    const store = teamLedger()
    expect(store.engine.kind).toBe('postgres')
    expect(store.path).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+\?schema=engine_/)
    const row = await sql<{ big: unknown; small: unknown; total: unknown }>`SELECT 9007199254740993::bigint AS big, 1 AS small, sum(x) AS total FROM (VALUES (9007199254740993::bigint), (1::bigint)) AS v(x)`.execute(store.db)
    expect(row.rows[0]).toEqual({ big: 9007199254740993n, small: 1n, total: 9007199254740994n })
    expect(() => store.sqlite).toThrow(/PostgreSQL ledger/)
  })

  it('runs the write transactions of two desks one at a time', async () => {
    const schema = `engine_${process.pid}_${++ledgers}`
    const first = teamLedger({}, schema)
    const second = teamLedger({}, schema)
    await sql`CREATE TABLE IF NOT EXISTS tally (n BIGINT NOT NULL)`.execute(first.db)
    await sql`INSERT INTO tally VALUES (0)`.execute(first.db)
    // Read, wait, then write what was read plus one: without one lock for writers, both desks would
    // read 0 and the tally would end at 1.
    const bump = (store: MerchantDb) =>
      withTransaction(store, async (tx) => {
        const { rows } = await sql<{ n: bigint }>`SELECT n FROM tally`.execute(tx.db)
        await new Promise((resolve) => setTimeout(resolve, 50))
        await sql`UPDATE tally SET n = ${rows[0]!.n + 1n}`.execute(tx.db)
      })
    await Promise.all([bump(first), bump(second), bump(first), bump(second)])
    const { rows } = await sql<{ n: bigint }>`SELECT n FROM tally`.execute(second.db)
    expect(rows[0]!.n).toBe(4n)
  })

  it('refuses a query to the whole ledger from inside its own transaction', async () => {
    const store = teamLedger()
    await expect(withTransaction(store, async () => sql`SELECT 1`.execute(store.db))).rejects.toThrow(/inside one of its transactions/)
  })

  it('reads one snapshot in a read transaction while another desk commits', async () => {
    const schema = `engine_${process.pid}_${++ledgers}`
    const reader = teamLedger({}, schema)
    const writer = teamLedger({}, schema)
    await sql`CREATE TABLE notes (n BIGINT NOT NULL)`.execute(writer.db)
    const counts = await withReadTransaction(reader, async ({ db }) => {
      const before = await sql<{ c: bigint }>`SELECT count(*) AS c FROM notes`.execute(db)
      await sql`INSERT INTO notes VALUES (1)`.execute(writer.db)
      const after = await sql<{ c: bigint }>`SELECT count(*) AS c FROM notes`.execute(db)
      return [before.rows[0]!.c, after.rows[0]!.c]
    })
    expect(counts).toEqual([0n, 0n])
  })

  it("tells a desk of another desk's commit within a second", async () => {
    const schema = `engine_${process.pid}_${++ledgers}`
    const watcher = teamLedger({}, schema)
    const other = teamLedger({}, schema)
    await sql`SELECT 1`.execute(watcher.db)
    const heard: (string | null)[] = []
    const stop = watcher.watchChanges((table) => heard.push(table))
    try {
      await expect.poll(async () => {
        await sql`SELECT pg_notify('merchant_desk_changes', 'payments')`.execute(other.db)
        return heard.length
      }, { timeout: 3000, interval: 200 }).toBeGreaterThan(0)
      expect(heard).toContain('payments')
    } finally {
      stop()
    }
  })

  it('says in words when the team database does not answer, and opens once it does', async () => {
    const store = openDatabase('postgres://merchant@127.0.0.1:1/merchant_desk')
    opened.push(store)
    const error = await sql`SELECT 1`.execute(store.db).then(() => null, (caught: unknown) => caught)
    expect(isUserFacingError(error)).toBe(true)
    expect((error as Error).message).toBe(
      'The team database at 127.0.0.1:1 did not answer. Check that it is running and that this computer may reach it; nothing was changed.'
    )
  })

  it('refuses an address it cannot read and a schema name that is not one', () => {
    expect(() => openDatabase('postgres://')).toThrow(/not a database address/)
    expect(() => openDatabase(`${server}?schema=Robert'); DROP`)).toThrow(/cannot be a schema name/)
  })

  it('refuses a ledger whose schema a newer build wrote', async () => {
    const schema = `engine_${process.pid}_${++ledgers}`
    const current = teamLedger({}, schema)
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`.execute(current.db)
    await sql`INSERT INTO schema_migrations VALUES ('9999_from_the_future', 0)`.execute(current.db)
    const later = teamLedger({}, schema)
    await expect(sql`SELECT 1`.execute(later.db)).rejects.toThrow(/saved by a newer version of Merchant Desk/)
  })
})
