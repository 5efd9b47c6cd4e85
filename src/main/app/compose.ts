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
  /** Testnet / mainnet endpoints, key and wallet (until the encrypted secret store holds them). */
  readonly remote?: ConnectionOverrides
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
  const settings = new SettingsService(settingsStore, events)

  let sandbox: Promise<EmbeddedSandbox> | null = null
  let startedSandbox: EmbeddedSandbox | null = null
  let current: { readonly key: string; readonly workspace: Promise<Workspace> } | null = null

  const connectionFor = async (network = settings.current().network): Promise<Connection> => {
    if (network !== 'sandbox') return remoteConnection(network, options.remote ?? {})
    sandbox ??= startEmbeddedSandbox(store, options.sandbox).then((started) => (startedSandbox = started))
    return (await sandbox).connection
  }

  // One workspace per network; rebuilt when Settings points elsewhere.
  const workspace = (): Promise<Workspace> => {
    const network = settings.current().network
    if (current?.key !== network) {
      current = {
        key: network,
        workspace: connectionFor(network).then((connection) =>
          openWorkspace(store, connection, {
            ...(options.now ? { now: options.now } : {}),
            onSyncProgress: (progress) => events.emit('task:progress', { task: 'sync', ...progress })
          })
        )
      }
    }
    return current.workspace
  }

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
        ...(options.onInternalError ? { onInternalError: options.onInternalError } : {})
      })
    },
    { onInternalError: options.onInternalError ?? reportToStderr }
  )

  if (options.syncOnStart) void router.call('sync:start', undefined)

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
