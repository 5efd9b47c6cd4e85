// Invariant 2 at rest: what the database holds is ciphertext only, bound to its slot, opened only
// with the passphrase's key (or by the OS keychain), and the seed is decrypted only to sign.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { inspect } from 'node:util'
import { Account, Asset, Keypair, Networks, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db'
import { SecretStore, signerFromSeed } from '../../../src/main/secrets'
import { MIN_PASSPHRASE_LENGTH } from '../../../src/shared/contract'
import { fakeKeychain, openSecretsWorld, PASSPHRASE, TEST_SCRYPT, type SecretsWorld } from './fixture'

const API_KEY = randomBytes(32).toString('base64url')
const wallet = Keypair.random()
const SEED = wallet.secret()

let world: SecretsWorld
afterEach(() => world?.close())

function fileBytes(path: string): Buffer {
  const parts = [path, `${path}-wal`, `${path}-journal`].filter((file) => existsSync(file)).map((file) => readFileSync(file))
  return Buffer.concat(parts)
}

function rowsOf(world: SecretsWorld): { network_id: string; name: string; cipher: string; ciphertext: Buffer; public_hint: string | null }[] {
  return world.store.sqlite.prepare('SELECT network_id, name, cipher, ciphertext, public_hint FROM secrets ORDER BY network_id, name').all() as never
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected a refusal')
}

function thrown(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected a refusal')
}

describe('the passphrase vault', () => {
  it('leaves neither the API key nor the seed in the database files, and opens them again after a restart', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { apiKey: API_KEY, walletSeed: SEED })

    const rows = rowsOf(world)
    expect(rows.map((row) => [row.network_id, row.name, row.cipher, row.public_hint])).toEqual([
      ['testnet', 'api_key', 'passphrase', null],
      ['testnet', 'wallet_seed', 'passphrase', wallet.publicKey()]
    ])
    // iv (12) + tag (16) + as many bytes as the secret.
    expect(rows[0]!.ciphertext.length).toBe(28 + Buffer.byteLength(API_KEY))
    const whileOpen = fileBytes(world.dbPath)
    world.store.close()
    const afterCheckpoint = fileBytes(world.dbPath)
    for (const bytes of [whileOpen, afterCheckpoint]) {
      expect(bytes.includes(Buffer.from(API_KEY))).toBe(false)
      expect(bytes.includes(Buffer.from(SEED))).toBe(false)
      expect(bytes.includes(Buffer.from(PASSPHRASE))).toBe(false)
    }
    expect(afterCheckpoint.includes(Buffer.from(wallet.publicKey()))).toBe(true)

    const reopened = openDatabase(world.dbPath)
    try {
      const restarted = new SecretStore({ store: reopened, scryptCost: TEST_SCRYPT })
      expect(await restarted.status()).toMatchObject({ storage: 'passphrase', passphraseSet: true, locked: true })
      await restarted.unlock(PASSPHRASE)
      expect(await restarted.apiKey('testnet')).toBe(API_KEY)
      expect(await restarted.apiKey('mainnet')).toBeNull()
    } finally {
      reopened.close()
    }
  })

  it('stores scrypt with its parameters and a 16-byte salt, and a verifier instead of the passphrase', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    const vault = world.store.sqlite.prepare('SELECT kdf_json, salt, verifier FROM secret_vault').get() as {
      kdf_json: string
      salt: Buffer
      verifier: Buffer
    }
    expect(JSON.parse(vault.kdf_json)).toEqual({ algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 })
    expect(vault.salt.length).toBe(16)
    expect(vault.verifier.length).toBeGreaterThan(28)
    expect(vault.verifier.includes(Buffer.from(PASSPHRASE))).toBe(false)
  })

  it('refuses a wrong passphrase with a sentence and stays locked', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('mainnet', { apiKey: API_KEY })
    world.secrets.lock()

    const error = await rejection(world.secrets.unlock('correct horse battery stapler'))
    expect(error.code).toBe('wrong_passphrase')
    expect(error.message).toMatch(/not the passphrase/)
    expect((await world.secrets.status()).locked).toBe(true)
    expect((await rejection(world.secrets.apiKey('mainnet'))).code).toBe('secrets_locked')

    await world.secrets.unlock(PASSPHRASE)
    expect(await world.secrets.apiKey('mainnet')).toBe(API_KEY)
  })

  it(`refuses to choose a passphrase shorter than ${MIN_PASSPHRASE_LENGTH} characters, or a second one`, async () => {
    world = openSecretsWorld()
    const short = await rejection(world.secrets.unlock('x'.repeat(MIN_PASSPHRASE_LENGTH - 1), { create: true }))
    expect(short.code).toBe('passphrase_too_short')
    expect(short.message).toContain(`at least ${MIN_PASSPHRASE_LENGTH} characters`)
    expect((await world.secrets.status()).passphraseSet).toBe(false)

    await world.secrets.unlock(PASSPHRASE, { create: true })
    const again = await rejection(world.secrets.unlock('another long passphrase', { create: true }))
    expect(again.code).toBe('passphrase_already_set')
    const fresh = openSecretsWorld()
    try {
      expect((await rejection(fresh.secrets.unlock(PASSPHRASE))).code).toBe('passphrase_not_set')
    } finally {
      fresh.close()
    }
  })

  it('while locked: the API key is refused with "unlock in Settings", the public key still shows, lock() forgets the key', async () => {
    world = openSecretsWorld()
    expect((await rejection(world.secrets.save('testnet', { apiKey: API_KEY }))).code).toBe('passphrase_not_set')
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { apiKey: API_KEY, walletSeed: SEED })
    world.secrets.lock()

    const locked = await rejection(world.secrets.apiKey('testnet'))
    expect(locked.code).toBe('secrets_locked')
    expect(locked.message).toContain('Settings')
    expect(locked.message).toMatch(/unlock/)
    expect((await rejection(world.secrets.save('testnet', { apiKey: 'other-key' }))).code).toBe('secrets_locked')
    expect(await world.secrets.walletPublicKey('testnet')).toBe(wallet.publicKey())
    expect(await world.secrets.status()).toMatchObject({ storage: 'passphrase', passphraseSet: true, locked: true })
    expect((await world.secrets.status()).networks.find((view) => view.network === 'testnet')).toMatchObject({
      apiKeyConfigured: true,
      walletConfigured: true,
      walletPublicKey: wallet.publicKey(),
      managedBySandbox: false
    })
  })

  it('a ciphertext copied into another slot does not open there', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { apiKey: API_KEY, walletSeed: SEED })
    await world.secrets.save('mainnet', { apiKey: 'mainnet-key-of-the-app' })
    const { sqlite } = world.store
    // The testnet key's bytes into mainnet's key slot, then the seed's bytes into testnet's key slot.
    sqlite.exec(`UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE network_id = 'testnet' AND name = 'api_key')
                 WHERE network_id = 'mainnet' AND name = 'api_key'`)
    const moved = await rejection(world.secrets.apiKey('mainnet'))
    expect(moved.code).toBe('secret_unreadable')
    expect(moved.message).toContain('Mainnet')
    sqlite.exec(`UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE network_id = 'testnet' AND name = 'wallet_seed')
                 WHERE network_id = 'testnet' AND name = 'api_key'`)
    expect((await rejection(world.secrets.apiKey('testnet'))).code).toBe('secret_unreadable')
  })

  it('a damaged vault (an absurd scrypt cost) is refused with a sentence instead of hanging', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    world.secrets.lock()
    world.store.sqlite.exec(`UPDATE secret_vault SET kdf_json = '{"algorithm":"scrypt","N":1073741824,"r":8,"p":1,"keyLength":32}'`)
    const error = await rejection(world.secrets.unlock(PASSPHRASE))
    expect(error.code).toBe('vault_unreadable')
  })

  it('removing every key while locked forgets the passphrase, so a new one can be chosen', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { apiKey: API_KEY })
    await world.secrets.save('mainnet', { apiKey: API_KEY })
    world.secrets.lock()
    await world.secrets.clear('testnet')
    expect((await world.secrets.status()).passphraseSet).toBe(true)
    await world.secrets.clear('mainnet')
    expect(await world.secrets.status()).toMatchObject({ passphraseSet: false, locked: false })
    await world.secrets.unlock('a brand new passphrase', { create: true })
    await world.secrets.save('testnet', { apiKey: 'new-key' })
    expect(await world.secrets.apiKey('testnet')).toBe('new-key')
  })
})

