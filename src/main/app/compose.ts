// The ONE service container, shared by the three front doors (Electron, the browser preview, the
// CLI): from a database, a clock, a secret backend and a network choice it opens the ledger,
// resolves the network's connection (starting or attaching to the sandbox when that is the
// network), builds every service once, and the router over their handlers. Nothing here imports
// electron; Electron-only effects (opening a browser, the save dialog, safeStorage) are injected.
import { dirname, join } from 'node:path'
import type { NetworkId } from '../../shared/network'
import type { SecretNetwork } from '../../shared/contract/secrets'
import { openDatabase, SettingsRepository, type MerchantDb } from '../db'
import { ExportRuns, saveIntoFolder, type ChooseSaveLocation } from '../exports'
import { EventBus, type Router } from '../ipc'
import { withPiKey, type ConnectionOverrides, type NetworkConnection } from '../network'
import { PayoutService, type PayoutFailpoint, type PayoutTimings } from '../payouts'
import { InvoiceService, noteDirectRefund, type InvoiceHooks } from '../invoices'
import { GatewayService, GATEWAY_ALLOW_VARIABLE, GATEWAY_TOKEN_VARIABLE, type BackgroundLoop } from '../gateway'
import { coinGeckoRates, COINGECKO_URL } from '../rates'
import { invoicePostbacks, paymentPostbacks, PostbackService, readPostbackUrlSetting, type PostbackSecret, type PostbackUrlSource } from '../postbacks'
import { createQueueService, type QueueService } from '../queue'
import { SecretStore, type OsEncryption, type ScryptCost } from '../secrets'
import { SettingsService } from '../settings'
import { DeskSession, PeopleService, type PersonSecretCost } from '../people'
import { SyncRuns } from '../sync'
import type { EmbeddedSandbox, EmbeddedSandboxOptions } from './embedded-sandbox'
import { mountRouter } from './handler-map'
import type { GivenWallet } from './ledger-wallet'
import { NetworkResolver, type SandboxServers, type SecretBackend } from './network-access'
import { openWorkspace, type Workspace } from './workspace'
import { defaultDatabasePath } from './paths'

