// Everything the simulated Pi backend knows, and the indexes Pi's rules need: one open A2U payment
// per user, one open U2A payment per buyer, the open A2U payments of each app in creation order
// (incomplete_server_payments). Tests inspect it directly; the HTTP routes and the buyer's wallet
// act on it through developer-api.ts and wallet.ts.
import type { PiNetworkName } from '../../shared/network'
import type { SimulatedChain } from '../chain/types'
import { toPaymentDTO, type PaymentDTO } from './dto'
import { cryptoRandomInt, newAccessToken, newUserUid, type RandomIntSource } from './identifiers'
import { isFinal, type PaymentRecord, type PlatformUser, type SandboxApp } from './records'

/** One network Pi serves: its ledger and the Horizon URL written in `transaction._link`. */
export interface PlatformNetwork {
  readonly chain: SimulatedChain
  readonly horizonUrl: string
}

interface ServedNetwork {
  readonly chain: SimulatedChain
  horizonUrl: string
}

export interface PlatformRules {
  /** How long the developer has to approve a U2A payment (Pi: about 60 s). */
  readonly approvalWindowMs: number
  /** Open A2U payments an app may hold before `too_many_payments`. */
  readonly maxOpenAppToUserPayments: number
  /** Lifetime of a buyer's access token. */
  readonly accessTokenLifetimeMs: number
}

export const DEFAULT_PLATFORM_RULES: PlatformRules = {
  approvalWindowMs: 60_000,
  maxOpenAppToUserPayments: 50,
  accessTokenLifetimeMs: 24 * 3600_000
}

export interface NewUser {
  readonly app: SandboxApp
  readonly username: string
  readonly walletAddress: string | null
  readonly scopes?: readonly string[]
  readonly uid?: string
  readonly accessToken?: string
}

/** Per app, keyed by the app-local uid (uids of different apps may collide). */
interface AppBook {
  readonly users: Map<string, PlatformUser>
  readonly openAppToUser: Map<string, PaymentRecord>
  readonly openUserToApp: Map<string, PaymentRecord>
  /** Open A2U payments in creation order: incomplete_server_payments. */
  readonly openAppToUserInOrder: Set<PaymentRecord>
}

export class PlatformState {
  readonly rules: PlatformRules
  readonly clock: () => Date
  readonly random: RandomIntSource
  private readonly appsByKey = new Map<string, SandboxApp>()
  private readonly books = new Map<SandboxApp, AppBook>()
  private readonly networks = new Map<PiNetworkName, ServedNetwork>()
  private readonly usersByToken = new Map<string, PlatformUser>()
  private readonly byId = new Map<string, PaymentRecord>()

  constructor(options: {
    readonly apps: readonly SandboxApp[]
    readonly networks: readonly PlatformNetwork[]
    readonly clock: () => Date
    readonly random?: RandomIntSource
    readonly rules?: Partial<PlatformRules>
  }) {
    this.clock = options.clock
    this.random = options.random ?? cryptoRandomInt
    this.rules = { ...DEFAULT_PLATFORM_RULES, ...options.rules }
    for (const network of options.networks) {
      this.networks.set(network.chain.networkPassphrase as PiNetworkName, { ...network })
    }
    for (const app of options.apps) {
      if (this.appsByKey.has(app.apiKey)) throw new Error(`Two sandbox apps share the API key of ${app.name}.`)
      if (!this.networks.has(app.network)) {
        throw new Error(`Sandbox app ${app.name} is on ${app.network}, but no ledger of that network was given.`)
      }
      this.appsByKey.set(app.apiKey, app)
      this.books.set(app, {
        users: new Map(),
        openAppToUser: new Map(),
        openUserToApp: new Map(),
        openAppToUserInOrder: new Set()
      })
    }
  }

  private book(app: SandboxApp): AppBook {
    const book = this.books.get(app)
    if (book === undefined) throw new Error(`${app.name} is not an app of this sandbox Platform.`)
    return book
  }

  now(): Date {
    return this.clock()
  }

  apps(): readonly SandboxApp[] {
    return [...this.appsByKey.values()]
  }

  appByKey(apiKey: string): SandboxApp | undefined {
    return this.appsByKey.get(apiKey)
  }

  chainOf(network: PiNetworkName): SimulatedChain {
    return this.networkOf(network).chain
  }

