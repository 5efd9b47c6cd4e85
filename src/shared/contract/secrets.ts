// Contract pieces of the merchant's secrets (Pi API key and app wallet seed, per network).
// Invariant 2: secrets travel one way only. The renderer sends them in `secrets:save` when the
// merchant types them; no answer ever carries them back: only "configured", the wallet's public
// key and the network.
import { z } from 'zod'
import type { NetworkId } from '../network'

/** Networks whose secrets the merchant enters; the sandbox brings its own. */
export const SECRET_NETWORKS = ['testnet', 'mainnet'] as const
export type SecretNetwork = (typeof SECRET_NETWORKS)[number]

/**
 * Where secrets are encrypted at rest: the operating system's keychain (Electron safeStorage), or,
 * where that is missing or only Linux's `basic_text`, a key derived from a passphrase the merchant
 * chooses (scrypt + AES-256-GCM).
 */
export type SecretStorageKind = 'os_keychain' | 'passphrase'

export const MIN_PASSPHRASE_LENGTH = 10

export const secretsSaveInput = z
  .strictObject({
    network: z.enum(SECRET_NETWORKS),
    apiKey: z.string().trim().min(1, { message: 'Enter the API key' }).max(512).optional(),
    walletSeed: z.string().trim().min(1, { message: 'Enter the wallet seed' }).max(128).optional()
  })
  .refine((input) => input.apiKey !== undefined || input.walletSeed !== undefined, {
    message: 'Enter an API key, a wallet seed, or both'
  })
export type SecretsSaveInput = z.input<typeof secretsSaveInput>

export const secretsUnlockInput = z.strictObject({
  passphrase: z.string().min(1, { message: 'Enter the passphrase' }).max(1024),
  /** True the first time: the passphrase is being chosen (it must be long enough). */
  create: z.boolean().optional()
})

export const secretsNetworkInput = z.strictObject({ network: z.enum(SECRET_NETWORKS) })

export interface NetworkSecretsView {
  readonly network: NetworkId
  readonly apiKeyConfigured: boolean
  readonly walletConfigured: boolean
  /** The app wallet's public address (G...), derived from the seed when it was saved. */
  readonly walletPublicKey: string | null
  /** The sandbox generates its own key and wallet: nothing to enter. */
  readonly managedBySandbox: boolean
  readonly updatedAt: string | null
}

export interface SecretsStatusView {
  readonly storage: SecretStorageKind
  /** Passphrase storage only: a passphrase has been chosen. */
  readonly passphraseSet: boolean
  /** Passphrase storage only: the passphrase has not been entered since the app started. */
  readonly locked: boolean
  readonly networks: readonly NetworkSecretsView[]
}

export type SecretCheckName = 'seed_format' | 'api_key' | 'app_wallet' | 'wallet_account'

export interface SecretCheckView {
  readonly check: SecretCheckName
  /** null: could not be decided yet (for example no payment of this app is known to compare with). */
  readonly ok: boolean | null
  readonly message: string
}

export interface SecretsSaveView {
  readonly status: SecretsStatusView
  readonly checks: readonly SecretCheckView[]
}
