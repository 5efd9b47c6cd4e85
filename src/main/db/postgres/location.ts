// Where a team's ledger lives: a PostgreSQL URL as a person types it (`postgres://user@host:5432/
// merchant_desk`), optionally with `?schema=NAME` to keep the ledger in its own schema of a shared
// database. The password may be in the URL, in PGPASSWORD (read by pg itself), or handed over by the
// desk from its sealed secrets; it never appears in messages or logs.
import type { PoolConfig } from 'pg'
import { UserFacingError } from '../../../shared/errors'

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

export interface PostgresLocation {
  /** What pg connects with (the URL without our own parameters). */
  readonly connection: PoolConfig
  /** The schema the ledger lives in, or null for the login's default (`public`). */
  readonly schema: string | null
  /** The URL with any password removed: for messages, logs and `MerchantDb.path`. */
  readonly display: string
}

export function parsePostgresLocation(location: string, password?: string): PostgresLocation {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    throw badLocation(location)
  }
  if (url.hostname === '' && !url.searchParams.has('host')) throw badLocation(location)
  const schema = url.searchParams.get('schema')
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new UserFacingError(
      'database_unavailable',
      `"${schema}" cannot be a schema name: use lower-case letters, digits and underscores, starting with a letter.`,
      {}
    )
  }
  url.searchParams.delete('schema')
  const shown = new URL(url.toString())
  shown.password = ''
  const display = shown.toString() + (schema === null ? '' : `${shown.search === '' ? '?' : '&'}schema=${schema}`)
  const connection: PoolConfig = {
    connectionString: url.toString(),
    ...(password !== undefined && password !== '' ? { password } : {}),
    // The ledger's own schema first, so every unqualified name (tables, the trigger functions) is ours.
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
    application_name: 'merchant-desk'
  }
  return { connection, schema, display }
}

function badLocation(location: string): UserFacingError {
  const shown = location.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@')
  return new UserFacingError(
    'database_unavailable',
    `"${shown}" is not a database address Merchant Desk understands. Write it as postgres://user@host:5432/database.`,
    {}
  )
}
