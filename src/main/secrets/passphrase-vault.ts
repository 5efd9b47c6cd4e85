// Invariant: the passphrase is never stored, and the key derived from it lives only in this
// object's memory (a private field: no JSON, no inspect), only while unlocked. The database holds
// the scrypt parameters, the salt and a verifier (a constant sealed with the key), which tell a
// wrong passphrase from the right one and nothing more.
import { randomBytes, scrypt } from 'node:crypto'
import type { MerchantDb } from '../db'
import { MIN_PASSPHRASE_LENGTH } from '../../shared/contract/secrets'
import { UserFacingError } from '../../shared/errors'
import { KEY_BYTES, open, seal } from './sealed-box'

/** scrypt's work factors. Lower them only in tests: they are what makes guessing slow. */
export interface ScryptCost {
  readonly N: number
  readonly r: number
  readonly p: number
}

/** OWASP's recommendation for scrypt: about 0.7 s and 128 MiB per try on a laptop. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }

interface KdfParams extends ScryptCost {
  readonly algorithm: 'scrypt'
  readonly keyLength: typeof KEY_BYTES
}

const SALT_BYTES = 16
const VERIFIER_TEXT = 'merchant-desk passphrase verifier'
const VERIFIER_SLOT = 'merchant-desk/vault/v1/verifier'

/** The vault's table, or the transaction a caller reads or writes it in. */
type VaultDb = Pick<MerchantDb, 'db'>

export class PassphraseVault {
  #key: Buffer | null = null
  readonly #store: VaultDb
  readonly #cost: ScryptCost
  readonly #now: () => Date

  constructor(store: VaultDb, options: { readonly cost?: ScryptCost; readonly now: () => Date }) {
    this.#store = store
    this.#cost = checkCost(options.cost ?? DEFAULT_SCRYPT_COST)
    this.#now = options.now
  }