describe('the OS keychain', () => {
  it('encrypts through the keychain when its backend is secure, and the database holds only its ciphertext', async () => {
    const keychain = fakeKeychain('gnome_libsecret')
    world = openSecretsWorld({ os: keychain })
    expect(world.secrets.storage()).toBe('os_keychain')
    expect(await world.secrets.status()).toMatchObject({ storage: 'os_keychain', passphraseSet: false, locked: false })
    await world.secrets.save('mainnet', { apiKey: API_KEY, walletSeed: SEED })

    expect(keychain.encrypted).toBe(2)
    const rows = rowsOf(world)
    expect(rows.map((row) => [row.cipher, row.ciphertext.subarray(0, 3).toString()])).toEqual([
      ['os_keychain', 'v10'],
      ['os_keychain', 'v10']
    ])
    expect(await world.secrets.apiKey('mainnet')).toBe(API_KEY)
    expect(keychain.decrypted).toBe(1)
    world.store.close()
    const bytes = fileBytes(world.dbPath)
    expect(bytes.includes(Buffer.from(API_KEY))).toBe(false)
    expect(bytes.includes(Buffer.from(SEED))).toBe(false)
  })

  it('a keychain ciphertext copied into another slot does not open there', async () => {
    world = openSecretsWorld({ os: fakeKeychain('kwallet5') })
    await world.secrets.save('testnet', { apiKey: API_KEY, walletSeed: SEED })
    world.store.sqlite.exec(`UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE name = 'wallet_seed')
                             WHERE name = 'api_key'`)
    expect((await rejection(world.secrets.apiKey('testnet'))).code).toBe('secret_unreadable')
  })

  it("treats Linux's basic_text backend as no secure storage: the passphrase vault is used", async () => {
    const keychain = fakeKeychain('basic_text')
    world = openSecretsWorld({ os: keychain })
    expect(world.secrets.storage()).toBe('passphrase')
    expect((await rejection(world.secrets.save('testnet', { apiKey: API_KEY }))).code).toBe('passphrase_not_set')
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { apiKey: API_KEY })
    expect(rowsOf(world).map((row) => row.cipher)).toEqual(['passphrase'])
    expect(keychain.encrypted).toBe(0)
  })

  it('falls back to the passphrase vault when the keychain is unavailable, and says so when keychain secrets cannot be read', async () => {
    const keychain = fakeKeychain()
    world = openSecretsWorld({ os: keychain })
    await world.secrets.save('testnet', { apiKey: API_KEY })
    keychain.available = false
    expect(world.secrets.storage()).toBe('passphrase')
    const error = await rejection(world.secrets.apiKey('testnet'))
    expect(error.code).toBe('keychain_unavailable')
    expect(error.message).toContain("keychain")
  })
})

