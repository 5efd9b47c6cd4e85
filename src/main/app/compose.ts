// The composition root shared by the three front doors (Electron, CLI, browser preview): it opens
// the database, resolves the network connection (starting the embedded sandbox when that is the
// network), builds the services, and the router over them. Nothing here imports electron;
// Electron-only effects (opening a browser) are injected.
import { openDatabase, SettingsRepository, type MerchantDb } from '../db'
import { EventBus } from '../router/events'
import { appHandlers } from '../router/handlers/app-handlers'
import { filterHandlers } from '../router/handlers/filter-handlers'
import { ledgerHandlers } from '../router/handlers/ledger-handlers'
import { connectionFromWorkspace, queueHandlers } from '../queue'
import { settingsHandlers } from '../router/handlers/settings-handlers'
import { syncHandlers } from '../router/handlers/sync-handlers'
import { createRouter, type Router } from '../router/router'
import { SettingsService } from '../settings/settings-service'
import { remoteConnection, type Connection, type ConnectionOverrides } from './connection'
import { startEmbeddedSandbox, type EmbeddedSandbox, type EmbeddedSandboxOptions } from './embedded-sandbox'
import { openWorkspace, type Workspace } from './workspace'
import { payoutConnectionOf } from './payout-connection'
import { payoutHandlers, PayoutService, type PayoutSigner, type PayoutTimings } from '../payouts'
import { SecretStore, secretsHandlers, signerFromSeed, type OsEncryption, type ScryptCost } from '../secrets'
import { NETWORKS, type NetworkId } from '../../shared/network'
import { exportsHandlers, saveIntoFolder, type ChooseSaveLocation } from '../exports'
import { reconcileHandlers } from '../reconcile'
import { dirname, join } from 'node:path'
import type { SecretNetwork } from '../../shared/contract/secrets'

export interface MainServicesOptions {
  readonly databasePath: string
  readonly version: string
  /** Opens an http(s) URL in the system browser; answers whether it did. */
  readonly openExternal: (url: string) => Promise<boolean>
  readonly now?: () => Date
  /** Where unexpected errors go (a log); never to the user as such. */
  readonly onInternalError?: (where: string, error: unknown) => void
  /** The embedded sandbox's generated history and clock. */
  readonly sandbox?: EmbeddedSandboxOptions
  /**
   * Testnet / mainnet endpoints (tests point them at a sandbox). A key or wallet given here wins
   * over the secret store's.
   */
  readonly remote?: ConnectionOverrides
  /** Electron's safeStorage, in the desktop app; elsewhere secrets use the passphrase vault. */
  readonly os?: OsEncryption | null
  /** Tests: a cheaper scrypt for the passphrase vault. */
  readonly scryptCost?: ScryptCost
  /** Tests: shorter payout waits and envelope lifetimes. */
  readonly payoutTimings?: Partial<PayoutTimings>
  /** Finish interrupted refunds and payouts as soon as the services are up (the desktop app does). */
  readonly recoverPayoutsOnStart?: boolean
  /**
   * Where an export is saved: the desktop app asks with its save dialog; elsewhere (preview, tests)
   * exports go into an `exports` folder next to the database. The renderer never names a path.
   */
  readonly chooseSaveLocation?: ChooseSaveLocation
  /** Start a sync as soon as the services are up (the desktop app does; tests decide themselves). */
  readonly syncOnStart?: boolean
  /** Follow the chain's live payment stream while the services run (the desktop app does). */
  readonly followLive?: boolean
}

export interface MainServices {
  readonly router: Router
  readonly events: EventBus
  readonly store: MerchantDb
  readonly settings: SettingsService
  readonly secrets: SecretStore
  readonly payouts: PayoutService
  /** The services of the network currently chosen in Settings. */
  workspace(): Promise<Workspace>
  /** The embedded sandbox, once started (tests drive its buyers). */
  sandbox(): EmbeddedSandbox | null
  close(): Promise<void>
}

