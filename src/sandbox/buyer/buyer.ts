// A Pi user buying from a sandbox app, for tests and demos: their Pi account (uid for the app,
// username, access token, granted scopes), their funded keypair on the app's ledger, and what they
// can do in the Pi Browser and Pi Wallet: start a U2A payment, cancel it, let it expire, submit its
// transaction honestly or lie about it, or walk away and leave it incomplete.
import { Keypair } from '@stellar/stellar-sdk'
import type { SimulatedChain, SubmitOutcome } from '../chain/types'
import type { PaymentDTO } from '../platform/dto'
import { WALLET_ADDRESS_SCOPE, type PlatformUser, type SandboxApp } from '../platform/records'
import type { PlatformState } from '../platform/state'
import { cancelAsUser, expireApprovalWindow, reportSubmittedTransaction, startUserPayment } from '../platform/wallet'
import { newPaymentIdentifier } from '../platform/identifiers'
import type { TransactionCheck } from '../platform/verify-transaction'
import { buildSignedPayment, type NativeTransfer } from './envelope'
import { misstatedAmount, type LieKind } from './lies'

export interface BuyerOptions {
  readonly platform: PlatformState
  readonly app: SandboxApp
  readonly username: string
  /** Defaults to a fresh random keypair. */
  readonly keypair?: Keypair
  /** Stroops funded on the app's ledger at creation (0 = do not create the account). */
  readonly funding?: bigint
  /** False: the buyer never granted `wallet_address`, so A2U payments to them fail (missing_scope). */
  readonly grantWalletAddress?: boolean
  /** The other Pi network's ledger, where an `other_network` liar submits. */
  readonly otherNetwork?: SimulatedChain
}

export interface PaymentRequest {
  /** Pi, as the JS SDK takes it (a JSON number). */
  readonly amount: number
  readonly memo: string
  readonly metadata: Record<string, unknown>
}

export interface SubmitOptions {
  readonly lie?: LieKind
  /** False: the wallet crashed before telling Pi; only the ledger knows. */
  readonly reportToPi?: boolean
}

export interface Submission {
  /** The transaction hash, or null when nothing reached a ledger. */
  readonly txid: string | null
  /** The ledger's answer (null for a replayed txid: nothing was submitted). */
  readonly outcome: SubmitOutcome | null
  /** Pi's check of the reported txid (null when not reported). */
  readonly check: TransactionCheck | null
  readonly payment: PaymentDTO
}

const DEFAULT_FUNDING = 1_000n * 10_000_000n

export class Buyer {
  private readonly chain: SimulatedChain
  private readonly settledTxids: string[] = []
  private accomplice: Keypair | undefined

  private constructor(
    private readonly platform: PlatformState,
    readonly user: PlatformUser,
    readonly keypair: Keypair,
    private readonly otherNetwork: SimulatedChain | undefined
  ) {
    this.chain = platform.chainOf(user.app.network)
  }

  /** Signs a new buyer up with the app (registering their uid) and funds their account. */
  static create(options: BuyerOptions): Buyer {
    const keypair = options.keypair ?? Keypair.random()
    const grant = options.grantWalletAddress ?? true
    const user = options.platform.registerUser({
      app: options.app,
      username: options.username,
      walletAddress: keypair.publicKey(),
      scopes: grant ? ['username', 'payments', WALLET_ADDRESS_SCOPE] : ['username', 'payments']
    })
    const funding = options.funding ?? DEFAULT_FUNDING
    if (funding > 0n) options.platform.chainOf(options.app.network).fund(keypair.publicKey(), funding)
    return new Buyer(options.platform, user, keypair, options.otherNetwork)
  }

  /** A buyer who already exists (the dataset generator's), given their key. */
  static attach(options: {
    readonly platform: PlatformState
    readonly user: PlatformUser
    readonly keypair: Keypair
    readonly otherNetwork?: SimulatedChain
  }): Buyer {
    if (options.user.walletAddress !== options.keypair.publicKey()) {
      throw new Error(`The key given for ${options.user.username} is not their wallet's.`)
    }
    return new Buyer(options.platform, options.user, options.keypair, options.otherNetwork)
  }

  get uid(): string {
    return this.user.uid
  }

  get username(): string {
    return this.user.username
  }

  get accessToken(): string {
    return this.user.accessToken
  }

  get publicKey(): string {
    return this.keypair.publicKey()
  }

