// What every CLI command connects to: the flags and the environment, read here, handed to the
// same service container the desktop app opens (src/main/app). The connection options are global:
// every command accepts them (before or after its name) and ignores those it does not need. The
// database defaults to the desktop app's, so both see one ledger. Secrets come from the
// environment (PI_API_KEY, PI_WALLET_SEED) or from the secrets saved in Settings (passphrase vault:
// MERCHANT_DESK_PASSPHRASE unlocks it), never from arguments: arguments end up in shell history
// and in `ps` for every user of the machine. On a ledger with people, the person acting comes from
// MERCHANT_DESK_USER and MERCHANT_DESK_USER_SECRET, and each command says what its role must allow
// (person.ts); the check runs before the command does anything.
import { Option, type Command } from 'commander'
import { UserFacingError } from '../shared/errors'
import { isNetworkId, NETWORK_IDS, NETWORKS, type NetworkId } from '../shared/network'
import { createMainServices, defaultDatabasePath, type MainServices, type Workspace } from '../main/app'
import type { MerchantDb } from '../main/db'
import type { EventBus } from '../main/ipc'
import { GATEWAY_ALLOW_VARIABLE, GATEWAY_TOKEN_VARIABLE, type GatewayService } from '../main/gateway'
import type { NetworkConnection } from '../main/network'
import type { Capability, PeopleService } from '../main/people'
import type { PayoutFailpoint, PayoutService } from '../main/payouts'
import { readPostbackUrlSetting, type PostbackService } from '../main/postbacks'
import type { QueueService } from '../main/queue'
import type { InvoiceService } from '../main/invoices'
import type { SettingsService } from '../main/settings'
import { attachBackgroundSandbox } from './background-sandbox'
import { cliSecrets, givenWallet } from './environment'
import { osUser } from './os-user'
import { actAsEnvironmentPerson } from './person'

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
    .option('--db <file|url>', "the ledger: a SQLite file or a team's postgres:// address (default: MERCHANT_DESK_DB, else the desktop app's file, so both see one ledger)")
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

/** The container's services as a command uses them, for the network this command runs on. */
export interface CliContext {
  readonly store: MerchantDb
  readonly networkId: NetworkId
  readonly explorerTxUrl: string | null
  /** The ledger's app wallet on this network, when known without connecting. */
  readonly appWallet: string | null
  readonly settings: SettingsService
  /** Progress of the sync, the payouts and the exports, as the app's window receives it. */
  readonly events: EventBus
  /** Refunds, payouts and approval requests, audited as the person acting. */
  readonly payouts: PayoutService
  /** The incomplete-payment queue, audited as the person acting. */
  readonly queue: QueueService
  /** The people of the ledger and the refund policy. */
  readonly people: PeopleService
  /** Invoices for direct Pi payments, audited as the person acting. */
  readonly invoices: InvoiceService
  /** Signed postbacks to the shop's backend (MERCHANT_DESK_POSTBACK_SECRET signs them). */
  readonly postbacks: PostbackService
  /** The shop's gateway (`merchant-desk gateway`). */
  readonly gateway: GatewayService
  /** Who acts, as the audit log and the export history name them: the person, or the OS user on a ledger without people. */
  actor(): string
  /** The servers, key and wallet, with the sync engine; connects (or attaches to the background sandbox) on first use. */
  workspace(): Promise<Workspace>
  /** The same, ready to call Pi: refuses in words when no API key is set. */
  connect(): Promise<NetworkConnection>
  close(): Promise<void>
}

export interface OpenContextOptions {
  readonly env?: NodeJS.ProcessEnv
  /** What the command does, which the acting person's role must allow (default: read the books). */
  readonly needs?: Capability
  /** Crash tests: the payout journal's failpoints (MERCHANT_DESK_CRASH_AT). */
  readonly payoutFailpoint?: (name: PayoutFailpoint) => void
}

export async function openCliContext(flags: ConnectionFlags, options: OpenContextOptions = {}): Promise<CliContext> {
  const env = options.env ?? process.env
  const builtInSandbox = !flags.platformUrl && !flags.horizonUrl
  const services = await createMainServices({
    // A team's PostgreSQL address or a SQLite file, from --db, else MERCHANT_DESK_DB, else the app's own file.
    databasePath: flags.db ?? nonEmpty(env.MERCHANT_DESK_DB) ?? defaultDatabasePath(env),
    // On a team's database the keys stay in this desk's own file: the app's, as this environment places it.
    deskDatabasePath: defaultDatabasePath(env),
    ...(flags.network && isNetworkId(flags.network) ? { network: flags.network } : {}),
    actor: osUser(),
    remote: {
      ...(flags.platformUrl === undefined ? {} : { platformUrl: flags.platformUrl }),
      ...(flags.horizonUrl === undefined ? {} : { horizonUrl: flags.horizonUrl })
    },
    // One background sandbox per database, shared by every command (background-sandbox.ts).
    sandboxServers: builtInSandbox ? attachAndSay : 'endpoints',
    secretBackend: (stored) => cliSecrets(stored, env),
    // Fiat rates in CoinGecko's format from elsewhere (a paid plan, a proxy); default per network.
    ...(nonEmpty(env.MERCHANT_DESK_RATE_URL) === undefined ? {} : { rateUrl: nonEmpty(env.MERCHANT_DESK_RATE_URL) }),
    // Postbacks are signed with the shop's shared secret and go to its backend: from the environment,
    // the URL else as the ledger's setting says.
    postbackSecret: () => nonEmpty(env.MERCHANT_DESK_POSTBACK_SECRET) ?? null,
    postbackUrl: (tx) => nonEmpty(env.MERCHANT_DESK_POSTBACK_URL) ?? readPostbackUrlSetting(tx),
    gatewayToken: () => env[GATEWAY_TOKEN_VARIABLE],
    gatewayAllow: () => env[GATEWAY_ALLOW_VARIABLE],
    ...(options.payoutFailpoint ? { payoutFailpoint: options.payoutFailpoint } : {})
  })
  try {
    const networkId = services.networkId()
    if (networkId === 'sandbox' && !builtInSandbox && (!flags.platformUrl || !flags.horizonUrl)) {
      throw new UserFacingError(
        'sandbox_urls_missing',
        'For a sandbox started with `merchant-desk sandbox`, give both --platform-url and --horizon-url (or neither, for the built-in one).'
      )
    }
    // Who acts, and whether their role allows this command: before the command does anything.
    await actAsEnvironmentPerson(services.store, services.session, env, options.needs ?? 'read')
    // Remembered (or refused) before anything else happens, even by commands that never connect.
    await services.bindLedgerWallet(givenWallet(flags.wallet, env))
    return contextOf(services, networkId)
  } catch (error) {
    await services.close()
    throw error
  }
}

function contextOf(services: MainServices, networkId: NetworkId): CliContext {
  return {
    store: services.store,
    networkId,
    explorerTxUrl: NETWORKS[networkId].explorerTxUrl,
    get appWallet() {
      return services.ledgerWallet()
    },
    settings: services.settings,
    events: services.events,
    payouts: services.payouts,
    queue: services.queue,
    people: services.people,
    invoices: services.invoices,
    postbacks: services.postbacks,
    gateway: services.gateway,
    actor: () => services.session.actorName(),
    workspace: () => services.workspace(),
    connect: () => services.connect(),
    close: () => services.close()
  }
}

async function attachAndSay(store: MerchantDb) {
  const sandbox = await attachBackgroundSandbox(store)
  if (sandbox.started !== null) process.stderr.write(`${sandbox.started}\n`)
  return sandbox
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
