// Looks at a database file's 100-byte header before SQLite opens it, so a file that is not
// SQLite, belongs to another program, or was written by a newer Merchant Desk is refused
// without SQLite ever touching it (opening in WAL mode would rewrite the header).
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs'
import { databaseTooNew, databaseUnavailable, notAMerchantDeskDatabase } from './database-errors'

const HEADER_BYTES = 100
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const USER_VERSION_OFFSET = 60
const APPLICATION_ID_OFFSET = 68

export type DatabaseFileState = 'missing' | 'empty' | 'database'

/**
 * The header can lag behind a write still in the WAL; the schema check after opening catches
 * that case. This one exists to refuse obvious cases without opening anything.
 */
export function checkDatabaseFile(
  path: string,
  expected: { readonly applicationId: number; readonly schemaVersion: number }
): DatabaseFileState {
  let stat: Stats
  try {
    stat = statSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw databaseUnavailable(path)
  }
  if (!stat.isFile()) throw notAMerchantDeskDatabase(path)
  // SQLite treats a zero-length file as a new, empty database.
  if (stat.size === 0) return 'empty'

  const header = readHeader(path)
  if (header.length < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw notAMerchantDeskDatabase(path)
  }
  const applicationId = header.readInt32BE(APPLICATION_ID_OFFSET)
  if (applicationId !== 0 && applicationId !== expected.applicationId) throw notAMerchantDeskDatabase(path)
  if (applicationId === expected.applicationId && header.readInt32BE(USER_VERSION_OFFSET) > expected.schemaVersion) {
    throw databaseTooNew(path)
  }
  return 'database'
}

function readHeader(path: string): Buffer {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    throw databaseUnavailable(path)
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES)
    const read = readSync(fd, header, 0, HEADER_BYTES, 0)
    return header.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}
