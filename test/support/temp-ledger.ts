// A real ledger for one test, on the engine of the test's project (engine.ts). On SQLite: a file
// in a throwaway folder rather than ':memory:', because an export reads through a second
// connection, a CLI child opens the same path, and a test may reopen it. On PostgreSQL: its own
// schema in the run's throwaway database (`?schema=`), dropped on close, beside a throwaway
// folder for the files a test writes (exports, manifests).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { openDatabase, type MerchantDb } from '../../src/main/db'
import { testEngine, testPostgresUrl } from './engine'

export interface TempLedgerOptions {
  /** Open this database instead (':memory:' allowed); the folder is then the caller's, never removed. */
  readonly databasePath?: string
  /** Keep the ledger in this folder; the caller removes it. */
  readonly dir?: string
  /** The desk's clock, as the database stamps rows with it. */
  readonly now?: () => Date
}

export interface TempLedger {
  /** The folder the ledger file sits in (on PostgreSQL: the folder for the test's files). */
  readonly dir: string
  /** The SQLite file, or on PostgreSQL the URL with the ledger's `?schema=`: what `--db` takes. */
  readonly databasePath: string
  readonly store: MerchantDb
  /** A path in the folder. */
  file(name: string): string
  /** Closes the ledger and removes the folder if this ledger made it. */
  close(): void
}

export function openTempLedger(options: TempLedgerOptions = {}): TempLedger {
  if (testEngine() === 'postgres' && options.databasePath === undefined) return openTempSchemaLedger(options)
  const owned = options.databasePath === undefined && options.dir === undefined
  const dir =
    options.databasePath !== undefined ? dirname(options.databasePath) : (options.dir ?? mkdtempSync(join(tmpdir(), 'md-ledger-')))
  const databasePath = options.databasePath ?? join(dir, 'merchant-desk.sqlite')
  const store = openDatabase(databasePath, options.now ? { now: options.now } : {})
  return {
    dir,
    databasePath,
    store,
    file: (name) => join(dir, name),
    close() {
      store.close()
      if (owned) rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * A ledger nothing but this test's store reads and no file goes beside: SQLite in memory, exactly
 * as `openDatabase(':memory:', options)`, or on PostgreSQL a schema of its own (dropped by the
 * ledger's close; a test that only closes `.store` leaves it to the cluster's removal).
 */
export function openScratchLedger(options: Pick<TempLedgerOptions, 'now'> = {}): TempLedger {
  if (testEngine() === 'postgres') return openTempSchemaLedger({ ...options, dir: tmpdir() })
  return openTempLedger({ ...options, databasePath: ':memory:' })
}

/**
 * Where a test's own ledger goes when it opens (or a CLI child opens) the database itself: the
 * file in `dir` on SQLite, as the test named it; on PostgreSQL a schema of its own, created on
 * first use and thrown away with the cluster.
 */
export function tempDatabasePath(dir: string, fileName: string): string {
  if (testEngine() !== 'postgres') return join(dir, fileName)
  return schemaLocation(uniqueSchema()).databasePath
}

let schemas = 0

/** Unique across the run's workers (pid) and across runs that somehow share a database (random). */
function uniqueSchema(): string {
  schemas += 1
  return `t_${process.pid}_${schemas}_${randomBytes(3).toString('hex')}`
}

function schemaLocation(schema: string): { databaseUrl: string; databasePath: string } {
  const databaseUrl = testPostgresUrl()
  return { databaseUrl, databasePath: `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}` }
}

function openTempSchemaLedger(options: TempLedgerOptions): TempLedger {
  const owned = options.dir === undefined
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'md-ledger-'))
  const schema = uniqueSchema()
  const { databaseUrl, databasePath } = schemaLocation(schema)
  const store = openDatabase(databasePath, options.now ? { now: options.now } : {})
  return {
    dir,
    databasePath,
    store,
    file: (name) => join(dir, name),
    close() {
      store.close()
      dropSchema(databaseUrl, schema)
      if (owned) rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Fire and forget: the cluster is thrown away after the run, this only keeps it small meanwhile. */
function dropSchema(databaseUrl: string, schema: string): void {
  const client = new pg.Client({ connectionString: databaseUrl })
  client
    .connect()
    .then(() => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
    .catch(() => undefined)
    .finally(() => client.end().catch(() => undefined))
}