  /** Pi.createPayment: returns the new payment, waiting for the developer's approval. */
  startPayment(request: PaymentRequest): PaymentDTO {
    return this.platform.toDTO(startUserPayment(this.platform, this.user, request))
  }

  cancelPayment(identifier: string): PaymentDTO {
    return this.platform.toDTO(cancelAsUser(this.platform, this.user, identifier))
  }

  letApprovalWindowExpire(identifier: string): PaymentDTO {
    return this.platform.toDTO(expireApprovalWindow(this.platform, this.user, identifier))
  }

  payment(identifier: string): PaymentDTO {
    const payment = this.platform.payment(identifier)
    if (payment === undefined || payment.userUid !== this.uid) throw new Error(`${this.username} has no payment ${identifier}.`)
    this.platform.settleApprovalWindow(payment)
    return this.platform.toDTO(payment)
  }

  /** Signs and submits the payment's transaction in the Pi Wallet, honestly or not. */
  submitPayment(identifier: string, options: SubmitOptions = {}): Submission {
    const payment = this.payment(identifier)
    const lie = options.lie
    let txid: string | null
    let outcome: SubmitOutcome | null = null
    if (lie === 'replayed_txid') {
      txid = this.settledTxids.at(-1) ?? null
      if (txid === null) throw new Error(`${this.username} has no settled transaction to replay.`)
    } else {
      const chain = lie === 'other_network' ? this.requireOtherNetwork() : this.chain
      const envelope = buildSignedPayment({
        chain,
        signer: this.keypair,
        transfers: this.transfersFor(payment, lie),
        memoText: lie === 'wrong_memo' ? newPaymentIdentifier() : payment.identifier
      })
      outcome = chain.submit(envelope.xdr)
      txid = outcome.kind === 'applied' ? outcome.transaction.hash : (outcome.recorded?.hash ?? null)
    }
    let check: TransactionCheck | null = null
    if (txid !== null && (options.reportToPi ?? true)) {
      check = reportSubmittedTransaction(this.platform, this.user, identifier, txid)
      if (check.ok) this.settledTxids.push(txid)
    }
    return { txid, outcome, check, payment: this.payment(identifier) }
  }

  /**
   * A plain transfer from this buyer's wallet with a memo of their choosing, outside any Pi
   * payment: anyone can put any text memo on a transaction, including another payment's id.
   * `fail` makes the ledger record it as failed (op_underfunded; only the fee is charged).
   */
  sendTransfer(transfer: { readonly to: string; readonly amount: bigint; readonly memo: string; readonly fail?: boolean }): SubmitOutcome {
    const honest: NativeTransfer = { destination: transfer.to, amount: transfer.amount }
    const balance = this.chain.account(this.publicKey)?.balance ?? 0n
    const envelope = buildSignedPayment({
      chain: this.chain,
      signer: this.keypair,
      transfers: transfer.fail === true ? [honest, { destination: transfer.to, amount: balance }] : [honest],
      memoText: transfer.memo
    })
    return this.chain.submit(envelope.xdr)
  }

  private transfersFor(payment: PaymentDTO, lie: LieKind | undefined): NativeTransfer[] {
    const amount = this.platform.payment(payment.identifier)?.amount ?? 0n
    const honest: NativeTransfer = { destination: payment.to_address, amount }
    switch (lie) {
      case 'wrong_amount':
        return [{ ...honest, amount: misstatedAmount(amount) }]
      case 'wrong_destination':
        return [{ ...honest, destination: this.accompliceAddress() }]
      case 'failed_transaction': {
        // A second transfer of the whole balance cannot be covered: the ledger records the
        // transaction as failed (op_underfunded) and charges only the fee.
        const balance = this.chain.account(this.publicKey)?.balance ?? 0n
        return [honest, { destination: payment.to_address, amount: balance }]
      }
      default:
        return [honest]
    }
  }

  private accompliceAddress(): string {
    if (this.accomplice === undefined) {
      this.accomplice = Keypair.random()
      this.chain.fund(this.accomplice.publicKey(), 10n * 10_000_000n)
    }
    return this.accomplice.publicKey()
  }

  private requireOtherNetwork(): SimulatedChain {
    if (this.otherNetwork === undefined) throw new Error('This buyer was given no other network to lie on.')
    if (this.otherNetwork.account(this.publicKey) === undefined) {
      this.otherNetwork.fund(this.publicKey, DEFAULT_FUNDING)
    }
    return this.otherNetwork
  }
}
