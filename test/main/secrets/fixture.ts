// A scratch merchant database and a SecretStore over it, plus an OS keychain stand-in that really
// encrypts (AES-256-GCM under its own key, Chromium-style "v10" prefix), so a test can tell
// "the keychain's ciphertext" from "plaintext that merely went through a function".
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { SecretStore, type OsEncryption } from '../../../src/main/secrets'
import { openTempLedger, type TempLedger } from '../../support'

/** Cheap enough for tests; the app uses DEFAULT_SCRYPT_COST. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const
export const PASSPHRASE = 'correct horse battery staple'

export interface SecretsWorld extends TempLedger {
  /** The ledger file (databasePath), by the name the secrets tests use. */
  readonly dbPath: string
  readonly secrets: SecretStore
}

/** A SecretStore over a throwaway ledger; with `dir`, over the ledger in that folder (kept on close). */
export function openSecretsWorld(options: { readonly os?: OsEncryption | null; readonly dir?: string } = {}): SecretsWorld {
  const ledger = openTempLedger(options.dir === undefined ? {} : { dir: options.dir })
  const secrets = new SecretStore({ store: ledger.store, os: options.os ?? null, scryptCost: TEST_SCRYPT, actor: 'maria' })
  return { ...ledger, dbPath: ledger.databasePath, secrets }
}

export interface FakeKeychain extends OsEncryption {
  encrypted: number
  decrypted: number
  backend: string
  available: boolean
}

export function fakeKeychain(backend = 'gnome_libsecret'): FakeKeychain {
  const key = randomBytes(32)
  const keychain: FakeKeychain = {
    encrypted: 0,
    decrypted: 0,
    backend,
    available: true,
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString(plain) {
      keychain.encrypted += 1
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body])
    },
    decryptString(sealed) {
      keychain.decrypted += 1
      if (sealed.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15))
      decipher.setAuthTag(sealed.subarray(15, 31))
      return Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8')
    }
  }
  return keychain
}
