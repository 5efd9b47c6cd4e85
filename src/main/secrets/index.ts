// The merchant's secrets (invariant 2): the Pi API key and the app wallet seed of each network,
// encrypted at rest (OS keychain, or a passphrase vault where Linux offers only basic_text),
// checked before they are saved, and never sent to the renderer.
export { SecretStore, type SealedCredential, type SecretStoreOptions, type SecretsToSave, type SecretWriteOptions } from './secret-store'
export { osKeychainUsable, type OsEncryption } from './os-keychain'
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './passphrase-vault'
export { signerFromSeed, publicKeyOfSeed, isValidSeed, type WalletSigner } from './wallet-signer'
export { checkSecrets, refusalOf, type NetworkEndpoints, type SecretCheckRequest } from './check-secrets'
export { secretsHandlers, type SecretsHandlerDeps, type SecretsChannels } from './handlers'
export { SECRET_NAMES, type SecretName } from './slots'