export interface MainServicesOptions {
  /** The ledger: a database file, or a team database's `postgres://` address. Opened here, closed by close(). */
  readonly databasePath: string
  /** The team database's password (unsealed from the desk's own file by chooseLedger); never in the address. */
  readonly databasePassword?: string
  /**
   * This desk's own SQLite file, where its secrets live when the ledger is a team database
   * (issue 17: the API key and seed never go into the team's database). Default: the desk's file
   * in its data folder. Unused on a SQLite ledger: that file is the desk's own.
   */
  readonly deskDatabasePath?: string
  /** How the ledger was chosen at start (chooseLedger): MERCHANT_DESK_DB wins over the Team database card. */
  readonly ledgerChosenBy?: 'environment' | 'settings' | 'desk'
  /** The clock of the ledger, the secrets, the sync and the exports (tests pass their own). */
  readonly now?: () => Date
  /** The network of this process (the CLI's --network); default: the one chosen in Settings, followed as it changes. */
  readonly network?: NetworkId
  /** Electron's safeStorage, in the desktop app; elsewhere secrets use the passphrase vault. */
  readonly os?: OsEncryption | null
  /** Tests: a cheaper scrypt for the passphrase vault. */
  readonly scryptCost?: ScryptCost
  /** Where keys and seeds come from, over the secret store (the CLI: the environment first). Default: the secret store. */
  readonly secretBackend?: (stored: SecretStore) => SecretBackend
  /**
   * Testnet / mainnet endpoints (tests point them at a sandbox; the CLI's --platform-url and
   * --horizon-url). A key or wallet given here wins over the secret store's.
   */
  readonly remote?: ConnectionOverrides
  /** How the sandbox network is reached (default: started inside this process). */
  readonly sandboxServers?: SandboxServers
  /** The embedded sandbox's generated history and clock. */
  readonly sandbox?: EmbeddedSandboxOptions
  /**
   * Who acts on a desk without people, for the audit log and the export history: "desktop"
   * (default), or the OS user on the command line. Once people exist, the person working.
   */
  readonly actor?: string
  /** Tests: a cheaper scrypt for people's secrets. */
  readonly personSecretCost?: PersonSecretCost
  /** Written into export manifests and shown in app:info. */
  readonly version?: string
  /** Opens an http(s) URL in the system browser; answers whether it did. Default: never (a browser tab, a terminal). */
  readonly openExternal?: (url: string) => Promise<boolean>
  /** Where unexpected errors go (a log); never to the user as such. */
  readonly onInternalError?: (where: string, error: unknown) => void
  /** Tests: shorter payout waits and envelope lifetimes. */
  readonly payoutTimings?: Partial<PayoutTimings>
  /** Crash tests: called at each failpoint of the payout journal. */
  readonly payoutFailpoint?: (name: PayoutFailpoint) => void
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
  /** Reload views when another desk or command commits to the ledger (the desktop app and preview do). */
  readonly followOtherDesks?: boolean
  /**
   * Where fiat rates come from (CoinGecko's simple-price format): MERCHANT_DESK_RATE_URL on the
   * command line. Default: the sandbox's own rate source on the sandbox, CoinGecko elsewhere.
   */
  readonly rateUrl?: string
  /** What follows invoices' events (postbacks), inside the transaction that settles them. */
  readonly invoiceHooks?: InvoiceHooks
  /**
   * The secret postbacks are signed with (issue 19); null: nothing is sent, and the deliveries list
   * says why. Default: MERCHANT_DESK_POSTBACK_SECRET of this process's environment.
   */
  readonly postbackSecret?: PostbackSecret
  /** Where payment postbacks go (the CLI: MERCHANT_DESK_POSTBACK_URL). Default: the ledger's setting `postbacks.url`. */
  readonly postbackUrl?: PostbackUrlSource
  /** Send due postbacks in the background while the services run (the desktop app and the gateway do). */
  readonly deliverPostbacks?: boolean
  /**
   * The shop's gateway token, read when the gateway starts (never stored in the database).
   * Default: MERCHANT_DESK_GATEWAY_TOKEN of this process's environment.
   */
  readonly gatewayToken?: () => string | null | undefined
  /** The gateway's allow list when Settings give none. Default: MERCHANT_DESK_GATEWAY_ALLOW of this process's environment. */
  readonly gatewayAllow?: () => string | null | undefined
  /** What runs beside the gateway while it is on. Default: the postback deliverer, unless `deliverPostbacks` runs it always. */
  readonly gatewayPostbacks?: BackgroundLoop
}

export interface MainServices {
  readonly store: MerchantDb
  readonly events: EventBus
  readonly settings: SettingsService
  readonly secrets: SecretStore
  /** Who is working at this desk (issue 18): unlocked by a person's secret once people exist. */
  readonly session: DeskSession
  /** People and the refund policy. */
  readonly people: PeopleService
  readonly payouts: PayoutService
  /** The incomplete-payment queue. */
  readonly queue: QueueService
  /** Invoices for direct Pi payments (issue 19). */
  readonly invoices: InvoiceService
  /** Signed postbacks to the shop's backend: the deliveries list, redelivery, the deliverer. */
  readonly postbacks: PostbackService
  /** The shop's gateway (issue 19): off until Settings or `merchant-desk gateway` start it. */
  readonly gateway: GatewayService
  /** The sync run in flight. */
  readonly syncRuns: SyncRuns
  /** The export in flight and this session's exports. */
  readonly exportRuns: ExportRuns
  /** Every channel of the contract over these services (built on first use). */
  readonly router: Router
  /** The network in use now. */
  networkId(): NetworkId
  /** The services of that network: its connection and sync engine. Starts or attaches to the sandbox when that is the network. */
  workspace(): Promise<Workspace>
  /** That network's connection, ready to call Pi: refuses in words when its API key is missing. */
  connect(): Promise<NetworkConnection>
  /**
   * Remembers `given` as the ledger's app wallet on the network in use, refuses one that differs,
   * and checks every wallet a connection brings from then on (the command line does this). Returns
   * the ledger's wallet.
   */
  bindLedgerWallet(given: GivenWallet | null): Promise<string | null>
  /** The ledger's wallet as bound (null before bindLedgerWallet, or while unknown). */
  ledgerWallet(): string | null
  /** The embedded sandbox, once started (tests drive its buyers). */
  sandbox(): EmbeddedSandbox | null
  close(): Promise<void>
}