describe('signing with the saved seed', () => {
  function paymentTransaction(source: string) {
    return new TransactionBuilder(new Account(source, '41'), { fee: '100000', networkPassphrase: Networks.TESTNET })
      .addOperation(Operation.payment({ destination: Keypair.random().publicKey(), asset: Asset.native(), amount: '1.5000000' }))
      .setTimeout(180)
      .build()
  }

  it('signs a transaction the wallet key verifies, and neither the signer nor the store shows the seed', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { apiKey: API_KEY, walletSeed: SEED })
    const signer = (await world.secrets.signer('testnet'))!
    expect(signer.publicKey).toBe(wallet.publicKey())
    expect(await world.secrets.signer('mainnet')).toBeNull()

    const transaction = paymentTransaction(signer.publicKey)
    await signer.sign(transaction)
    expect(transaction.signatures).toHaveLength(1)
    expect(Keypair.fromPublicKey(wallet.publicKey()).verify(transaction.hash(), transaction.signatures[0]!.signature())).toBe(true)

    for (const shown of [
      JSON.stringify(signer),
      inspect(signer, { showHidden: true, depth: 8 }),
      JSON.stringify(world.secrets),
      inspect(world.secrets, { showHidden: true, depth: 8 })
    ]) {
      expect(shown).not.toContain(SEED)
      expect(shown).not.toContain(API_KEY)
    }
    expect(JSON.stringify(signer)).toBe(JSON.stringify({ publicKey: wallet.publicKey() }))
  })

  it('decrypts at each signature: a locked vault or a removed seed stops the signature', async () => {
    world = openSecretsWorld()
    await world.secrets.unlock(PASSPHRASE, { create: true })
    await world.secrets.save('testnet', { walletSeed: SEED })
    const signer = (await world.secrets.signer('testnet'))!
    world.secrets.lock()
    const transaction = paymentTransaction(signer.publicKey)
    expect((await rejection(signer.sign(transaction))).code).toBe('secrets_locked')
    expect(transaction.signatures).toHaveLength(0)
    await world.secrets.unlock(PASSPHRASE)
    await world.secrets.clear('testnet')
    expect((await rejection(signer.sign(transaction))).code).toBe('wallet_seed_missing')
  })

  it('refuses a malformed seed with a sentence that says what a seed looks like', () => {
    // The last character carries checksum bits: any other one breaks it (the same one would not).
    const mistyped = `${SEED.slice(0, -1)}${SEED.endsWith('A') ? 'B' : 'A'}`
    for (const bad of ['', 'SABC', wallet.publicKey(), mistyped, ` ${SEED}`]) {
      const error = thrown(() => signerFromSeed(bad))
      expect(error.code).toBe('invalid_seed')
      expect(error.message).toContain('starts with S and has 56 characters')
    }
    expect(signerFromSeed(SEED).publicKey).toBe(wallet.publicKey())
  })
})
