// A network as the services see it: the settings it is opened from (servers, key, wallet) and the
// one connection type every service takes (passphrase, Pi and Horizon clients, wallet, signer).
export { openConnection, withPiKey, type NetworkConnection, type OpenConnectionOptions } from './connection'
export { remoteSettings, requireApiKey, requireAppWallet, type ConnectionOverrides, type ConnectionSettings } from './settings'
export type { AppWalletSigner } from './signer'
