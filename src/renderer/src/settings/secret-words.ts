// The words the Settings page uses for where keys are kept and for each check of a save.
import { SECRET_NETWORKS, type SecretCheckName, type SecretNetwork, type SecretStorageKind } from '../../../shared/contract'

export const STORAGE_WORDS: Readonly<Record<SecretStorageKind, { readonly title: string; readonly explanation: string }>> = {
  os_keychain: {
    title: "This computer's keychain",
    explanation: 'Your keys are encrypted by the operating system, tied to your account on this computer.'
  },
  passphrase: {
    title: 'A vault locked by your passphrase',
    explanation:
      'This computer offers no secure keychain, so your keys are encrypted with a passphrase you choose. ' +
      'Merchant Desk asks for it again each time it starts, before it can use the keys.'
  }
}

export const CHECK_LABELS: Readonly<Record<SecretCheckName, string>> = {
  seed_format: 'Wallet seed is well formed',
  api_key: 'Pi accepts the API key',
  app_wallet: "Seed opens the app's wallet",
  wallet_account: 'Wallet exists on the chain'
}

/** Testnet and mainnet: the networks whose keys the merchant enters. */
export function isSecretNetwork(network: string): network is SecretNetwork {
  return (SECRET_NETWORKS as readonly string[]).includes(network)
}
