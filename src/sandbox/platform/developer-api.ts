// The app developer's side of Pi's Platform API (every call authenticated by the app's server key).
// Rules follow pi-platform.md §1–§3: A2U payments are created approved; `complete` verifies the txid
// on the payment's own ledger before anything is marked done; a payment with a linked transaction
// cannot be cancelled; Pi's A2U record keeps `transaction: null` until `complete` succeeds.
import type { PaymentDTO, UserDTO } from './dto'
import { toUserDTO } from './dto'
import { platformErrors } from './errors'
import { newPaymentIdentifier, isTxid } from './identifiers'
import { stroopsFromApiAmount } from './amounts'
import { isCancelled, newStatus, WALLET_ADDRESS_SCOPE, type PaymentRecord, type SandboxApp } from './records'
import type { PlatformState } from './state'
import { checkPaymentTransaction } from './verify-transaction'

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A payment of this app, or payment_not_found (an app never sees another app's payments). */
export function findPayment(state: PlatformState, app: SandboxApp, identifier: string): PaymentRecord {
  const payment = state.payment(identifier)
  if (payment === undefined || payment.app !== app) throw platformErrors.paymentNotFound()
  state.settleApprovalWindow(payment)
  return payment
}

export function getPayment(state: PlatformState, app: SandboxApp, identifier: string): PaymentDTO {
  return state.toDTO(findPayment(state, app, identifier))
}

export interface PaymentArgs {
  readonly amount: bigint
  readonly memo: string
  readonly metadata: Readonly<Record<string, unknown>>
}

/** Validates the `{amount, memo, metadata}` part every payment creation shares. */
export function parsePaymentArgs(body: Record<string, unknown>): PaymentArgs {
  const amount = stroopsFromApiAmount(body.amount)
  if (amount === null) throw platformErrors.invalidAmount()
  if (typeof body.memo !== 'string') throw platformErrors.invalidArguments('memo must be a string.')
  if (!isPlainObject(body.metadata) || Object.keys(body.metadata).length === 0) {
    throw platformErrors.invalidMetadata()
  }
  return { amount, memo: body.memo, metadata: body.metadata }
}

export function createAppToUserPayment(state: PlatformState, app: SandboxApp, body: unknown): PaymentDTO {
  if (!isPlainObject(body) || !isPlainObject(body.payment)) {
    throw platformErrors.invalidArguments('The body must be {"payment": {amount, memo, metadata, uid}}.')
  }
  const args = parsePaymentArgs(body.payment)
  const uid = body.payment.uid
  if (typeof uid !== 'string' || uid === '') throw platformErrors.invalidArguments('uid must be a string.')
  const user = state.user(app, uid)
  if (user === undefined) throw platformErrors.userNotFound()
  if (!user.scopes.includes(WALLET_ADDRESS_SCOPE)) throw platformErrors.missingScope()
  if (user.walletAddress === null) throw platformErrors.missingWallet()
  const ongoing = state.openAppToUserPaymentOf(app, uid)
  if (ongoing !== undefined) throw platformErrors.ongoingPayment(state.toDTO(ongoing))
  if (state.openAppToUserPayments(app).length >= state.rules.maxOpenAppToUserPayments) {
    throw platformErrors.tooManyPayments(state.rules.maxOpenAppToUserPayments)
  }
  const payment: PaymentRecord = {
    identifier: newPaymentIdentifier(state.random),
    app,
    userUid: uid,
    amount: args.amount,
    memo: args.memo,
    metadata: args.metadata,
    fromAddress: app.walletPublicKey,
    toAddress: user.walletAddress,
    direction: 'app_to_user',
    createdAtMs: state.now().getTime(),
    status: newStatus(true),
    transaction: null,
    approvalDeadlineMs: null
  }
  state.insert(payment)
  return state.toDTO(payment)
}

export function approvePayment(state: PlatformState, app: SandboxApp, identifier: string): PaymentDTO {
  const payment = findPayment(state, app, identifier)
  if (payment.direction !== 'user_to_app') {
    throw platformErrors.invalidArguments('Only user-to-app payments are approved: app-to-user ones are created approved.')
  }
  if (payment.status.developerCompleted) throw platformErrors.alreadyCompleted(state.toDTO(payment))
  if (isCancelled(payment)) {
    const expired = payment.status.cancelled && !payment.status.userCancelled
    throw platformErrors.cancelledPayment(
      state.toDTO(payment),
      expired ? 'Payment was cancelled: it was not approved within the approval window.' : 'Payment was cancelled by the user.'
    )
  }
  // Approving twice is harmless: a developer resuming after a crash gets the payment back.
  payment.status.developerApproved = true
  return state.toDTO(payment)
}

export function completePayment(
  state: PlatformState,
  app: SandboxApp,
  identifier: string,
  body: unknown
): PaymentDTO {
  const payment = findPayment(state, app, identifier)
  const txid = isPlainObject(body) ? body.txid : undefined
  if (txid === undefined || txid === null || txid === '') throw platformErrors.missingTxid()
  if (typeof txid !== 'string' || !isTxid(txid)) throw platformErrors.invalidArguments('txid must be 64 hex characters.')
  if (payment.status.developerCompleted) {
    const linked = payment.transaction?.txid
    throw platformErrors.alreadyCompleted(state.toDTO(payment), { txid_matches: linked === txid })
  }
  if (isCancelled(payment)) throw platformErrors.cancelledPayment(state.toDTO(payment))
  if (!payment.status.developerApproved) {
    throw platformErrors.notVerified('The payment was never approved: no transaction can be verified for it.')
  }
  if (payment.transaction !== null && payment.transaction.txid !== txid) throw platformErrors.txidMismatch()
  const check = checkPaymentTransaction(state.chainOf(app.network), payment, txid, state.paymentById)
  if (!check.ok) throw platformErrors.verificationFailed(check.verificationError, check.detail)
  state.linkTransaction(payment, txid, true)
  payment.status.developerCompleted = true
  state.reindex(payment)
  return state.toDTO(payment)
}

export function cancelPayment(state: PlatformState, app: SandboxApp, identifier: string): PaymentDTO {
  const payment = findPayment(state, app, identifier)
  if (payment.status.developerCompleted) throw platformErrors.alreadyCompleted(state.toDTO(payment))
  if (isCancelled(payment)) throw platformErrors.cancelledPayment(state.toDTO(payment))
  if (payment.transaction !== null) throw platformErrors.paymentTxPresent()
  if (payment.direction === 'user_to_app' && !payment.status.developerApproved) {
    // The buyer still holds it: unapproved payments expire on their own or the buyer cancels.
    throw platformErrors.forbidden(
      state.toDTO(payment),
      'A payment awaiting approval cannot be cancelled by the developer: leave it unapproved and it expires.'
    )
  }
  payment.status.cancelled = true
  state.reindex(payment)
  return state.toDTO(payment)
}

export function incompleteServerPayments(
  state: PlatformState,
  app: SandboxApp
): { incomplete_server_payments: PaymentDTO[] } {
  return { incomplete_server_payments: state.openAppToUserPayments(app).map((p) => state.toDTO(p)) }
}

export function me(state: PlatformState, accessToken: string): UserDTO {
  const user = state.userByAccessToken(accessToken)
  if (user === undefined || user.tokenValidUntil.getTime() <= state.now().getTime()) {
    throw platformErrors.invalidToken()
  }
  return toUserDTO(user)
}
