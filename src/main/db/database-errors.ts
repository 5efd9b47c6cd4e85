// Why a database could not be opened, in the merchant's words. The path goes in `details`
// (for logs and the CLI), not in the sentence, which the UI shows as is.
import { basename } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { UserFacingError } from '../../shared/errors'

export const DATABASE_ERROR_CODES = [
  'database_too_new',
  'database_outdated',
  'database_unreadable',
  'database_unavailable',
  'database_busy',
  'database_backup_failed',
  'database_upgrade_failed'
] as const
export type DatabaseErrorCode = (typeof DATABASE_ERROR_CODES)[number]

function databaseError(code: DatabaseErrorCode, message: string, path: string): UserFacingError {
  return new UserFacingError(code, message, { path })
}

export function databaseTooNew(path: string): UserFacingError {
  return databaseError(
    'database_too_new',
    'This data was saved by a newer version of Merchant Desk. Update Merchant Desk to open it; nothing was changed.',
    path
  )
}

export function databaseOutdated(path: string): UserFacingError {
  return databaseError(
    'database_outdated',
    'This data was saved by an older version of Merchant Desk and must be upgraded first. Open it once without read-only mode.',
    path
  )
}

export function notAMerchantDeskDatabase(path: string): UserFacingError {
  return databaseError(
    'database_unreadable',
    'This file is not a Merchant Desk database, or it is damaged. Choose another file or restore a backup.',
    path
  )
}

export function databaseUnavailable(path: string): UserFacingError {
  return databaseError(
    'database_unavailable',
    'The database file could not be opened. Check that it exists and that you may read and write its folder.',
    path
  )
}

export function databaseBusy(path: string): UserFacingError {
  return databaseError(
    'database_busy',
    'Another Merchant Desk window or command is updating the data. Try again when it has finished.',
    path
  )
}

export function databaseBackupFailed(path: string, backup: string, cause: unknown): UserFacingError {
  return new UserFacingError(
    'database_backup_failed',
    'Merchant Desk could not save a copy of your data before upgrading it, so it did not upgrade it and nothing was changed. Free some disk space beside the data file and open it again.',
    { path, backup, cause: describe(cause) }
  )
}

/** The sentence names the copy by file name: it sits beside the data file, whose path is in `details`. */
export function databaseUpgradeFailed(path: string, backup: string, cause: unknown): UserFacingError {
  return new UserFacingError(
    'database_upgrade_failed',
    `Merchant Desk could not upgrade your data to this version, and nothing was changed. To go back, reinstall the previous version of Merchant Desk; a copy of the data from before this attempt is beside it as ${basename(backup)}.`,
    { path, backup, cause: describe(cause) }
  )
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Turns SQLite's codes into sentences; anything else (a bug, a failed migration) passes through. */
export function explainOpenError(error: unknown, path: string): unknown {
  if (!(error instanceof SqliteDatabase.SqliteError)) return error
  if (error.code === 'SQLITE_NOTADB' || error.code.startsWith('SQLITE_CORRUPT')) return notAMerchantDeskDatabase(path)
  if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) return databaseBusy(path)
  if (error.code.startsWith('SQLITE_CANTOPEN') || error.code.startsWith('SQLITE_PERM')) return databaseUnavailable(path)
  if (error.code.startsWith('SQLITE_READONLY')) return databaseUnavailable(path)
  return error
}

/**
 * Turns what PostgreSQL or the network says into sentences (a team database is another computer,
 * so "cannot reach it" and "refused the login" are everyday answers, not bugs); anything else
 * passes through. `display` is the address without its password.
 */
export function explainPostgresError(error: unknown, display: string): unknown {
  if (error instanceof UserFacingError || !(error instanceof Error)) return error
  const code = (error as { code?: unknown }).code
  const host = hostOf(display)
  if (typeof code !== 'string') {
    if (/Connection terminated|timeout expired/i.test(error.message)) return teamDatabaseUnreachable(display, host, error)
    return error
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'ENETUNREACH', '57P01', '57P03'].includes(code)) {
    return teamDatabaseUnreachable(display, host, error)
  }
  if (code === '28P01' || code === '28000') {
    return new UserFacingError(
      'database_unavailable',
      `The team database at ${host} refused this login. Check the user name and password in Settings > Team database (or PGPASSWORD for the command line); nothing was changed.`,
      { path: display, cause: error.message }
    )
  }
  if (code === '3D000') {
    return new UserFacingError(
      'database_unavailable',
      `The team database named in ${display} does not exist on ${host}. Create it first (the README shows how), then connect again.`,
      { path: display, cause: error.message }
    )
  }
  if (code === '42501') return notGranted(error, display)
  if (code === '55P03' || code === '40P01' || code === '40001') return databaseBusy(display)
  if (code === '25006') {
    return new UserFacingError('database_unavailable', 'This team database is open read-only here, so nothing can be changed.', {
      path: display,
      cause: error.message
    })
  }
  return error
}

/**
 * The team database refused what this desk's login tried: four eyes in the database (its trigger
 * says why in a sentence), or a person's own login without the grant for it (people grant-login).
 */
function notGranted(error: Error, display: string): UserFacingError {
  if ((error as { constraint?: unknown }).constraint === 'four_eyes') {
    return new UserFacingError('not_allowed', error.message, { path: display, cause: error.message })
  }
  const login = loginOf(display)
  return new UserFacingError(
    'not_allowed',
    `The team database does not let ${login === null ? 'this login' : `the login ${login}`} do this. If it is a person's own login, their role does not allow it, or the owner must grant it again (merchant-desk people grant-login). Nothing was changed.`,
    { path: display, cause: error.message }
  )
}

function loginOf(display: string): string | null {
  try {
    const user = decodeURIComponent(new URL(display).username)
    return user === '' ? null : user
  } catch {
    return null
  }
}

function teamDatabaseUnreachable(display: string, host: string, error: Error): UserFacingError {
  return new UserFacingError(
    'database_unavailable',
    `The team database at ${host} did not answer. Check that it is running and that this computer may reach it; nothing was changed.`,
    { path: display, cause: error.message }
  )
}

function hostOf(display: string): string {
  try {
    const url = new URL(display)
    return url.port === '' ? url.hostname : `${url.hostname}:${url.port}`
  } catch {
    return display
  }
}
