// The places a secret can live: one per network and kind. A slot's name is bound into its
// ciphertext (see sealed-box.ts and os-keychain.ts), so a secret only ever opens in its own place.
import type { SecretNetwork } from '../../shared/contract/secrets'

export const SECRET_NAMES = ['api_key', 'wallet_seed'] as const
export type SecretName = (typeof SECRET_NAMES)[number]

export function slotOf(network: SecretNetwork, name: SecretName): string {
  return `merchant-desk/secret/v1/${network}/${name}`
}

/** How the merchant calls each secret, in sentences. */
export const SECRET_WORDS: Readonly<Record<SecretName, string>> = {
  api_key: 'Pi API key',
  wallet_seed: 'app wallet seed'
}

/** The slot of a desk credential that is not a Pi secret (e.g. a team database's password). */
export function credentialSlot(name: string): string {
  return `merchant-desk/credential/v1/${name}`
}
