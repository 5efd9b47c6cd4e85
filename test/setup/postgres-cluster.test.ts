// The throwaway cluster the `postgres` project starts (postgres-cluster.ts) is reachable at the
// URL it provides, takes a schema of its own per ledger, and hands int8 back exactly.
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'

describe('the test run’s PostgreSQL cluster', () => {
  it('stores and reads back a row in a schema of its own, then drops it', async () => {
    const url = inject('postgresUrl')
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/merchant_desk_test$/)
    expect(process.env.MERCHANT_DESK_TEST_POSTGRES_URL).toBe(url)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const schema = `cluster_check_${process.pid}`
    try {
      await client.query(`CREATE SCHEMA ${schema}`)
      await client.query(`CREATE TABLE ${schema}.amounts (stroops BIGINT NOT NULL)`)
      // Past 2^53: a float would lose the last stroop.
      await client.query(`INSERT INTO ${schema}.amounts (stroops) VALUES ($1)`, ['9007199254740993'])
      const { rows } = await client.query<{ stroops: string }>(`SELECT stroops FROM ${schema}.amounts`)
      expect(rows.map((row) => BigInt(row.stroops))).toEqual([9_007_199_254_740_993n])
      const settings = await client.query<{ fsync: string; max_connections: string }>(
        "SELECT current_setting('fsync') AS fsync, current_setting('max_connections') AS max_connections"
      )
      expect(settings.rows[0]).toEqual({ fsync: 'off', max_connections: '200' })
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
    const gone = new pg.Client({ connectionString: url })
    await gone.connect()
    try {
      const { rows } = await gone.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
      expect(rows).toEqual([])
    } finally {
      await gone.end()
    }
  })
})
