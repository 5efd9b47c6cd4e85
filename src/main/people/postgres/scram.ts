// A login's password as PostgreSQL stores it (a SCRAM-SHA-256 verifier), made here rather than by
// the server, as psql's \password does: the password itself then never travels in a statement
// the server might log (log_statement = ddl) or show in pg_stat_activity.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'

/** PostgreSQL's own default (scram_iterations). */
const ITERATIONS = 4096

/**
 * RFC 5802/7677: StoredKey = H(HMAC(SaltedPassword, "Client Key")), ServerKey = HMAC(SaltedPassword,
 * "Server Key"). The password is used as typed (no SASLprep), as the pg client uses it to log in.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}
