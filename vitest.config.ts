import { defineConfig } from 'vitest/config'
import { findPostgresBin, POSTGRES_MISSING } from './test/setup/postgres-binaries'

// The suites that run on both engines: the repositories and services of the ledger.
const BOTH_ENGINES = ['sync', 'ledger', 'queue', 'payouts', 'reconcile', 'exports', 'audit', 'payments', 'people', 'invoices', 'postbacks', 'gateway']

// Tests of the desk's own code that need a PostgreSQL server and nothing else: they run in the
// postgres project only, whose globalSetup starts the server.
const TEAM_SERVER_TESTS = [
  'test/main/app/team-ledger-secrets.test.ts',
  'test/main/app/choose-ledger.test.ts',
  'test/main/app/team-database-card.test.ts'
]

// Without PostgreSQL a developer's run skips the `postgres` project with a warning; CI fails
// instead (the globalSetup says why), since it installs PostgreSQL and must run them.
function postgresTests(): string[] {
  if (findPostgresBin() !== null || process.env.CI) {
    return [
      `test/main/{${BOTH_ENGINES.join(',')}}/**/*.test.ts`,
      'test/main/db/postgres/**/*.test.ts',
      // Two desks on one team ledger: two processes racing refunds, crashes and resumes; a desk
      // hearing the other; a desk's ledger copied in.
      'test/desks/**/*.test.ts',
      // People's own logins on a team ledger: grants and four eyes in the database.
      'test/main/people/postgres/**/*.test.ts',
      'test/main/app/other-desks.test.ts',
      // The team database card and the choice of ledger at start, against a real server.
      ...TEAM_SERVER_TESTS,
      'test/cli/db-copy.test.ts',
      // People's own database logins, given on the command line.
      'test/cli/people-logins.test.ts',
      'test/setup/postgres-cluster.test.ts',
      'test/support/ledger-sql.test.ts'
    ]
  }
  console.warn(`postgres project skipped: ${POSTGRES_MISSING}`)
  return ['test/setup/postgres-missing.test.ts']
}

// Three projects: "node" (unit and integration tests of everything that runs in Node, on SQLite),
// "postgres" (the ledger's suites again, on a throwaway PostgreSQL cluster the run starts and
// stops) and "browser" (Playwright driving Debian's Chromium against the browser preview).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/electron/**', 'test/setup/**', 'test/main/db/postgres/**', 'test/main/people/postgres/**', 'test/cli/people-logins.test.ts', ...TEAM_SERVER_TESTS],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: 'postgres',
          include: postgresTests(),
          environment: 'node',
          env: { MERCHANT_DESK_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/setup/postgres-cluster.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'test/electron/**/*.test.ts'],
          environment: 'node',
          // Settings → Team database drives a real server: the same throwaway cluster.
          globalSetup: ['test/setup/postgres-cluster.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
})
