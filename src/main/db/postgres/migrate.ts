// Brings a team's PostgreSQL ledger to this build's schema, or refuses it: the same rules as the
// SQLite runner (migrations/runner.ts). All pending migrations run in ONE transaction (PostgreSQL's
// DDL is transactional), so a failure leaves the database exactly as it was; a database holding
// migrations this build does not know is never written to; a schema holding tables that are not a
// Merchant Desk ledger is never turned into one. Two desks opening a new team database at once
// queue on an advisory lock: the second finds the schema made and applies nothing.
import type { PoolClient } from 'pg'
import { databaseOutdated, databaseTooNew } from '../database-errors'
import { UserFacingError } from '../../../shared/errors'
import type { PostgresMigration } from './migrations'

/** 'MDmg': the lock desks take while they create or upgrade a ledger's schema. */
const MIGRATION_LOCK = 0x4d446d67

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY NOT NULL,
  applied_at BIGINT NOT NULL
)`

export interface LedgerTarget {
  readonly schema: string | null
  readonly display: string
  readonly readonly: boolean
  readonly now: () => Date
}

/** Applies what is pending (nothing when current) and returns the names applied. */
export async function prepareLedgerSchema(
  client: PoolClient,
  migrations: readonly PostgresMigration[],
  target: LedgerTarget
): Promise<readonly string[]> {
  await client.query(target.readonly ? 'BEGIN READ ONLY' : 'BEGIN')
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}, hashtext($1))`, [target.schema ?? ''])
    // Only when missing: CREATE SCHEMA checks the login's right to create schemas even when it
    // exists, and a person's own login (issue 18) may use the ledger's schema, not create one.
    if (target.schema !== null && !target.readonly && !(await schemaExists(client, target.schema))) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`)
    }
    const pending = await pendingMigrations(client, migrations, target.display)
    if (target.readonly) {
      await client.query('ROLLBACK')
      if (pending.length > 0) throw databaseOutdated(target.display)
      return []
    }
    if (pending.length > 0) {
      await client.query(MIGRATIONS_TABLE)
      for (const migration of pending) {
        try {
          for (const statement of migration.statements) await client.query(statement)
        } catch (error) {
          throw new Error(`Migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
        }
        await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [migration.name, target.now().getTime()])
      }
    }
    await client.query('COMMIT')
    return pending.map((migration) => migration.name)
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

async function schemaExists(client: PoolClient, schema: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
  return found.rows.length > 0
}

async function pendingMigrations(
  client: PoolClient,
  migrations: readonly PostgresMigration[],
  display: string
): Promise<readonly PostgresMigration[]> {
  const where = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')
  const schema = where.rows[0]?.schema ?? null
  if (schema === null) throw noLedgerHere(display)
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')`,
    [schema]
  )
  if (tables.rows.length === 0) return migrations
  if (!tables.rows.some((table) => table.name === 'schema_migrations')) throw notALedger(display)
  const applied = (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((row) => row.name)
  const known = new Set(migrations.map((migration) => migration.name))
  if (applied.some((name) => !known.has(name))) throw databaseTooNew(display)
  if (applied.some((name, index) => migrations[index]?.name !== name)) throw notALedger(display)
  return migrations.slice(applied.length)
}

function noLedgerHere(display: string): UserFacingError {
  return new UserFacingError(
    'database_unavailable',
    `There is no Merchant Desk ledger at ${display} yet. Open it once without read-only mode, or copy a desk's ledger into it with "merchant-desk db copy".`,
    { path: display }
  )
}

function notALedger(display: string): UserFacingError {
  return new UserFacingError(
    'database_unreadable',
    `${display} holds tables that are not a Merchant Desk ledger, so Merchant Desk left it alone. Point it at an empty database, or give the ledger its own schema by adding ?schema=merchant_desk to the address.`,
    { path: display }
  )
}
