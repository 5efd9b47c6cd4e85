// What every CLI command connects to. The connection options are global: every command accepts
// them (before or after its name) and ignores those it does not need. The database defaults to
// the desktop app's, so both see one ledger. Secrets come from the environment (PI_API_KEY,
// PI_WALLET_SEED) or from the secrets saved in Settings (passphrase vault:
// MERCHANT_DESK_PASSPHRASE unlocks it), never from arguments: arguments end up in shell history
// and in `ps` for every user of the machine.
import { Keypair } from '@stellar/stellar-sdk'
import { Option, type Command } from 'commander'
import { isUserFacingError, UserFacingError } from '../shared/errors'
import { isNetworkId, NETWORK_IDS, NETWORKS, type NetworkId } from '../shared/network'
import { ACCOUNT_ADDRESS_PATTERN } from '../shared/payments'
import { remoteConnection, type Connection } from '../main/app/connection'
import { bindLedgerAppWallet, type GivenWallet } from '../main/app/ledger-wallet'
import { defaultDatabasePath } from '../main/app/paths'
import { openWorkspace, type Workspace } from '../main/app/workspace'
import { openDatabase, SettingsRepository, type MerchantDb } from '../main/db'
import { EventBus } from '../main/router/events'
import { SettingsService } from '../main/settings/settings-service'
import type { SyncProgress } from '../main/sync'
import type { PayoutSigner } from '../main/payouts'
import { SecretStore, signerFromSeed } from '../main/secrets'
import { attachBackgroundSandbox } from './background-sandbox'

export interface ConnectionFlags {
  readonly db?: string
  readonly network?: string
  readonly platformUrl?: string
  readonly horizonUrl?: string
  readonly wallet?: string
}

/** The global options, in the order --help lists them. */
export const CONNECTION_OPTIONS = ['--db', '--network', '--platform-url', '--horizon-url', '--wallet'] as const

/** Declares the connection options once, on the program: every command then accepts them. */
export function addConnectionOptions(program: Command): Command {
  return program
    .option('--db <file>', "the database (default: the desktop app's, so both see one ledger)")
    .addOption(new Option('--network <network>', 'the network (default: the one chosen in the app)').choices(NETWORK_IDS))
    .option('--platform-url <url>', 'Pi Platform API address (default: the network\u2019s)')
    .option('--horizon-url <url>', 'Horizon address (default: the network\u2019s)')
    .option('--wallet <address>', "the app wallet's public address, G... (remembered by the database for its network)")
}

/** The connection options as given, wherever they stood on the command line. */
export function connectionFlags(command: Command): ConnectionFlags {
  const all = command.optsWithGlobals<ConnectionFlags>()
  return {
    ...(all.db === undefined ? {} : { db: all.db }),
    ...(all.network === undefined ? {} : { network: all.network }),
    ...(all.platformUrl === undefined ? {} : { platformUrl: all.platformUrl }),
    ...(all.horizonUrl === undefined ? {} : { horizonUrl: all.horizonUrl }),
    ...(all.wallet === undefined ? {} : { wallet: all.wallet })
  }
}

