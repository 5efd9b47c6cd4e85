// Which engine this test file's ledgers run on: the one place that decides. The `postgres` vitest
// project sets MERCHANT_DESK_TEST_ENGINE (vitest.config.ts) and its globalSetup provides the
// throwaway cluster's URL (test/setup/postgres-cluster.ts); everything else runs on SQLite.
import { describe, inject, it } from 'vitest'

export type TestEngine = 'sqlite' | 'postgres'

export const TEST_ENGINE_VARIABLE = 'MERCHANT_DESK_TEST_ENGINE'
export const TEST_POSTGRES_URL_VARIABLE = 'MERCHANT_DESK_TEST_POSTGRES_URL'

export function testEngine(): TestEngine {
  return process.env[TEST_ENGINE_VARIABLE] === 'postgres' ? 'postgres' : 'sqlite'
}

/** The throwaway cluster's test database (postgres project only). */
export function testPostgresUrl(): string {
  const url = inject('postgresUrl') || process.env[TEST_POSTGRES_URL_VARIABLE]
  if (!url) throw new Error('No PostgreSQL test database: run this file in the `postgres` vitest project, whose globalSetup starts one.')
  return url
}

/**
 * A describe for tests of SQLite itself (query plans, file headers, WAL, the statement cache,
 * backups): skipped on PostgreSQL. The reason is said where the test is, for the reader:
 * `sqliteOnly('EXPLAIN QUERY PLAN is SQLite's')('ledger query plans', () => ...)`.
 */
export function sqliteOnly(reason: string): ReturnType<typeof describe.skipIf> {
  return describe.skipIf(skipsOnPostgres(reason))
}

/** The same for one test in a file that otherwise runs on both engines. */
export function sqliteOnlyIt(reason: string): ReturnType<typeof it.skipIf> {
  return it.skipIf(skipsOnPostgres(reason))
}

function skipsOnPostgres(reason: string): boolean {
  if (reason.trim() === '') throw new Error('Say why a test runs on SQLite only.')
  return testEngine() === 'postgres'
}
