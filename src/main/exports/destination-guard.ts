// Invariant: an export never replaces the books. Before a single byte is written, both names an
// export will take (the CSV and its manifest) are checked: never the database, its -wal, -shm or
// -journal file, another SQLite database, the app's logs, or a name ending in `.manifest.json`
// (another export's manifest), whatever the person says; an existing plain file only when the
// person said so (`--force` on the command line, the save dialog's own overwrite question in the
// app). Every front door (CLI, app, preview) goes through runExport, hence through here.
import { open, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import type { Stats } from 'node:fs'
import { UserFacingError } from '../../shared/errors'
import { MANIFEST_SUFFIX } from './manifest'

/** SQLite's 16-byte file header: any ledger, ours or another desk's, is never export material. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
const DATABASE_COMPANIONS = ['-wal', '-shm', '-journal'] as const
/** Folders next to the database that hold the app's own files. */
const APP_FOLDERS = ['logs'] as const

export interface DestinationCheck {
  /** The live database's path (MerchantDb.path). */
  readonly databasePath: string
  readonly csvPath: string
  readonly manifestPath: string
  /** The person agreed to replace an existing plain file. */
  readonly replaceExisting: boolean
}

export async function checkExportDestination(check: DestinationCheck): Promise<void> {
  const csvPath = resolve(check.csvPath)
  const folder = await stat(dirname(csvPath)).catch(() => null)
  if (folder === null || !folder.isDirectory()) {
    throw new UserFacingError('export_destination_missing', `The folder ${dirname(csvPath)} does not exist. Choose another place to save.`)
  }
  if (csvPath.endsWith(MANIFEST_SUFFIX)) {
    throw refused(csvPath, `is the name of an export's manifest`)
  }
  const kept = await keptFiles(check.databasePath)
  for (const path of [csvPath, resolve(check.manifestPath)]) await checkOne(path, kept, check.replaceExisting)
}

interface KeptFiles {
  /** The database and its companion files, by their real path, lower-cased. */
  readonly files: ReadonlySet<string>
  /** Folders whose content is the app's, lower-cased. */
  readonly folders: readonly string[]
  /** The database, then its -wal, -shm and -journal (null where absent), to catch a hard link to any of them. */
  readonly identities: readonly (Stats | null)[]
}

/**
 * Names are compared without regard to case on every platform: on a case-insensitive file system
 * (macOS, Windows) `shop.sqlite-WAL` IS the live WAL, and refusing it on Linux costs nothing.
 */
const sameName = (path: string) => path.toLowerCase()

async function keptFiles(databasePath: string): Promise<KeptFiles> {
  const database = resolve(databasePath)
  const real = await realpath(database).catch(() => database)
  const files = new Set<string>()
  for (const base of new Set([database, real])) {
    files.add(sameName(base))
    for (const suffix of DATABASE_COMPANIONS) files.add(sameName(`${base}${suffix}`))
  }
  const identities = await Promise.all([real, ...DATABASE_COMPANIONS.map((suffix) => `${real}${suffix}`)].map((file) => stat(file).catch(() => null)))
  return {
    files,
    folders: [...new Set([dirname(database), dirname(real)])].flatMap((dir) => APP_FOLDERS.map((name) => sameName(join(dir, name)))),
    identities
  }
}

async function checkOne(path: string, kept: KeptFiles, replaceExisting: boolean): Promise<void> {
  // The name as the file system resolves it: a symbolic link to the database is the database.
  const real = await realpath(path).catch(async () => join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path)))
  for (const candidate of new Set([path, real].map(sameName))) {
    if (kept.files.has(candidate)) {
      throw refused(path, isCompanionName(candidate) ? "is one of the database's own files" : 'is the database')
    }
    if (kept.folders.some((folder) => candidate === folder || candidate.startsWith(`${folder}${sep}`))) throw refused(path, "is in the app's own logs folder")
  }
  const existing = await stat(path).catch(() => null)
  if (existing === null) return
  if (!existing.isFile()) {
    throw new UserFacingError('export_destination_invalid', `${path} is a folder, not a file name. Choose a file name to save to.`)
  }
  const same = kept.identities.findIndex((identity) => identity !== null && existing.ino === identity.ino && existing.dev === identity.dev)
  if (same === 0) throw refused(path, 'is the database (another name for the same file)')
  if (same > 0) throw refused(path, "is one of the database's own files (another name for the same file)")
  if (await isSqliteDatabase(path)) throw refused(path, 'is a database (SQLite)')
  // Another database's companion: a WAL does not start with the SQLite header, its database does.
  if (isCompanionName(path) && (await isSqliteDatabase(path.replace(/-(wal|shm|journal)$/i, '')))) {
    throw refused(path, "is one of a database's own files")
  }
  if (!replaceExisting) {
    throw new UserFacingError(
      'export_destination_exists',
      `${path} already exists. Nothing was written: choose another name, or say to replace it (--force on the command line).`
    )
  }
}

function isCompanionName(path: string): boolean {
  return DATABASE_COMPANIONS.some((suffix) => sameName(path).endsWith(suffix))
}

async function isSqliteDatabase(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => null)
  if (handle === null) return false
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length)
    const { bytesRead } = await handle.read(header, 0, header.length, 0)
    return bytesRead === header.length && header.equals(SQLITE_HEADER)
  } finally {
    await handle.close()
  }
}

function refused(path: string, what: string): UserFacingError {
  return new UserFacingError(
    'export_destination_protected',
    `${path} ${what}; an export never replaces it, even when told to. Nothing was written: choose another file name.`
  )
}