  horizonUrlOf = (network: PiNetworkName): string => this.networkOf(network).horizonUrl

  /** Where `transaction._link` points for this network (a Horizon that started after the state). */
  setHorizonUrl(network: PiNetworkName, horizonUrl: string): void {
    this.networkOf(network).horizonUrl = horizonUrl
  }

  private networkOf(network: PiNetworkName): ServedNetwork {
    const found = this.networks.get(network)
    if (found === undefined) throw new Error(`The sandbox Platform serves no ${network} ledger.`)
    return found
  }

  registerUser(input: NewUser): PlatformUser {
    const uid = input.uid ?? newUserUid(this.random)
    const book = this.book(input.app)
    if (book.users.has(uid)) throw new Error(`User ${uid} already exists for ${input.app.name}.`)
    const user: PlatformUser = {
      app: input.app,
      uid,
      username: input.username,
      walletAddress: input.walletAddress,
      scopes: [...(input.scopes ?? ['username', 'payments', 'wallet_address'])],
      accessToken: input.accessToken ?? newAccessToken(this.random),
      tokenValidUntil: new Date(this.now().getTime() + this.rules.accessTokenLifetimeMs)
    }
    book.users.set(uid, user)
    this.usersByToken.set(user.accessToken, user)
    return user
  }

  user(app: SandboxApp, uid: string): PlatformUser | undefined {
    return this.books.get(app)?.users.get(uid)
  }

  userByAccessToken(token: string): PlatformUser | undefined {
    return this.usersByToken.get(token)
  }

  payment(identifier: string): PaymentRecord | undefined {
    return this.byId.get(identifier)
  }

  payments(): IterableIterator<PaymentRecord> {
    return this.byId.values()
  }

  get paymentCount(): number {
    return this.byId.size
  }

  toDTO(payment: PaymentRecord): PaymentDTO {
    return toPaymentDTO(payment, this.horizonUrlOf)
  }

  /** Bound, for callbacks. */
  paymentById = (identifier: string): PaymentRecord | undefined => this.byId.get(identifier)

  openAppToUserPaymentOf(app: SandboxApp, uid: string): PaymentRecord | undefined {
    return this.books.get(app)?.openAppToUser.get(uid)
  }

  openUserToAppPaymentOf(app: SandboxApp, uid: string): PaymentRecord | undefined {
    return this.books.get(app)?.openUserToApp.get(uid)
  }

  openAppToUserPayments(app: SandboxApp): PaymentRecord[] {
    return [...(this.books.get(app)?.openAppToUserInOrder ?? [])]
  }

  /** Stores a payment as is (the dataset generator's bulk path uses this too) and indexes it. */
  insert(payment: PaymentRecord): void {
    if (this.byId.has(payment.identifier)) throw new Error(`Payment ${payment.identifier} already exists.`)
    this.book(payment.app) // refuses a payment of an app this Platform does not serve
    this.byId.set(payment.identifier, payment)
    // A payment born final was never open: nothing to index (the bulk path inserts millions).
    if (!isFinal(payment)) this.reindex(payment)
  }

  linkTransaction(payment: PaymentRecord, txid: string, verified: boolean): void {
    payment.transaction = { txid, verified }
    payment.status.transactionVerified = verified
  }

  /** Call after any status change: keeps the open-payment indexes true. */
  reindex(payment: PaymentRecord): void {
    const book = this.book(payment.app)
    const uid = payment.userUid
    const open = payment.direction === 'app_to_user' ? book.openAppToUser : book.openUserToApp
    if (isFinal(payment)) {
      if (open.get(uid) === payment) open.delete(uid)
      if (payment.direction === 'app_to_user') book.openAppToUserInOrder.delete(payment)
    } else {
      open.set(uid, payment)
      if (payment.direction === 'app_to_user') book.openAppToUserInOrder.add(payment)
    }
  }

  /**
   * Pi cancels a U2A payment the developer did not approve in time. Applied lazily whenever a
   * payment is read or acted on, so a moved clock is all a test needs.
   */
  settleApprovalWindow(payment: PaymentRecord): void {
    if (
      payment.approvalDeadlineMs !== null &&
      !payment.status.developerApproved &&
      !isFinal(payment) &&
      this.now().getTime() >= payment.approvalDeadlineMs
    ) {
      payment.status.cancelled = true
      this.reindex(payment)
    }
  }
}