export interface CliContext {
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly explorerTxUrl: string | null
  /** The ledger's app wallet on this network, when known without connecting. */
  readonly appWallet: string | null
  /** The servers, key and wallet; connects (or attaches to the background sandbox) on first use. */
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
  try {
    const settings = new SettingsService(new SettingsRepository(store), new EventBus())
    const networkId: NetworkId = flags.network && isNetworkId(flags.network) ? flags.network : settings.current().network
    const builtInSandbox = networkId === 'sandbox' && !flags.platformUrl && !flags.horizonUrl
    if (networkId === 'sandbox' && !builtInSandbox && (!flags.platformUrl || !flags.horizonUrl)) {
      throw new UserFacingError(
        'sandbox_urls_missing',
        'For a sandbox started with `merchant-desk sandbox`, give both --platform-url and --horizon-url (or neither, for the built-in one).'
      )
    }
    const envSeed = env.PI_WALLET_SEED?.trim() || null
    const given = givenWallet(flags.wallet, envSeed)
    // Remembered (or refused) before anything else happens, even by commands that never connect.
    let appWallet = await bindLedgerAppWallet(store, networkId, given)
    const envKey = env.PI_API_KEY?.trim() || null
    let signer: () => PayoutSigner | null = () => null

    const connectionFor = async (): Promise<Connection> => {
      if (builtInSandbox) {
        const sandbox = await attachBackgroundSandbox(store)
        if (sandbox.started !== null) process.stderr.write(`${sandbox.started}\n`)
        appWallet = await bindLedgerAppWallet(store, networkId, { address: sandbox.connection.appWallet ?? '', source: 'the built-in sandbox' })
        const sandboxSigner = signerFromSeed(sandbox.walletSeed)
        signer = () => sandboxSigner
        return sandbox.connection
      }
      if (envSeed !== null) {
        const envSigner = signerFromSeed(envSeed)
        signer = () => envSigner
      }
      if (networkId !== 'sandbox') {
        // What Settings saved, unless the environment says otherwise.
        const saved = await savedSecrets(store, networkId, env, envKey === null)
        if (envSeed === null) signer = saved.signer
        if (saved.walletPublicKey !== null) {
          appWallet = await bindLedgerAppWallet(store, networkId, given ?? { address: saved.walletPublicKey, source: 'Settings' })
        }
        const base = remoteConnection(networkId, {})
        return {
          ...base,
          platformUrl: flags.platformUrl ?? base.platformUrl,
          horizonUrl: flags.horizonUrl ?? base.horizonUrl,
          apiKey: envKey ?? saved.apiKey(),
          appWallet
        }
      }
      const base = remoteConnection('testnet', {})
      return {
        ...base,
        networkId,
        explorerTxUrl: NETWORKS[networkId].explorerTxUrl,
        platformUrl: flags.platformUrl ?? base.platformUrl,
        horizonUrl: flags.horizonUrl ?? base.horizonUrl,
        apiKey: envKey,
        appWallet
      }
    }
    let workspace: Promise<Workspace> | null = null
    return {
      store,
      networkId,
      explorerTxUrl: NETWORKS[networkId].explorerTxUrl,
      get appWallet() {
        return appWallet
      },
      connect: () =>
        (workspace ??= connectionFor().then((connection) =>
          openWorkspace(store, connection, {
            signer: () => signer(),
            ...(options.onSyncProgress ? { onSyncProgress: options.onSyncProgress } : {})
          })
        )),
      close: async () => {
        store.close()
      }
    }
  } catch (error) {
    store.close()
    throw error
  }
}

/** --wallet, else the seed's own address; both given must agree. */
function givenWallet(flag: string | undefined, envSeed: string | null): GivenWallet | null {
  if (flag !== undefined && !ACCOUNT_ADDRESS_PATTERN.test(flag)) {
    throw new UserFacingError('invalid_wallet', `--wallet takes the app wallet's public address (G..., 56 characters), not "${flag.slice(0, 60)}".`)
  }
  const fromSeed = walletFromSeed(envSeed)
  if (flag !== undefined && fromSeed !== null && flag !== fromSeed) {
    throw new UserFacingError(
      'wallet_seed_mismatch',
      `PI_WALLET_SEED is the key of ${fromSeed}, but --wallet gives ${flag}. Nothing was changed: give the seed of the app wallet, or its address.`
    )
  }
  if (flag !== undefined) return { address: flag, source: '--wallet' }
  return fromSeed === null ? null : { address: fromSeed, source: 'PI_WALLET_SEED' }
}

/**
 * The key and seed saved in Settings. A passphrase vault opens with MERCHANT_DESK_PASSPHRASE;
 * secrets sealed by the desktop app's OS keychain cannot be read outside it, so the command line
 * then needs PI_API_KEY and PI_WALLET_SEED.
 */
async function savedSecrets(
  store: MerchantDb,
  network: Exclude<NetworkId, 'sandbox'>,
  env: NodeJS.ProcessEnv,
  keyNeeded: boolean
): Promise<{ apiKey(): string | null; readonly walletPublicKey: string | null; signer(): PayoutSigner | null }> {
  const secrets = new SecretStore({ store, os: null })
  const passphrase = env.MERCHANT_DESK_PASSPHRASE
  if (passphrase && secrets.status().passphraseSet) {
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
    apiKey: () => {
      try {
        return keyNeeded ? secrets.apiKey(network) : null
      } catch (error) {
        return locked(error)
      }
    },
    walletPublicKey: secrets.walletPublicKey(network),
    signer: () => {
      try {
        return secrets.signer(network)
      } catch (error) {
        return locked(error)
      }
    }
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