  /** A passphrase has been chosen on this database. Inside a transaction, pass its handle. */
  async isSet(store: VaultDb = this.#store): Promise<boolean> {
    return (await this.#row(store)) !== undefined
  }

  isUnlocked(): boolean {
    return this.#key !== null
  }

  /** Derives the key and keeps it until lock(); `create` chooses the passphrase the first time. */
  async unlock(passphrase: string, options: { readonly create?: boolean } = {}): Promise<void> {
    const text = passphrase.normalize('NFC')
    if (options.create) return this.#create(text)
    const row = await this.#row(this.#store)
    if (row === undefined) throw passphraseNotSet()
    const params = readParams(row.kdf_json)
    // Someone who can write the database must not lower the cost of guessing (and of every
    // secret sealed after this unlock): below what this app writes, the vault is refused.
    if (params.N < this.#cost.N || params.r < this.#cost.r || params.p < this.#cost.p) throw vaultCostTooLow()
    const key = await derive(text, row.salt, params)
    if (open(key, row.verifier, VERIFIER_SLOT) !== VERIFIER_TEXT) {
      key.fill(0)
      throw new UserFacingError(
        'wrong_passphrase',
        'That is not the passphrase of the keys saved on this computer. Check it (capital letters count) and try again.'
      )
    }
    this.#replaceKey(key)
  }

  lock(): void {
    this.#replaceKey(null)
  }

  /** The key, for sealing and opening; refuses while locked. Inside a transaction, pass its handle. */
  async key(store: VaultDb = this.#store): Promise<Buffer> {
    if (this.#key !== null) return this.#key
    throw (await this.isSet(store)) ? secretsLocked() : passphraseNotSet()
  }

  /** Forgets the passphrase entirely (no secret uses it any more): the next save chooses a new one. */
  async remove(store: VaultDb = this.#store): Promise<void> {
    await store.db.deleteFrom('secret_vault').where('id', '=', 1).execute()
    this.lock()
  }

  async #create(passphrase: string): Promise<void> {
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
      throw new UserFacingError(
        'passphrase_too_short',
        `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.`
      )
    }
    if (await this.isSet()) throw passphraseAlreadySet()
    const params: KdfParams = { algorithm: 'scrypt', ...this.#cost, keyLength: KEY_BYTES }
    const salt = randomBytes(SALT_BYTES)
    const key = await derive(passphrase, salt, params)
    const verifier = seal(key, VERIFIER_TEXT, VERIFIER_SLOT)
    const created = await this.#store.db
      .insertInto('secret_vault')
      .values({ id: 1, kdf_json: JSON.stringify(params), salt, verifier, created_at: this.#now().getTime() })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst()
    // Another window chose one while this key was being derived: theirs stands.
    if (created.numInsertedOrUpdatedRows === 0n) {
      key.fill(0)
      throw passphraseAlreadySet()
    }
    this.#replaceKey(key)
  }

  #row(store: VaultDb): Promise<{ readonly kdf_json: string; readonly salt: Buffer; readonly verifier: Buffer } | undefined> {
    return store.db.selectFrom('secret_vault').select(['kdf_json', 'salt', 'verifier']).where('id', '=', 1).executeTakeFirst()
  }

  #replaceKey(key: Buffer | null): void {
    // Best effort: the old key's bytes are overwritten rather than left for the garbage collector.
    if (this.#key !== null && this.#key !== key) this.#key.fill(0)
    this.#key = key
  }
}

export function secretsLocked(): UserFacingError {
  return new UserFacingError(
    'secrets_locked',
    'Your Pi app keys are locked. Enter your passphrase in Settings (Pi app keys) to unlock them, then try again.'
  )
}

function vaultCostTooLow(): UserFacingError {
  return new UserFacingError(
    'vault_cost_too_low',
    "The passphrase settings saved in this database are weaker than Merchant Desk writes (someone or something changed them), so the keys are not unlocked with them. Remove the keys of both networks in Settings and enter them again; check who can write this file."
  )
}

function passphraseNotSet(): UserFacingError {
  return new UserFacingError(
    'passphrase_not_set',
    'No passphrase has been chosen yet. Choose one in Settings (Pi app keys); it protects the keys you save on this computer.'
  )
}

function passphraseAlreadySet(): UserFacingError {
  return new UserFacingError(
    'passphrase_already_set',
    'A passphrase is already set on this computer. Enter it to unlock your keys.'
  )
}

function derive(passphrase: string, salt: Buffer, params: ScryptCost & { readonly keyLength: number }): Promise<Buffer> {
  // 128 * N * r bytes of memory; the default limit (32 MiB) is below the recommended cost.
  const maxmem = 128 * params.N * params.r * 2
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, params.keyLength, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key)
    )
  })
}

function checkCost(cost: ScryptCost): ScryptCost {
  const powerOfTwo = Number.isInteger(cost.N) && cost.N >= 2 && (cost.N & (cost.N - 1)) === 0
  if (!powerOfTwo || cost.N > 2 ** 20 || !inRange(cost.r, 1, 32) || !inRange(cost.p, 1, 16)) {
    throw new RangeError('scrypt cost: N a power of two up to 2^20, r in 1..32, p in 1..16')
  }
  return cost
}

/** The stored parameters, bounded so a damaged or hostile file cannot make unlocking hang. */
function readParams(json: string): KdfParams {
  const vaultUnreadable = new UserFacingError(
    'vault_unreadable',
    "The passphrase settings of the saved keys are damaged, so they cannot be unlocked. Remove the keys of both networks in Settings and enter them again."
  )
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw vaultUnreadable
  }
  if (typeof value !== 'object' || value === null) throw vaultUnreadable
  const params = value as Partial<Record<keyof KdfParams, unknown>>
  if (params.algorithm !== 'scrypt' || params.keyLength !== KEY_BYTES) throw vaultUnreadable
  const { N, r, p } = params
  if (typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') throw vaultUnreadable
  try {
    return { algorithm: 'scrypt', keyLength: KEY_BYTES, ...checkCost({ N, r, p }) }
  } catch {
    throw vaultUnreadable
  }
}

function inRange(value: number, low: number, high: number): boolean {
  return Number.isInteger(value) && value >= low && value <= high
}