export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const store = openDatabase(options.databasePath, options.now ? { now: options.now } : {})
  const events = new EventBus()
  const settingsStore = new SettingsRepository(store)
  const settings = await SettingsService.load(settingsStore, events)

  let sandbox: Promise<EmbeddedSandbox> | null = null
  let startedSandbox: EmbeddedSandbox | null = null
  let current: { readonly key: string; readonly workspace: Promise<Workspace> } | null = null

  const secrets = new SecretStore({
    store,
    os: options.os ?? null,
    ...(options.scryptCost ? { scryptCost: options.scryptCost } : {}),
    ...(options.now ? { now: options.now } : {})
  })

  interface NetworkAccess {
    readonly connection: Connection
    readonly signer: () => PayoutSigner | null
  }
  const accessFor = async (network: NetworkId): Promise<NetworkAccess> => {
    if (network !== 'sandbox') {
      const remote = options.remote ?? {}
      // The key is decrypted here (the Pi client needs it for every call); the seed only to sign.
      const apiKey = remote.apiKey ?? (await secrets.apiKey(network)) ?? undefined
      const appWallet = remote.appWallet ?? (await secrets.walletPublicKey(network)) ?? undefined
      // Read with the wallet above: a change of secrets rebuilds the workspace (secretsChanged), and
      // the signer reads and decrypts the seed again at each signature.
      const signer = await secrets.signer(network)
      return {
        connection: remoteConnection(network, { ...remote, ...(apiKey ? { apiKey } : {}), ...(appWallet ? { appWallet } : {}) }),
        signer: () => signer
      }
    }
    sandbox ??= startEmbeddedSandbox(store, options.sandbox).then((started) => (startedSandbox = started))
    const embedded = await sandbox
    const sandboxSigner = signerFromSeed(embedded.sandbox.appWallet.seed)
    return { connection: embedded.connection, signer: () => sandboxSigner }
  }

  // One workspace per network; rebuilt when Settings points elsewhere.
  const workspace = (): Promise<Workspace> => {
    const network = settings.current().network
    if (current?.key !== network) {
      current = {
        key: network,
        workspace: accessFor(network).then(({ connection, signer }) =>
          openWorkspace(store, connection, {
            ...(options.now ? { now: options.now } : {}),
            signer,
            onSyncProgress: (progress) => events.emit('task:progress', { task: 'sync', ...progress })
          })
        )
      }
    }
    return current.workspace
  }

  // New secrets (or a locked vault) mean new clients: the next call builds the workspace again.
  const secretsChanged = (network: SecretNetwork) => {
    if (current?.key === network) current = null
    events.emit('settings:changed', { network: settings.current().network })
  }

  const payouts = new PayoutService({
    store,
    actor: 'desktop',
    events,
    ...(options.payoutTimings ? { timings: options.payoutTimings } : {}),
    connect: async () => payoutConnectionOf(await workspace())
  })

  const router = createRouter(
    {
      ...appHandlers({ version: options.version, settings, openExternal: options.openExternal, workspace }),
      ...settingsHandlers(settings),
      ...filterHandlers(settingsStore),
      ...syncHandlers({ store, events, workspace }),
      ...ledgerHandlers({ store, settings, workspace }),
      ...queueHandlers({
        store,
        actor: 'desktop',
        networkId: () => settings.current().network,
        connect: async () => connectionFromWorkspace(await workspace()),
        events,
        payouts: payouts.queueView(),
        ...(options.onInternalError ? { onInternalError: options.onInternalError } : {})
      }),
      ...secretsHandlers({
        secrets,
        store,
        actor: 'desktop',
        endpoints: (network) => {
          const profile = NETWORKS[network]
          return {
            platformUrl: options.remote?.platformUrl ?? profile.platformUrl!,
            horizonUrl: options.remote?.horizonUrl ?? profile.horizonUrl!,
            passphrase: profile.passphrase
          }
        },
        onChanged: secretsChanged
      }),
      ...exportsHandlers({
        store,
        settings,
        events,
        version: options.version,
        chooseSaveLocation: options.chooseSaveLocation ?? saveIntoFolder(join(dirname(options.databasePath), 'exports')),
        appWallet: async () => (await workspace()).connection.appWallet,
        ...(options.now ? { now: options.now } : {})
      }),
      ...reconcileHandlers({ store, events, actor: 'desktop', settings, workspace, ...(options.now ? { now: options.now } : {}) }),
      ...payoutHandlers({
        service: payouts,
        networkId: () => settings.current().network,
        explorerTxUrl: async () => (await workspace()).connection.explorerTxUrl,
        walletPublicKey: async () => (await workspace()).connection.appWallet
      })
    },
    { onInternalError: options.onInternalError ?? reportToStderr }
  )

  if (options.syncOnStart) void router.call('sync:start', undefined)
  // Invariant 4: every interrupted payout is finished (or safely stopped) at start.
  if (options.recoverPayoutsOnStart) {
    // What the merchant must fix (e.g. a Horizon of another network) is kept for the payouts list,
    // not logged as a bug; the views reload to show it.
    void payouts
      .recover()
      .then(() => {
        if (payouts.recoveryProblem(settings.current().network)) events.emit('ledger:changed', { reason: 'payout' })
      })
      .catch((error: unknown) => (options.onInternalError ?? reportToStderr)('payouts:recover', error))
  }

  // Live mode: new payments to the app wallet land in the ledger as the chain reports them, for
  // the network of the moment; a network change stops it and follows the new one.
  let live: AbortController | null = null
  const follow = async () => {
    live?.abort()
    const controller = (live = new AbortController())
    try {
      const engine = (await workspace()).sync()
      await engine.follow({
        signal: controller.signal,
        onChange: () => events.emit('ledger:changed', { reason: 'live' }),
        onError: (error) => (options.onInternalError ?? reportToStderr)('sync:follow', error)
      })
    } catch {
      // No key or wallet on this network yet: nothing to follow until Settings change.
    }
  }
  if (options.followLive) {
    void follow()
    events.on('settings:changed', () => void follow())
  }

  return {
    router,
    events,
    store,
    settings,
    secrets,
    payouts,
    workspace,
    sandbox: () => startedSandbox,
    close: async () => {
      live?.abort()
      const running = sandbox ? await sandbox.catch(() => null) : null
      await running?.close()
      store.close()
    }
  }
}

function reportToStderr(where: string, error: unknown): void {
  // Only the error's name and message: stacks and request configs can carry local paths or keys.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown'
  process.stderr.write(`merchant-desk: internal error in ${where}: ${text}\n`)
}
