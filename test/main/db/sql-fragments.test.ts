// The dialect-specific pieces repositories build their kysely queries with (src/main/db/sql/):
// each renders what SQLite needs and leads the planner where the query was designed to go.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  highestSeqWritten,
  indexedBy,
  jsonField,
  notIndexed,
  openDatabase,
  tablesWithColumn,
  type MerchantDb
} from '../../../src/main/db'

let store: MerchantDb
beforeEach(() => {
  store = openDatabase(':memory:')
})
afterEach(() => store.close())

function plan(query: { compile(): { sql: string; parameters: readonly unknown[] } }): string[] {
  const { sql, parameters } = query.compile()
  return (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail)
}

describe('indexedBy', () => {
  it('makes the query walk the named index, and columns are read through the alias', async () => {
    const query = store.db
      .selectFrom(indexedBy(store.db, 'payments', 'p', 'payments_by_time'))
      .select(['p.identifier', 'p.created_at'])
      .where('p.network_id', '=', 'sandbox')
      .where('p.created_at', '>=', 0n)
    expect(query.compile().sql).toContain('from "payments" as "p" INDEXED BY payments_by_time')
    expect(plan(query)[0]).toMatch(/^SEARCH p USING (COVERING )?INDEX payments_by_time \(network_id=\? AND created_at>\?\)$/)
    expect(await query.execute()).toEqual([])
  })

  it('refuses a name that is not a plain identifier', () => {
    expect(() => indexedBy(store.db, 'payments', 'p', 'x; DROP TABLE payments')).toThrow(/plain identifier/)
  })
})

describe('notIndexed', () => {
  it("keeps a network filter from choosing the network's index over the payment's own", () => {
    const query = store.db
      .selectFrom('chain_operations')
      .select('transaction_hash')
      .distinct()
      .where(notIndexed(store.db, 'network_id'), '=', 'sandbox')
      .where('payment_identifier', '=', 'x'.repeat(28))
    expect(plan(query)[0]).toBe('SEARCH chain_operations USING INDEX chain_operations_by_payment (payment_identifier=?)')
  })
})

describe('jsonField, tablesWithColumn and highestSeqWritten', () => {
  it('read a JSON field, the tables of a network, and the highest seq ever handed out', async () => {
    await store.db.insertInto('settings').values({ key: 'k', value_json: '{"refund_of":"abc","n":2}', updated_at: 1 }).execute()
    const read = await store.db
      .selectFrom('settings')
      .select([jsonField(store.db, 'value_json', '$.refund_of').as('sale'), jsonField(store.db, 'value_json', '$.missing').as('none')])
      .executeTakeFirstOrThrow()
    expect(read).toEqual({ sale: 'abc', none: null })

    const { rows } = await tablesWithColumn(store.db, 'network_id').execute(store.db)
    expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining(['payments', 'chain_operations', 'reconciliation_runs']))
    expect(rows.map((row) => row.name)).not.toContain('audit_log')

    expect((await highestSeqWritten(store.db, 'audit_log', 'seq').execute(store.db)).rows).toEqual([])
    store.sqlite.exec(`INSERT INTO audit_log (at, actor, action, subject, before_json, after_json, prev_hash, hash)
      VALUES (1, 'maria', 'note.add', NULL, NULL, NULL, '${'0'.repeat(64)}', '${'1'.repeat(64)}')`)
    expect((await highestSeqWritten(store.db, 'audit_log', 'seq').execute(store.db)).rows).toEqual([{ seq: 1n }])
  })
})