export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const now = options.now ? { now: options.now } : {}
  const store = openDatabase(options.databasePath, { ...now, ...(options.databasePassword === undefined ? {} : { password: options.databasePassword }) })
  // The secrets (and the passphrase vault, its throttle and their audit trail) stay on this desk.
  const desk = store.engine.kind === 'postgres' ? openDeskFile(options.deskDatabasePath ?? defaultDatabasePath(), now, store) : store
  const events = new EventBus()
  const settingsStore = new SettingsRepository(store)
  let settings: SettingsService
  try {
    // The first query: on a team database, where an unreachable server or a refused login shows.
    settings = await SettingsService.load(settingsStore, events)
  } catch (error) {
    store.close()
    if (desk !== store) desk.close()
    throw error
  }
  const session = new DeskSession({ store, ownerName: options.actor ?? 'desktop', onChange: () => events.emit('people:changed', { reason: 'who is working' }) })
  const actor = (): string => session.actorName()
  const people = new PeopleService({ store, session, events, ...(options.personSecretCost ? { secretCost: options.personSecretCost } : {}) })
  const onInternalError = options.onInternalError ?? reportToStderr
  const secrets = new SecretStore({ store: desk, os: options.os ?? null, ...(options.scryptCost ? { scryptCost: options.scryptCost } : {}), ...now })
  const resolver = new NetworkResolver({
    store,
    secrets,
    ...(options.secretBackend ? { backend: options.secretBackend(secrets) } : {}),
    ...(options.remote ? { remote: options.remote } : {}),
    ...(options.sandboxServers ? { sandboxServers: options.sandboxServers } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {})
  })
  const networkId = (): NetworkId => options.network ?? settings.current().network

  // An invoice's status and the postback owed for it are written in one transaction, by whichever
  // path settles it (a sync page, the live stream, a cancel).
  const postbackUrl: PostbackUrlSource = options.postbackUrl ?? ((tx) => readPostbackUrlSetting(tx))
  const skippedPostback = (sentence: string) => process.stderr.write(`merchant-desk: ${sentence}\n`)
  const invoiceHooks: InvoiceHooks = options.invoiceHooks ?? invoicePostbacks({ url: postbackUrl, onSkipped: skippedPostback })

  // One workspace per network; opened again when Settings point elsewhere or its secrets change.
  let current: { readonly key: NetworkId; readonly workspace: Promise<Workspace> } | null = null
  const workspace = (): Promise<Workspace> => {
    const network = networkId()
    if (current?.key !== network) {
      current = {
        key: network,
        workspace: resolver.access(network).then(({ settings: connection, signer }) =>
          openWorkspace(store, connection, {
            ...now,
            signer,
            invoiceHooks,
            onSyncProgress: (progress) => events.emit('task:progress', { task: 'sync', ...progress })
          })
        )
      }
    }
    return current.workspace
  }
  const connect = async (): Promise<NetworkConnection> => {
    // Refused up front, in words: every service that asks for a connection calls Pi.
    return withPiKey((await workspace()).connection)
  }

  // The shop's backend hears what staff do to its Pi payments, in the transaction that does it.
  const postbacks = new PostbackService({
    store,
    actor,
    secret: options.postbackSecret ?? (() => process.env.MERCHANT_DESK_POSTBACK_SECRET?.trim() || null),
    onInternalError
  })
  const paymentHooks = paymentPostbacks({ url: postbackUrl, onSkipped: skippedPostback })
  const payouts = new PayoutService({
    store,
    actor,
    // A refund paid tells the shop, and a walk-in payment refunded in full turns its invoice refunded.
    onPayoutCompleted: async (tx, payout) => {
      await paymentHooks.onRefundCompleted(tx, payout)
      if (payout.route === 'direct') await noteDirectRefund(tx, payout, invoiceHooks)
    },
    session,
    businessTimeZone: () => settings.current().businessTimeZone,
    events,
    ...(options.payoutTimings ? { timings: options.payoutTimings } : {}),
    ...(options.payoutFailpoint ? { failpoint: options.payoutFailpoint } : {}),
    connect
  })
  const syncRuns = new SyncRuns({ store, target: workspace, onRunEnded: () => events.emit('ledger:changed', { reason: 'sync' }) })
  const exportRuns = new ExportRuns({
    store,
    settings,
    version: options.version ?? 'unknown',
    actor,
    chooseSaveLocation: options.chooseSaveLocation ?? saveIntoFolder(join(dirname(desk.path), 'exports')),
    appWallet: async () => (await workspace()).connection.appWallet,
    onProgress: (progress) => events.emit('task:progress', { task: 'export', ...progress }),
    ...now
  })
  // Built now, not on first use: what waits in the queue when the services open is not news.
  const queue = createQueueService({
    store,
    actor,
    networkId,
    connect,
    events,
    payouts: payouts.queueView(),
    onPaymentAction: paymentHooks.onPaymentAction,
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {})
  })

  const invoices = new InvoiceService({
    store,
    actor,
    session,
    events,
    networkId,
    appWallet: async () => (await workspace()).connection.appWallet,
    // An address given (MERCHANT_DESK_RATE_URL) wins; the sandbox serves its own rate source
    // beside its Pi Platform API, so a fresh install makes fiat invoices with no outside call.
    rates: async () => {
      const connection = (await workspace()).connection
      const baseUrl = options.rateUrl ?? (connection.networkId === 'sandbox' ? connection.platformUrl : COINGECKO_URL)
      return coinGeckoRates({ baseUrl, now: () => store.now() })
    },
    hooks: invoiceHooks
  })

  // While the gateway runs its invoices keep settling: it follows the chain's live stream itself,
  // unless the app's live mode already does (one follower per engine).
  const gateway = new GatewayService({
    store,
    invoices,
    session,
    actor,
    token: options.gatewayToken ?? (() => process.env[GATEWAY_TOKEN_VARIABLE]),
    defaultAllow: options.gatewayAllow ?? (() => process.env[GATEWAY_ALLOW_VARIABLE]),
    follow:
      options.followLive === true
        ? null
        : async (signal) =>
            (await workspace()).sync().follow({
              signal,
              onChange: () => events.emit('ledger:changed', { reason: 'live' }),
              onError: (error) => onInternalError('gateway: following the chain', error)
            }),
    followKey: networkId,
    // The gateway sends postbacks while it runs, unless this desk already does all the time (the app).
    ...(options.gatewayPostbacks ? { postbacks: options.gatewayPostbacks } : options.deliverPostbacks ? {} : { postbacks: postbacks.deliverer }),
    onInternalError
  })

  // New secrets (or a locked vault) mean new clients: the next call opens the workspace again.
  const secretsChanged = (network: SecretNetwork) => {
    if (current?.key === network) current = null
    events.emit('settings:changed', { network: settings.current().network })
  }

  let router: Router | null = null
  const services: MainServices = {
    store,
    events,
    settings,
    secrets,
    session,
    people,
    payouts,
    queue,
    invoices,
    postbacks,
    gateway,
    syncRuns,
    exportRuns,
    get router() {
      return (router ??= mountRouter({
        store,
        desk,
        events,
        settings,
        settingsStore,
        secrets,
        payouts,
        queue,
        invoices,
        postbacks,
        gateway,
        syncRuns,
        exportRuns,
        actor,
        session,
        people,
        ledgerSetByEnvironment: options.ledgerChosenBy === 'environment',
        version: options.version ?? 'unknown',
        openExternal: options.openExternal ?? (async () => false),
        remote: options.remote ?? {},
        workspace,
        connect,
        secretsChanged,
        onInternalError,
        ...now
      }))
    },
    networkId,
    workspace,
    connect,
    bindLedgerWallet: (given) => resolver.bindLedgerWallet(networkId(), given),
    ledgerWallet: () => resolver.ledgerWallet(),
    sandbox: () => resolver.sandbox(),
    close: async () => {
      live?.abort()
      queue.dispose()
      await postbacks.deliverer.stop()
      await resolver.close()
      store.close()
      if (desk !== store) desk.close()
    }
  }

  const stopFollowing = options.followOtherDesks === true ? followOtherDesks(store, events, settings, onInternalError) : () => undefined
  const closeServices = services.close
  Object.assign(services, {
    close: async () => {
      await gateway.close()
      stopFollowing()
      await closeServices()
    }
  })

  if (options.deliverPostbacks) {
    postbacks.deliverer.start()
    // A queue action or a payout may just have queued a postback: send it now, not at the next poll.
    events.on('ledger:changed', () => postbacks.deliverer.nudge())
  }
  if (options.syncOnStart) void services.router.call('sync:start', undefined)
  // Invariant 4: every interrupted payout is finished (or safely stopped) at start.
  if (options.recoverPayoutsOnStart) {
    // What the merchant must fix (e.g. a Horizon of another network) is kept for the payouts list,
    // not logged as a bug; the views reload to show it.
    void payouts
      .recover()
      .then(() => {
        if (payouts.recoveryProblem(settings.current().network)) events.emit('ledger:changed', { reason: 'payout' })
      })
      .catch((error: unknown) => onInternalError('payouts:recover', error))
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
        onError: (error) => onInternalError('sync:follow', error)
      })
    } catch {
      // No key or wallet on this network yet: nothing to follow until Settings change.
    }
  }
  if (options.followLive) {
    void follow()
    events.on('settings:changed', () => void follow())
  }

  return services
}

