// A person's own login on a team's PostgreSQL ledger (issue 18): the database then knows who
// writes, and refuses on its own what their role may not do (the grants of login-grants.ts, and
// the four-eyes trigger of migration 0006). The owner's desk creates the login (or reuses one the
// database's administrator made), grants it its role's share of THIS ledger's schema, and records
// it on the person's row, all in one audited transaction. Granting again (another role, a new
// table after an upgrade) first takes back what the login had here, so it never keeps more.
import pg from 'pg'
import { sql } from 'kysely'
import { runAudited } from '../../audit'
import { withTransaction, type MerchantDb } from '../../db'
import { UserFacingError } from '../../../shared/errors'
import { findPersonRow, unknownPerson } from '../people-store'
import type { Role } from '../roles'
import { grantsFor } from './login-grants'
import { POLICY_ROLES, setPolicy } from '../policy'
import { scramVerifier } from './scram'

/** A plain PostgreSQL name, never needing quotes (so what the owner types is what logs in). */
const LOGIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/
const MIN_PASSWORD = 8

export interface PersonLogin {
  /** The person's name, as typed. */
  readonly person: string
  /** The database login they connect with. */
  readonly login: string
  /** Sets (or replaces) the login's password; without it an existing login keeps its own, a new one has none. */
  readonly password?: string
}

export interface GrantedLogin {
  readonly person: string
  readonly role: Role
  readonly login: string
  /** Whether the login was created now (else it existed and was reused). */
  readonly created: boolean
}

export async function grantPersonLogin(store: MerchantDb, actor: string, input: PersonLogin): Promise<GrantedLogin> {
  if (store.engine.kind !== 'postgres') {
    throw new UserFacingError(
      'team_ledger_needed',
      'Database logins belong to a team ledger on PostgreSQL; this desk keeps its ledger in a file, where the desk itself checks who works. Nothing was changed.'
    )
  }
  const login = input.login.trim()
  if (!LOGIN_NAME.test(login)) {
    throw new UserFacingError(
      'db_login_invalid',
      `"${login.slice(0, 63)}" cannot be a database login here: use 1 to 63 lower-case letters, digits and underscores, starting with a letter or an underscore. Nothing was changed.`
    )
  }
  if (input.password !== undefined && input.password.length < MIN_PASSWORD) {
    throw new UserFacingError('db_password_short', `A database login's password needs at least ${MIN_PASSWORD} characters. Nothing was changed.`)
  }
  const { value } = await runAudited(store, async (tx) => {
    const row = await findPersonRow(tx, input.person)
    if (row === null) throw unknownPerson(input.person)
    const taken = await tx.db
      .selectFrom('people')
      .select('name')
      .where('db_login', '=', login)
      .where('removed_at', 'is', null)
      .where('id', '<>', row.id)
      .executeTakeFirst()
    if (taken !== undefined) {
      throw new UserFacingError('db_login_taken', `The database login ${login} is already ${taken.name}'s: each person connects with their own. Nothing was changed.`)
    }
    const schema = await ledgerSchema(tx)
    await refuseAdministrator(tx, login, schema)
    const created = await ensureLogin(tx, login, input.password)
    if (row.db_login !== null && row.db_login !== login) await takeBackIfAny(tx, row.db_login, schema)
    await takeBack(tx, login, schema)
    await grantRole(tx, login, schema, row.role)
    await tx.db.updateTable('people').set({ db_login: login }).where('id', '=', row.id).execute()
    // The database's own check of one refund's size reads refund_policy: the roles still on the
    // app's defaults get their rows now, as they stand (audited as the owner's setting).
    await writeDefaultPolicyRows(tx, actor)
    return {
      value: { person: row.name, role: row.role, login, created },
      audit: {
        actor,
        action: 'person.db_login',
        subject: row.name,
        before: { dbLogin: row.db_login },
        after: { dbLogin: login, role: row.role, created, passwordSet: input.password !== undefined }
      }
    }
  })
  return value
}

/**
 * Takes back what a removed person's login may do on this ledger (the login itself stays: it may
 * serve other databases, and only the database's administrator drops it).
 */
export async function revokePersonLogin(store: MerchantDb, login: string): Promise<void> {
  if (store.engine.kind !== 'postgres' || !LOGIN_NAME.test(login)) return
  await withTransaction(store, async (tx) => takeBackIfAny(tx, login, await ledgerSchema(tx)))
}

/** The same, for a login the database's administrator may have dropped meanwhile. */
async function takeBackIfAny(tx: MerchantDb, login: string, schema: string): Promise<void> {
  const exists = await sql<{ one: number }>`SELECT 1 AS one FROM pg_roles WHERE rolname = ${login}`.execute(tx.db)
  if (exists.rows.length > 0) await takeBack(tx, login, schema)
}

