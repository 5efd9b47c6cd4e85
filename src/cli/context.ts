// What every CLI command connects to. The database defaults to the desktop app's, so both see one
// ledger. Secrets come from the environment (PI_API_KEY, PI_WALLET_SEED) or from the secrets saved
// in Settings (passphrase vault: MERCHANT_DESK_PASSPHRASE unlocks it), never from arguments:
// arguments end up in shell history and in `ps` for every user of the machine.
import { Keypair } from '@stellar/stellar-sdk'
import { Option, type Command } from 'commander'
import { UserFacingError } from '../shared/errors'
import { isNetworkId, NETWORK_IDS, NETWORKS, type NetworkId } from '../shared/network'
import { ACCOUNT_ADDRESS_PATTERN } from '../shared/payments'
import { remoteConnection, type Connection } from '../main/app/connection'
import { startEmbeddedSandbox } from '../main/app/embedded-sandbox'
import { defaultDatabasePath } from '../main/app/paths'
import { openWorkspace, type Workspace } from '../main/app/workspace'
import { openDatabase, SettingsRepository, type MerchantDb } from '../main/db'
import { EventBus } from '../main/router/events'
import { SettingsService } from '../main/settings/settings-service'
import type { SyncProgress } from '../main/sync'
import type { PayoutSigner } from '../main/payouts'
import { SecretStore, signerFromSeed } from '../main/secrets'

export interface ConnectionFlags {
  readonly db?: string
  readonly network?: string
  readonly platformUrl?: string
  readonly horizonUrl?: string
  readonly wallet?: string
}

export function withConnectionOptions(command: Command): Command {
  return command
    .option('--db <file>', "the database (default: the desktop app's)")
    .addOption(new Option('--network <network>', 'the network (default: the one chosen in the app)').choices(NETWORK_IDS))
    .option('--platform-url <url>', 'Pi Platform API address (default: the network\u2019s)')
    .option('--horizon-url <url>', 'Horizon address (default: the network\u2019s)')
    .option('--wallet <G...>', "the app wallet's public address (default: from settings or PI_WALLET_SEED)")
}

export interface CliContext {
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly explorerTxUrl: string | null
  /** The servers, key and wallet; connects (or starts the in-process sandbox) on first use. */
  connect(): Promise<Workspace>
  close(): Promise<void>
}

export interface OpenContextOptions {
  readonly onSyncProgress?: (progress: SyncProgress) => void
  readonly env?: NodeJS.ProcessEnv
}

export async function openCliContext(flags: ConnectionFlags, options: OpenContextOptions = {}): Promise<CliContext> {
  const env = options.env ?? process.env
  const store = openDatabase(flags.db ?? defaultDatabasePath(env))
  const closers: (() => Promise<void>)[] = []
  try {
    const settings = new SettingsService(new SettingsRepository(store), new EventBus())
    const networkId: NetworkId = flags.network && isNetworkId(flags.network) ? flags.network : settings.current().network
    const wallet = flags.wallet ?? walletFromSeed(env.PI_WALLET_SEED)
    if (wallet !== undefined && !ACCOUNT_ADDRESS_PATTERN.test(wallet)) {
      throw new UserFacingError('invalid_wallet', `--wallet takes the app wallet's public address (G..., 56 characters).`)
    }
    const envSeed = env.PI_WALLET_SEED?.trim() || null
    let signer: () => PayoutSigner | null = () => null
    const connectionFor = async (): Promise<Connection> => {
      if (networkId === 'sandbox' && !flags.platformUrl && !flags.horizonUrl) {
        // No servers named: run a sandbox in this process, as the desktop app does.
        const embedded = await startEmbeddedSandbox(store)
        closers.push(() => embedded.close())
        const sandboxSigner = signerFromSeed(embedded.sandbox.appWallet.seed)
        signer = () => sandboxSigner
        return embedded.connection
      }
      if (envSeed !== null) {
        const envSigner = signerFromSeed(envSeed)
        signer = () => envSigner
      }
      if (networkId !== 'sandbox') {
        // What Settings saved, unless the environment says otherwise.
        const saved = await savedSecrets(store, networkId, env)
        if (envSeed === null) signer = saved.signer
        const base = remoteConnection(networkId, {})
        return {
          ...base,
          platformUrl: flags.platformUrl ?? base.platformUrl,
          horizonUrl: flags.horizonUrl ?? base.horizonUrl,
          apiKey: env.PI_API_KEY?.trim() || saved.apiKey(),
          appWallet: wallet ?? saved.walletPublicKey
        }
      }
      if (networkId === 'sandbox' && (!flags.platformUrl || !flags.horizonUrl)) {
        throw new UserFacingError(
          'sandbox_urls_missing',
          'For a sandbox started with `merchant-desk sandbox`, give both --platform-url and --horizon-url.'
        )
      }
      const base = remoteConnection(networkId === 'sandbox' ? 'testnet' : networkId, {})
      return {
        ...base,
        networkId,
        explorerTxUrl: NETWORKS[networkId].explorerTxUrl,
        platformUrl: flags.platformUrl ?? base.platformUrl,
        horizonUrl: flags.horizonUrl ?? base.horizonUrl,
        apiKey: env.PI_API_KEY?.trim() || null,
        appWallet: wallet ?? null
      }
    }
    let workspace: Promise<Workspace> | null = null
    return {
      store,
      networkId,
      explorerTxUrl: NETWORKS[networkId].explorerTxUrl,
      connect: () =>
        (workspace ??= connectionFor().then((connection) =>
          openWorkspace(store, connection, {
            signer: () => signer(),
            ...(options.onSyncProgress ? { onSyncProgress: options.onSyncProgress } : {})
          })
        )),
      close: async () => {
        for (const close of closers) await close()
        store.close()
      }
    }
  } catch (error) {
    store.close()
    throw error
  }
}

/**
 * The key and seed saved in Settings. A passphrase vault opens with MERCHANT_DESK_PASSPHRASE;
 * secrets sealed by the desktop app's OS keychain cannot be read outside it, so the command line
 * then needs PI_API_KEY and PI_WALLET_SEED.
 */
async function savedSecrets(
  store: MerchantDb,
  network: Exclude<NetworkId, 'sandbox'>,
  env: NodeJS.ProcessEnv
): Promise<{ apiKey(): string | null; readonly walletPublicKey: string | null; signer(): PayoutSigner | null }> {
  const secrets = new SecretStore({ store, os: null })
  const passphrase = env.MERCHANT_DESK_PASSPHRASE
  if (passphrase && secrets.status().passphraseSet) await secrets.unlock(passphrase)
  return {
    apiKey: () => secrets.apiKey(network),
    walletPublicKey: secrets.walletPublicKey(network),
    signer: () => secrets.signer(network)
  }
}

function walletFromSeed(seed: string | undefined): string | undefined {
  if (!seed) return undefined
  try {
    return Keypair.fromSecret(seed.trim()).publicKey()
  } catch {
    // Never echo the value: it is a secret, even when mistyped.
    throw new UserFacingError('invalid_wallet_seed', 'PI_WALLET_SEED is not a valid wallet secret seed (S..., 56 characters).')
  }
}
