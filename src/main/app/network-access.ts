// How the container resolves a network into the settings its connection is opened from: the
// sandbox's servers (started here, or attached to), the endpoints of testnet and mainnet, and the
// key, wallet and signer the secret backend gives. The desktop app, the preview and the CLI differ
// only in the options they pass; the resolution is this one.
import { NETWORKS, type NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'
import { remoteSettings, type AppWalletSigner, type ConnectionOverrides, type ConnectionSettings } from '../network'
import { signerFromSeed, type SecretStore } from '../secrets'
import { startEmbeddedSandbox, type EmbeddedSandbox, type EmbeddedSandboxOptions } from './embedded-sandbox'
import { bindLedgerAppWallet, type GivenWallet } from './ledger-wallet'

/**
 * What the secret backend holds for one network, read when a connection is opened (reading may
 * throw in words: a locked vault). The signer decrypts the seed only at each signature.
 */
export interface NetworkSecrets {
  readonly apiKey: string | null
  readonly walletPublicKey: string | null
  readonly signer: AppWalletSigner | null
}

/**
 * Where a network's API key, app wallet address and signing key come from: the secret store (OS
 * keychain or passphrase vault) in the app; the environment over the passphrase vault on the
 * command line. Asked when a connection is opened, never before.
 */
export type SecretBackend = (network: NetworkId) => Promise<NetworkSecrets>

/** A sandbox running outside this process (the CLI's background sandbox). */
export interface AttachedSandbox {
  readonly connection: ConnectionSettings
  /** The app wallet's secret seed (a sandbox key: it moves no real Pi). */
  readonly walletSeed: string
}

/**
 * How the sandbox network is reached: started inside this process (the default), attached to one
 * running elsewhere, or at the endpoints given (a `merchant-desk sandbox` run elsewhere).
 */
export type SandboxServers = 'embedded' | 'endpoints' | ((store: MerchantDb) => Promise<AttachedSandbox>)

export interface NetworkAccessOptions {
  readonly store: MerchantDb
  readonly secrets: SecretStore
  readonly backend?: SecretBackend
  /** Testnet / mainnet endpoints, and the sandbox's when it is reached at endpoints. A key or wallet here wins over the backend's. */
  readonly remote?: ConnectionOverrides
  readonly sandboxServers?: SandboxServers
  readonly sandbox?: EmbeddedSandboxOptions
}

export interface NetworkAccess {
  readonly settings: ConnectionSettings
  readonly signer: () => AppWalletSigner | null
}

/** Resolves networks for one container; remembers the embedded sandbox and the ledger's wallet. */
export class NetworkResolver {
  private embedded: Promise<EmbeddedSandbox> | null = null
  private started: EmbeddedSandbox | null = null
  /** Set once the caller binds the ledger's wallet (the CLI): from then on every wallet given is checked. */
  private binding: { readonly given: GivenWallet | null; known: string | null } | null = null

  constructor(private readonly options: NetworkAccessOptions) {}

  /** The embedded sandbox, once started. */
  sandbox(): EmbeddedSandbox | null {
    return this.started
  }

  /**
   * Remembers `given` as this ledger's app wallet on `network` on first use, refuses one that
   * differs, and checks every wallet a connection brings from then on. Returns the ledger's wallet.
   */
  async bindLedgerWallet(network: NetworkId, given: GivenWallet | null): Promise<string | null> {
    const known = await bindLedgerAppWallet(this.options.store, network, given)
    this.binding = { given, known }
    return known
  }

  /** The ledger's app wallet as bound (null when never bound, or not known yet). */
  ledgerWallet(): string | null {
    return this.binding?.known ?? null
  }

  async access(network: NetworkId): Promise<NetworkAccess> {
    const servers = this.options.sandboxServers ?? 'embedded'
    if (network === 'sandbox' && servers !== 'endpoints') return this.sandboxAccess(servers)
    const secrets = await this.secretsOf(network)
    const remote = this.options.remote ?? {}
    const base: ConnectionSettings =
      network === 'sandbox'
        ? { ...remoteSettings('testnet', remote), networkId: 'sandbox', explorerTxUrl: NETWORKS.sandbox.explorerTxUrl }
        : remoteSettings(network, remote)
    return {
      settings: { ...base, apiKey: secrets.apiKey, appWallet: await this.walletOf(network, secrets.walletPublicKey) },
      signer: () => secrets.signer
    }
  }

  async close(): Promise<void> {
    const running = this.embedded ? await this.embedded.catch(() => null) : null
    await running?.close()
  }

  private async sandboxAccess(servers: Exclude<SandboxServers, 'endpoints'>): Promise<NetworkAccess> {
    let attached: AttachedSandbox
    if (servers === 'embedded') {
      this.embedded ??= startEmbeddedSandbox(this.options.store, this.options.sandbox).then((started) => (this.started = started))
      const embedded = await this.embedded
      attached = { connection: embedded.connection, walletSeed: embedded.sandbox.appWallet.seed }
    } else {
      attached = await servers(this.options.store)
    }
    if (this.binding !== null) {
      this.binding.known = await bindLedgerAppWallet(this.options.store, 'sandbox', { address: attached.connection.appWallet ?? '', source: 'the built-in sandbox' })
    }
    const signer = signerFromSeed(attached.walletSeed)
    return { settings: attached.connection, signer: () => signer }
  }

  private async secretsOf(network: NetworkId): Promise<NetworkSecrets> {
    if (this.options.backend) return this.options.backend(network)
    const remote = this.options.remote ?? {}
    const { secrets } = this.options
    if (network === 'sandbox') return { apiKey: remote.apiKey ?? null, walletPublicKey: remote.appWallet ?? null, signer: null }
    // The key is decrypted here (the Pi client needs it for every call); the seed only to sign.
    // Read with the wallet: a change of secrets opens the workspace again (secretsChanged).
    return {
      apiKey: remote.apiKey ?? (await secrets.apiKey(network)),
      walletPublicKey: remote.appWallet ?? (await secrets.walletPublicKey(network)),
      signer: await secrets.signer(network)
    }
  }

  /** The wallet a connection brings, checked against the ledger's once the caller bound it. */
  private async walletOf(network: NetworkId, brought: string | null): Promise<string | null> {
    if (this.binding === null) return brought
    if (brought !== null) {
      this.binding.known = await bindLedgerAppWallet(this.options.store, network, this.binding.given ?? { address: brought, source: 'Settings' })
    }
    return this.binding.known
  }
}
