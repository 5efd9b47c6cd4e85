// Invariant 2 at rest: the merchant's API keys and wallet seeds reach the database only as
// ciphertext (the OS keychain's, or AES-256-GCM under the passphrase's key), each bound to its slot.
// Nothing here returns a secret except apiKey() (to the Pi client that sends it) and the seed,
// which is decrypted inside a signer's sign() for that one signature. Every save and clear is
// audited in the same transaction, with "configured yes/no" and the public key, never a secret.
import { Keypair } from '@stellar/stellar-sdk'
import type { JsonValue } from '../../shared/contract/queue'
import {
  SECRET_NETWORKS,
  type NetworkSecretsView,
  type SecretNetwork,
  type SecretStorageKind,
  type SecretsStatusView
} from '../../shared/contract/secrets'
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import { NETWORKS } from '../../shared/network'
import { appendAudit, runAudited } from '../audit'
import type { MerchantDb } from '../db'
import { openWithOs, osKeychainUsable, sealWithOs, type OsEncryption } from './os-keychain'
import { PassphraseVault, type ScryptCost } from './passphrase-vault'
import { failedUnlocks, recordUnlockSuccess, releaseUnlockAttempt, reserveUnlockAttempt } from './unlock-throttle'
import { open, seal } from './sealed-box'
import {
  countRowsWithCipher,
  deleteNetworkRows,
  readNetworkRows,
  readSecretRow,
  writeSecretRow,
  type SecretRow
} from './secret-rows'
import { credentialSlot, SECRET_WORDS, slotOf, type SecretName } from './slots'
import { publicKeyOfSeed, signerOver, type WalletSigner } from './wallet-signer'

export interface SecretStoreOptions {
  readonly store: MerchantDb
  /** Electron's safeStorage in the app; null or absent elsewhere (CLI, preview): the passphrase vault. */
  readonly os?: OsEncryption | null
  /** Tests only: a cheaper scrypt for passphrases chosen through this store. */
  readonly scryptCost?: ScryptCost
  readonly now?: () => Date
  /** Who the audit log names when a call does not say ("desktop" in the app). */
  readonly actor?: string
}

/** What the merchant typed; either or both. */
export interface SecretsToSave {
  readonly apiKey?: string
  readonly walletSeed?: string
}

/** A desk credential that is not a Pi secret (a team database's password), sealed as the keys are. */
export interface SealedCredential {
  readonly cipher: SecretStorageKind
  readonly ciphertext: Buffer
}

export interface SecretWriteOptions {
  /** Who did it, for the audit log. */
  readonly actor?: string
}

export class SecretStore {
  readonly #store: MerchantDb
  readonly #os: OsEncryption | null
  readonly #vault: PassphraseVault
  readonly #now: () => Date
  readonly #actor: string
  /** The unlock under way: this process tries one passphrase at a time. */
  #unlocking: Promise<unknown> = Promise.resolve()

