// A scratch merchant database and a SecretStore over it, plus an OS keychain stand-in that really
// encrypts (AES-256-GCM under its own key, Chromium-style "v10" prefix), so a test can tell
// "the keychain's ciphertext" from "plaintext that merely went through a function".
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { SecretStore, type OsEncryption } from '../../../src/main/secrets'

/** Cheap enough for tests; the app uses DEFAULT_SCRYPT_COST. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const
export const PASSPHRASE = 'correct horse battery staple'

export interface SecretsWorld {
  readonly dir: string
  readonly dbPath: string
  readonly store: MerchantDb
  readonly secrets: SecretStore
  close(): void
}

export function openSecretsWorld(options: { readonly os?: OsEncryption | null; readonly dir?: string } = {}): SecretsWorld {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'md-secrets-'))
  const dbPath = join(dir, 'merchant-desk.sqlite')
  const store = openDatabase(dbPath)
  const secrets = new SecretStore({ store, os: options.os ?? null, scryptCost: TEST_SCRYPT, actor: 'maria' })
  return {
    dir,
    dbPath,
    store,
    secrets,
    close() {
      store.close()
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true })
    }
  }
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
