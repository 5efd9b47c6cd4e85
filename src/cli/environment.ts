// The command line's secret backend and wallet: read from the environment, over the secrets saved
// in Settings. PI_API_KEY and PI_WALLET_SEED win; a passphrase vault opens with
// MERCHANT_DESK_PASSPHRASE. Secrets sealed by the desktop app's OS keychain cannot be read outside
// it, so the command line then needs PI_API_KEY and PI_WALLET_SEED.
import { Keypair } from '@stellar/stellar-sdk'
import { isUserFacingError, UserFacingError } from '../shared/errors'
import { ACCOUNT_ADDRESS_PATTERN } from '../shared/payments'
import type { GivenWallet, NetworkSecrets, SecretBackend } from '../main/app'
import { signerFromSeed, type SecretStore } from '../main/secrets'

/** --wallet, else the seed's own address; both given must agree. */
export function givenWallet(flag: string | undefined, env: NodeJS.ProcessEnv): GivenWallet | null {
  if (flag !== undefined && !ACCOUNT_ADDRESS_PATTERN.test(flag)) {
    throw new UserFacingError('invalid_wallet', `--wallet takes the app wallet's public address (G..., 56 characters), not "${flag.slice(0, 60)}".`)
  }
  const fromSeed = walletFromSeed(envSeed(env))
  if (flag !== undefined && fromSeed !== null && flag !== fromSeed) {
    throw new UserFacingError(
      'wallet_seed_mismatch',
      `PI_WALLET_SEED is the key of ${fromSeed}, but --wallet gives ${flag}. Nothing was changed: give the seed of the app wallet, or its address.`
    )
  }
  if (flag !== undefined) return { address: flag, source: '--wallet' }
  return fromSeed === null ? null : { address: fromSeed, source: 'PI_WALLET_SEED' }
}

/** PI_API_KEY and PI_WALLET_SEED, else what Settings saved (testnet and mainnet only). */
export function cliSecrets(stored: SecretStore, env: NodeJS.ProcessEnv): SecretBackend {
  const envKey = env.PI_API_KEY?.trim() || null
  const seed = envSeed(env)
  return async (network) => {
    const envSigner = seed === null ? null : signerFromSeed(seed)
    if (network === 'sandbox') return { apiKey: envKey, walletPublicKey: null, signer: envSigner }
    const saved = await savedSecrets(stored, network, env, envKey === null)
    return {
      apiKey: envKey ?? saved.apiKey,
      walletPublicKey: saved.walletPublicKey,
      signer: envSigner ?? saved.signer
    }
  }
}

function envSeed(env: NodeJS.ProcessEnv): string | null {
  return env.PI_WALLET_SEED?.trim() || null
}

/** The key and seed saved in Settings, the vault opened with MERCHANT_DESK_PASSPHRASE. */
async function savedSecrets(
  secrets: SecretStore,
  network: 'testnet' | 'mainnet',
  env: NodeJS.ProcessEnv,
  keyNeeded: boolean
): Promise<NetworkSecrets> {
  const passphrase = env.MERCHANT_DESK_PASSPHRASE
  if (passphrase && (await secrets.status()).passphraseSet) {
    await secrets.unlock(passphrase).catch((error: unknown) => {
      if (isUserFacingError(error) && error.code === 'wrong_passphrase') {
        throw new UserFacingError('wrong_passphrase', 'MERCHANT_DESK_PASSPHRASE is not the passphrase of the keys saved in Settings. Check it (capital letters count) and try again.')
      }
      throw error
    })
  }
  const locked = (error: unknown): never => {
    if (isUserFacingError(error) && error.code === 'secrets_locked') {
      throw new UserFacingError(
        'secrets_locked',
        'The Pi app keys saved in Settings are locked with a passphrase: set MERCHANT_DESK_PASSPHRASE to it ' +
          '(or give the key and seed as PI_API_KEY and PI_WALLET_SEED).'
      )
    }
    throw error
  }
  return {
    apiKey: keyNeeded ? await secrets.apiKey(network).catch(locked) : null,
    walletPublicKey: await secrets.walletPublicKey(network),
    signer: await secrets.signer(network).catch(locked)
  }
}

function walletFromSeed(seed: string | null): string | null {
  if (!seed) return null
  try {
    return Keypair.fromSecret(seed).publicKey()
  } catch {
    // Never echo the value: it is a secret, even when mistyped.
    throw new UserFacingError('invalid_wallet_seed', 'PI_WALLET_SEED is not a valid wallet secret seed (S..., 56 characters).')
  }
}