/** The desk's own file, opened beside a team ledger; the ledger is closed again if it cannot open. */
function openDeskFile(path: string, now: { readonly now?: () => Date }, ledger: MerchantDb): MerchantDb {
  try {
    return openDatabase(path, now)
  } catch (error) {
    ledger.close()
    throw error
  }
}

function reportToStderr(where: string, error: unknown): void {
  // Only the error's name and message: stacks and request configs can carry local paths or keys.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown'
  process.stderr.write(`merchant-desk: internal error in ${where}: ${text}\n`)
}

/** How long a desk gathers other desks' changes before it tells its views (a sync page is many). */
const OTHER_DESKS_SETTLE_MS = 200

/**
 * Another desk (or a CLI command) committed to this ledger: the views reload as they do after this
 * desk's own sync, and settings another desk changed are read again. Within a second on either
 * engine (LISTEN/NOTIFY on PostgreSQL, the file's data version on SQLite).
 */
function followOtherDesks(
  store: MerchantDb,
  events: EventBus,
  settings: SettingsService,
  onInternalError: (where: string, error: unknown) => void
): () => void {
  let pending: Set<string | null> | null = null
  let stopped = false
  const flush = (): void => {
    const tables = pending ?? new Set()
    pending = null
    if (stopped) return
    if (tables.has('settings') || tables.has(null)) settings.reload().catch((error: unknown) => onInternalError('reading settings another desk changed', error))
    if ([...tables].some((table) => table !== 'settings')) events.emit('ledger:changed', { reason: 'another desk' })
  }
  const stop = store.watchChanges((table) => {
    if (pending === null) {
      pending = new Set()
      setTimeout(flush, OTHER_DESKS_SETTLE_MS).unref()
    }
    pending.add(table)
  })
  return () => {
    stopped = true
    stop()
  }
}