  constructor(options: SecretStoreOptions) {
    this.#store = options.store
    this.#os = options.os ?? null
    this.#now = options.now ?? options.store.now
    this.#actor = options.actor ?? 'desktop'
    this.#vault = new PassphraseVault(options.store, {
      now: this.#now,
      ...(options.scryptCost ? { cost: options.scryptCost } : {})
    })
  }

  /** Where new secrets are encrypted. */
  storage(): SecretStorageKind {
    return osKeychainUsable(this.#os) ? 'os_keychain' : 'passphrase'
  }

  async status(): Promise<SecretsStatusView> {
    const passphraseSet = await this.#vault.isSet()
    const networks: NetworkSecretsView[] = [SANDBOX_VIEW]
    for (const network of SECRET_NETWORKS) networks.push(await this.#networkView(this.#store, network))
    return {
      storage: this.storage(),
      passphraseSet,
      locked: passphraseSet && !this.#vault.isUnlocked(),
      networks
    }
  }

  /** Enters (or, with `create`, chooses) the passphrase; the key is kept in memory until lock(). */
  unlock(passphrase: string, options: { readonly create?: boolean } = {}): Promise<void> {
    // One at a time in this process: parallel calls queue, and each sees the count the previous left.
    const run = this.#unlocking.catch(() => undefined).then(() => this.#unlockNow(passphrase, options))
    this.#unlocking = run
    return run
  }

  async #unlockNow(passphrase: string, options: { readonly create?: boolean }): Promise<void> {
    if (options.create) return this.#vault.unlock(passphrase, options)
    // Guessing is slowed down and audited (unlock-throttle.ts); the value typed is never recorded.
    // The attempt is counted as a failure before the key is derived, so parallel attempts (other
    // processes too) cannot all pass the check; a success clears the count.
    let failures: number
    try {
      failures = await reserveUnlockAttempt(this.#store, this.#now())
    } catch (error) {
      if (isUserFacingError(error) && error.code === 'unlock_rate_limited') {
        await this.#auditUnlock('secrets.unlock_refused', { failures: await failedUnlocks(this.#store) })
      }
      throw error
    }
    try {
      await this.#vault.unlock(passphrase)
    } catch (error) {
      if (isUserFacingError(error) && error.code === 'wrong_passphrase') await this.#auditUnlock('secrets.unlock_failed', { failures })
      else await releaseUnlockAttempt(this.#store)
      throw error
    }
    await recordUnlockSuccess(this.#store)
    await this.#auditUnlock('secrets.unlock', null)
  }

  async #auditUnlock(action: string, after: { readonly failures: number } | null): Promise<void> {
    await appendAudit(this.#store, { actor: this.#actor, action, subject: null, before: null, after, at: this.#now() })
  }

  lock(): void {
    this.#vault.lock()
  }

  /** Refuses early (before any check is run) when a save could not be encrypted now. */
  async assertCanSave(): Promise<void> {
    if (this.storage() === 'passphrase') await this.#vault.key()
  }

  async save(network: SecretNetwork, secrets: SecretsToSave, options: SecretWriteOptions = {}): Promise<void> {
    const apiKey = secrets.apiKey?.trim()
    const seed = secrets.walletSeed?.trim()
    if (apiKey === undefined && seed === undefined) {
      throw new UserFacingError('nothing_to_save', 'Enter an API key, a wallet seed, or both.')
    }
    if (apiKey !== undefined && (apiKey === '' || /\s/.test(apiKey))) {
      throw new UserFacingError('invalid_api_key', 'The API key is one word with no spaces: copy it again from the Pi Developer Portal.')
    }
    const cipher = this.storage()
    const updatedAt = this.#now()
    // Encrypted before the transaction opens: the keychain may be slow, the write lock must not wait.
    const rows: SecretRow[] = []
    if (apiKey !== undefined) rows.push(await this.#sealRow(network, 'api_key', apiKey, null, cipher, updatedAt))
    if (seed !== undefined) rows.push(await this.#sealRow(network, 'wallet_seed', seed, publicKeyOfSeed(seed), cipher, updatedAt))

    await runAudited(this.#store, async (tx) => {
      const before = await this.#auditView(tx, network)
      for (const row of rows) await writeSecretRow(tx, row)
      const after = { ...(await this.#auditView(tx, network)), saved: rows.map((row) => row.name), storage: cipher }
      return { value: undefined, audit: this.#audit('secrets.save', network, before, after, options) }
    })
  }

  /** Removes both secrets of a network. Works while locked: deleting needs no decryption. */
  async clear(network: SecretNetwork, options: SecretWriteOptions = {}): Promise<void> {
    await runAudited(this.#store, async (tx) => {
      const before = await this.#auditView(tx, network)
      const removed = await deleteNetworkRows(tx, network)
      // A forgotten passphrase: once nothing is sealed with it, the merchant may choose a new one.
      const vaultForgotten =
        (await this.#vault.isSet(tx)) && !this.#vault.isUnlocked() && (await countRowsWithCipher(tx, 'passphrase')) === 0
      if (vaultForgotten) await this.#vault.remove(tx)
      const after = { ...(await this.#auditView(tx, network)), removed, passphraseReset: vaultForgotten }
      return { value: undefined, audit: this.#audit('secrets.clear', network, before, after, options) }
    })
  }

  /** The network's Pi API key, decrypted for the client that sends it; null when none is saved. */
  async apiKey(network: SecretNetwork): Promise<string | null> {
    const row = await readSecretRow(this.#store, network, 'api_key')
    return row === null ? null : this.#open(row)
  }

  /** The app wallet's address, known without decrypting anything. */
  async walletPublicKey(network: SecretNetwork): Promise<string | null> {
    return (await readSecretRow(this.#store, network, 'wallet_seed'))?.publicHint ?? null
  }

  /** Signs with the saved seed, read and decrypted at each signature and dropped after it. */
  async signer(network: SecretNetwork): Promise<WalletSigner | null> {
    const publicKey = await this.walletPublicKey(network)
    if (publicKey === null) return null
    return signerOver(publicKey, async () => {
      const row = await readSecretRow(this.#store, network, 'wallet_seed')
      if (row === null) {
        throw new UserFacingError(
          'wallet_seed_missing',
          `The app wallet seed for ${NETWORKS[network].label} was removed. Enter it again in Settings to pay from this wallet.`
        )
      }
      return Keypair.fromSecret(await this.#open(row))
    })
  }

  /**
   * Seals a credential of this desk that is not a Pi secret (the team database's password) exactly
   * as the keys are sealed: the keychain or the passphrase's key, bound to the credential's own
   * slot. The caller keeps the result in this desk's file; only openCredential reads it back.
   */
  async sealCredential(name: string, plaintext: string): Promise<SealedCredential> {
    const cipher = this.storage()
    const slot = credentialSlot(name)
    const ciphertext = cipher === 'os_keychain' ? sealWithOs(this.#os!, plaintext, slot) : seal(await this.#vault.key(), plaintext, slot)
    return { cipher, ciphertext }
  }

  /**
   * The credential sealed by sealCredential, or null when this computer cannot open it (another
   * keychain, bytes moved to another slot). Throws in words while the passphrase vault is locked.
   */
  async openCredential(name: string, sealed: SealedCredential): Promise<string | null> {
    const slot = credentialSlot(name)
    if (sealed.cipher === 'os_keychain') {
      if (this.#os === null || !safely(() => this.#os!.isEncryptionAvailable())) return null
      return openWithOs(this.#os, sealed.ciphertext, slot)
    }
    return open(await this.#vault.key(), sealed.ciphertext, slot)
  }

  async #sealRow(
    network: SecretNetwork,
    name: SecretName,
    plaintext: string,
    publicHint: string | null,
    cipher: SecretStorageKind,
    updatedAt: Date
  ): Promise<SecretRow> {
    const slot = slotOf(network, name)
    const ciphertext =
      cipher === 'os_keychain' ? sealWithOs(this.#os!, plaintext, slot) : seal(await this.#vault.key(), plaintext, slot)
    return { network, name, cipher, ciphertext, publicHint, updatedAt }
  }

  async #open(row: SecretRow): Promise<string> {
    const slot = slotOf(row.network, row.name)
    let plaintext: string | null
    if (row.cipher === 'os_keychain') {
      if (this.#os === null || !safely(() => this.#os!.isEncryptionAvailable())) throw keychainUnavailable(row)
      plaintext = openWithOs(this.#os, row.ciphertext, slot)
    } else {
      plaintext = open(await this.#vault.key(), row.ciphertext, slot)
    }
    if (plaintext === null) throw unreadable(row)
    return plaintext
  }

  async #networkView(store: MerchantDb, network: SecretNetwork): Promise<NetworkSecretsView> {
    const rows = await readNetworkRows(store, network)
    const seed = rows.find((row) => row.name === 'wallet_seed')
    const updated = rows.reduce<Date | null>((latest, row) => (latest === null || row.updatedAt > latest ? row.updatedAt : latest), null)
    return {
      network,
      apiKeyConfigured: rows.some((row) => row.name === 'api_key'),
      walletConfigured: seed !== undefined,
      walletPublicKey: seed?.publicHint ?? null,
      managedBySandbox: false,
      updatedAt: updated === null ? null : updated.toISOString()
    }
  }

  async #auditView(store: MerchantDb, network: SecretNetwork): Promise<{ [key: string]: JsonValue }> {
    const view = await this.#networkView(store, network)
    return {
      apiKeyConfigured: view.apiKeyConfigured,
      walletConfigured: view.walletConfigured,
      walletPublicKey: view.walletPublicKey
    }
  }

  #audit(
    action: string,
    network: SecretNetwork,
    before: JsonValue,
    after: JsonValue,
    options: SecretWriteOptions
  ): { actor: string; action: string; subject: string; before: JsonValue; after: JsonValue; at: Date } {
    return { actor: options.actor ?? this.#actor, action, subject: network, before, after, at: this.#now() }
  }
}

const SANDBOX_VIEW: NetworkSecretsView = {
  network: 'sandbox',
  apiKeyConfigured: true,
  walletConfigured: true,
  walletPublicKey: null,
  managedBySandbox: true,
  updatedAt: null
}

function keychainUnavailable(row: SecretRow): UserFacingError {
  return new UserFacingError(
    'keychain_unavailable',
    `The ${SECRET_WORDS[row.name]} for ${NETWORKS[row.network].label} was saved in this computer's keychain, which is not available now. ` +
      'Sign in to your desktop session (or unlock its keyring) and restart Merchant Desk, or remove the keys in Settings and enter them again.'
  )
}

function unreadable(row: SecretRow): UserFacingError {
  return new UserFacingError(
    'secret_unreadable',
    `The saved ${SECRET_WORDS[row.name]} for ${NETWORKS[row.network].label} cannot be read on this computer. ` +
      'Remove the keys of this network in Settings and enter them again.'
  )
}

function safely(check: () => boolean): boolean {
  try {
    return check()
  } catch {
    return false
  }
}
