// A person's passphrase or PIN, kept only as a scrypt hash with its own salt and cost: what was
// typed is never stored, and checking a guess costs the guesser as much as it costs us.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { UserFacingError } from '../../shared/errors'

export interface PersonSecretCost {
  readonly N: number
  readonly r: number
  readonly p: number
}

/** About 0.1 s and 32 MiB per check on a laptop: unlocking the desk many times a day stays quick. */
export const DEFAULT_PERSON_SECRET_COST: PersonSecretCost = { N: 2 ** 15, r: 8, p: 1 }

const HASH_BYTES = 32
const SALT_BYTES = 16
/** A PIN of four digits is the least; a passphrase may be long. */
export const MIN_SECRET_LENGTH = 4
export const MAX_SECRET_LENGTH = 1024

const storedSchema = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/)
})

export function checkNewSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new UserFacingError('secret_too_short', `A person's secret needs at least ${MIN_SECRET_LENGTH} characters (a PIN of 4 digits or a passphrase). Nothing was saved.`)
  }
  if (secret.length > MAX_SECRET_LENGTH) {
    throw new UserFacingError('secret_too_long', `A person's secret may be at most ${MAX_SECRET_LENGTH} characters. Nothing was saved.`)
  }
}

/** The stored form (JSON) of a new secret. */
export async function hashPersonSecret(secret: string, cost: PersonSecretCost = DEFAULT_PERSON_SECRET_COST): Promise<string> {
  checkNewSecret(secret)
  const salt = randomBytes(SALT_BYTES)
  const hash = await derive(secret, salt, cost)
  return JSON.stringify({ algorithm: 'scrypt', ...cost, salt: salt.toString('hex'), hash: hash.toString('hex') })
}

/** Whether `secret` is the one stored; a damaged record matches nothing. */
export async function personSecretMatches(secret: string, stored: string): Promise<boolean> {
  let record: z.infer<typeof storedSchema>
  try {
    record = storedSchema.parse(JSON.parse(stored))
  } catch {
    return false
  }
  if ((record.N & (record.N - 1)) !== 0 || secret.length > MAX_SECRET_LENGTH) return false
  const derived = await derive(secret, Buffer.from(record.salt, 'hex'), record)
  return timingSafeEqual(derived, Buffer.from(record.hash, 'hex'))
}

function derive(secret: string, salt: Buffer, cost: PersonSecretCost): Promise<Buffer> {
  const maxmem = 128 * cost.N * cost.r * 2
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, HASH_BYTES, { N: cost.N, r: cost.r, p: cost.p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}
