// Invariant: a WalletSigner shows its public key and nothing else. The seed is held only by the
// closure of `sign` (never by a property), so JSON.stringify, util.inspect, logs and IPC answers
// that happen to include a signer carry the public key at most.
import { Keypair, StrKey, type Transaction } from '@stellar/stellar-sdk'
import { UserFacingError } from '../../shared/errors'

export interface WalletSigner {
  /** The app wallet's address (G...). */
  readonly publicKey: string
  /** Adds the wallet's signature to the transaction (the stored seed is read and decrypted first). */
  sign(transaction: Transaction): Promise<void>
}

export function isValidSeed(seed: string): boolean {
  return typeof seed === 'string' && StrKey.isValidEd25519SecretSeed(seed)
}

export function invalidSeed(): UserFacingError {
  return new UserFacingError(
    'invalid_seed',
    'The wallet seed is not valid: it starts with S and has 56 characters (capital letters and the digits 2 to 7). ' +
      'Copy it again from where you keep the app wallet\'s secret seed.'
  )
}

/** The wallet's public key, or `invalid_seed`. */
export function publicKeyOfSeed(seed: string): string {
  if (!isValidSeed(seed)) throw invalidSeed()
  return Keypair.fromSecret(seed).publicKey()
}

/** A signer over a seed the caller already holds (the command line's, a test's). */
export function signerFromSeed(seed: string): WalletSigner {
  if (!isValidSeed(seed)) throw invalidSeed()
  const keypair = Keypair.fromSecret(seed)
  return signerOver(keypair.publicKey(), () => Promise.resolve(keypair))
}

/**
 * A signer whose keypair comes from `keypairFor` at each signature; the stored-seed signer
 * decrypts there, so the seed exists in memory only for the length of one call.
 */
export function signerOver(publicKey: string, keypairFor: () => Promise<Keypair>): WalletSigner {
  const signer: WalletSigner = {
    publicKey,
    async sign(transaction) {
      const keypair = await keypairFor()
      if (keypair.publicKey() !== publicKey) {
        throw new UserFacingError(
          'wallet_seed_changed',
          'The saved wallet seed no longer matches this wallet. Check the app wallet in Settings and try again.'
        )
      }
      transaction.sign(keypair)
    }
  }
  return Object.freeze(signer)
}