async function ledgerSchema(tx: MerchantDb): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(tx.db)
  const schema = rows[0]?.schema ?? null
  if (schema === null) throw new Error('The team ledger has no schema')
  return schema
}

/** The login the desk connects with, a superuser, or the owner of the ledger's tables keep their powers: they are not a person's. */
async function refuseAdministrator(tx: MerchantDb, login: string, schema: string): Promise<void> {
  const { rows } = await sql<{ superuser: boolean; owns: boolean; me: boolean }>`
    SELECT r.rolsuper AS superuser,
           EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = ${schema} AND t.tableowner = r.rolname) AS owns,
           r.rolname = session_user AS me
    FROM pg_roles r WHERE r.rolname = ${login}`.execute(tx.db)
  const role = rows[0]
  if (role !== undefined && (role.superuser || role.owns || role.me)) {
    throw new UserFacingError(
      'db_login_administrator',
      `The database login ${login} administers this ledger (it ${role.me ? 'is the one this desk connects with' : role.superuser ? 'is a superuser' : 'owns its tables'}), so it cannot be a person's own: give the person a login of their own. Nothing was changed.`
    )
  }
}

/** Creates the login (or reuses it), setting its password when one is given. Answers whether it was created. */
async function ensureLogin(tx: MerchantDb, login: string, password: string | undefined): Promise<boolean> {
  const { rows } = await sql<{ login: boolean }>`SELECT rolcanlogin AS login FROM pg_roles WHERE rolname = ${login}`.execute(tx.db)
  const exists = rows.length > 0
  // A login the administrator made, kept as it is: changing it needs a right the desk's own login may not have.
  if (exists && rows[0]!.login && password === undefined) return false
  const secret = password === undefined ? sql`` : sql` PASSWORD ${sql.raw(pg.escapeLiteral(scramVerifier(password)))}`
  try {
    await sql`${sql.raw(exists ? 'ALTER' : 'CREATE')} ROLE ${sql.id(login)} LOGIN${secret}`.execute(tx.db)
  } catch (error) {
    if (isUserFacingError(error, 'not_allowed')) {
      throw new UserFacingError(
        'db_login_not_allowed',
        `The login this desk connects with may not ${exists ? 'change' : 'create'} database logins. Ask the database's administrator to create ${login} (CREATE ROLE ${login} LOGIN PASSWORD ...), then grant it again without a password. Nothing was changed.`
      )
    }
    throw error
  }
  return !exists
}

function isUserFacingError(error: unknown, code: string): boolean {
  return error instanceof UserFacingError && error.code === code
}

/** Takes back everything the login may do in this ledger's schema. */
async function takeBack(tx: MerchantDb, login: string, schema: string): Promise<void> {
  const who = sql.id(login)
  const where = sql.id(schema)
  await sql`REVOKE ALL ON ALL TABLES IN SCHEMA ${where} FROM ${who}`.execute(tx.db)
  await sql`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${where} FROM ${who}`.execute(tx.db)
  await sql`REVOKE ALL ON SCHEMA ${where} FROM ${who}`.execute(tx.db)
}

async function grantRole(tx: MerchantDb, login: string, schema: string, role: Role): Promise<void> {
  const who = sql.id(login)
  const where = sql.id(schema)
  // Find the tables, read every table, and take the next id of the identity columns.
  await sql`GRANT USAGE ON SCHEMA ${where} TO ${who}`.execute(tx.db)
  await sql`GRANT SELECT ON ALL TABLES IN SCHEMA ${where} TO ${who}`.execute(tx.db)
  await sql`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${where} TO ${who}`.execute(tx.db)
  for (const grant of grantsFor(role)) {
    const table = sql`${where}.${sql.id(grant.table)}`
    for (const write of grant.writes) {
      const columns = write === 'UPDATE' && grant.columns !== undefined ? sql` (${sql.join(grant.columns.map((column) => sql.id(column)))})` : sql``
      await sql`GRANT ${sql.raw(write)}${columns} ON ${table} TO ${who}`.execute(tx.db)
    }
  }
  // The advisory locks that queue a ledger's writes and migrations, pg_notify and the ledger's own
  // trigger functions are PostgreSQL's and PUBLIC's to execute: nothing to grant.
}

/** Writes the rows of the roles that follow the defaults, so the database's check and the app's agree. */
async function writeDefaultPolicyRows(tx: MerchantDb, actor: string): Promise<void> {
  const set = new Set((await tx.db.selectFrom('refund_policy').select('role').execute()).map((row) => row.role))
  for (const role of POLICY_ROLES) if (!set.has(role)) await setPolicy(tx, actor, { role })
}
