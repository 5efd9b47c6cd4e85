// Invariant: a secret sealed here can be opened only with the same key AND in the same slot.
// AES-256-GCM, a fresh random 12-byte IV per seal, and the slot's name (network + secret name) as
// additional authenticated data: copying a ciphertext into another row of the `secrets` table
// (the testnet seed into mainnet, the key into the seed's row) fails authentication instead of
// handing the wrong secret to the wrong place.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16
export const KEY_BYTES = 32

/** Stored layout: iv | tag | ciphertext. */
export function seal(key: Buffer, plaintext: string, slot: string): Buffer {
  checkKey(key)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(slot, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

/** The plaintext, or null when the key, the slot or the bytes are not the ones it was sealed with. */
export function open(key: Buffer, sealed: Buffer, slot: string): string | null {
  checkKey(key)
  if (sealed.length < IV_BYTES + TAG_BYTES) return null
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES))
  decipher.setAAD(Buffer.from(slot, 'utf8'))
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError('An AES-256-GCM key is 32 bytes.')
}
