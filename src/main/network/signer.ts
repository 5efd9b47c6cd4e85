// The app wallet's signing key, as every service that pays sees it. src/main/secrets provides it
// (or the sandbox, or PI_WALLET_SEED on the command line); nothing else holds the seed.
import type { Transaction } from '@stellar/stellar-sdk'

export interface AppWalletSigner {
  readonly publicKey: string
  /** Adds the wallet's signature (a stored seed is read and decrypted first, hence maybe async). */
  sign(transaction: Transaction): Promise<void> | void
}
