// What Pi's servers do when the buyer acts in the Pi Browser and Pi Wallet: start a U2A payment
// (Pi.createPayment), cancel it, and report the txid their wallet submitted. The wallet's report
// is checked against the ledger like `complete` is, so a lying buyer's payment is linked with
// `verified: false` and never counts as verified.
import { platformErrors } from './errors'
import { newPaymentIdentifier } from './identifiers'
import { parsePaymentArgs } from './developer-api'
import { isCancelled, newStatus, type PaymentRecord, type PlatformUser } from './records'
import type { PlatformState } from './state'
import { checkPaymentTransaction, type TransactionCheck } from './verify-transaction'

function ownPayment(state: PlatformState, user: PlatformUser, identifier: string): PaymentRecord {
  const payment = state.payment(identifier)
  if (payment === undefined || payment.app !== user.app || payment.userUid !== user.uid) {
    throw platformErrors.paymentNotFound()
  }
  state.settleApprovalWindow(payment)
  return payment
}

/** Pi.createPayment: a U2A payment waiting for the developer's approval. */
export function startUserPayment(
  state: PlatformState,
  user: PlatformUser,
  request: { readonly amount: number; readonly memo: string; readonly metadata: Record<string, unknown> }
): PaymentRecord {
  const args = parsePaymentArgs(request)
  if (user.walletAddress === null) throw platformErrors.missingWallet()
  // Pi blocks a buyer with an incomplete payment until the developer settles it.
  const ongoing = state.openUserToAppPaymentOf(user.app, user.uid)
  if (ongoing !== undefined) {
    state.settleApprovalWindow(ongoing)
    if (state.openUserToAppPaymentOf(user.app, user.uid) === ongoing) {
      throw platformErrors.ongoingPayment(state.toDTO(ongoing))
    }
  }
  const createdAtMs = state.now().getTime()
  const payment: PaymentRecord = {
    identifier: newPaymentIdentifier(state.random),
    app: user.app,
    userUid: user.uid,
    amount: args.amount,
    memo: args.memo,
    metadata: args.metadata,
    fromAddress: user.walletAddress,
    toAddress: user.app.walletPublicKey,
    direction: 'user_to_app',
    createdAtMs,
    status: newStatus(false),
    transaction: null,
    approvalDeadlineMs: createdAtMs + state.rules.approvalWindowMs
  }
  state.insert(payment)
  return payment
}

/** The buyer closes the payment dialog before paying. */
export function cancelAsUser(state: PlatformState, user: PlatformUser, identifier: string): PaymentRecord {
  const payment = ownPayment(state, user, identifier)
  if (payment.status.developerCompleted) throw platformErrors.alreadyCompleted(state.toDTO(payment))
  if (isCancelled(payment)) throw platformErrors.cancelledPayment(state.toDTO(payment))
  if (payment.transaction !== null) throw platformErrors.paymentTxPresent()
  payment.status.userCancelled = true
  state.reindex(payment)
  return payment
}

/** Moves the approval deadline to now: the next read finds the payment cancelled by Pi. */
export function expireApprovalWindow(state: PlatformState, user: PlatformUser, identifier: string): PaymentRecord {
  const payment = ownPayment(state, user, identifier)
  if (payment.approvalDeadlineMs === null) {
    throw platformErrors.invalidArguments('Only user-to-app payments have an approval window.')
  }
  payment.approvalDeadlineMs = state.now().getTime()
  state.settleApprovalWindow(payment)
  return payment
}

/**
 * The buyer's wallet tells Pi which transaction it submitted. Pi links it at once, verified only
 * if the ledger shows it settles this payment.
 */
export function reportSubmittedTransaction(
  state: PlatformState,
  user: PlatformUser,
  identifier: string,
  txid: string
): TransactionCheck {
  const payment = ownPayment(state, user, identifier)
  if (payment.direction !== 'user_to_app') {
    throw platformErrors.invalidArguments('Only the buyer of a user-to-app payment submits its transaction.')
  }
  if (payment.status.developerCompleted) throw platformErrors.alreadyCompleted(state.toDTO(payment))
  if (isCancelled(payment)) throw platformErrors.cancelledPayment(state.toDTO(payment))
  if (!payment.status.developerApproved) {
    throw platformErrors.notVerified('The Pi Wallet submits only after the developer approved the payment.')
  }
  if (payment.transaction !== null) throw platformErrors.txidMismatch()
  const check = checkPaymentTransaction(state.chainOf(user.app.network), payment, txid, state.paymentById)
  state.linkTransaction(payment, txid, check.ok)
  return check
}
