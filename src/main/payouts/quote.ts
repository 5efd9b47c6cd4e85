// What the refund form shows before anything is paid: what is left to refund of the sale, the fee
// the app wallet pays, its balance and reserve, and why the payout could not go ahead now. A quote
// writes nothing; the same checks run again when the payout is recorded.
import type { MerchantDb } from '../db'
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import type { PayoutProblemView, PayoutQuoteInput } from '../../shared/contract/payouts'
import { parseUserAmount, type Stroops } from '../../shared/money'
import type { NetworkId } from '../../shared/network'
import type { PayoutPorts } from './ports'
import { refundableSale } from './refund-cap'
import { readWalletFunds, PI_MIN_FEE_STROOPS } from './steps/sign-envelope'
import { payoutProblems } from './problems'

export interface PayoutQuote {
  readonly kind: 'refund' | 'payout'
  readonly uid: string | null
  readonly refundOf: string | null
  readonly refundableRemainder: Stroops | null
  readonly amount: Stroops | null
  readonly fee: Stroops
  readonly walletPublicKey: string | null
  readonly walletBalance: Stroops | null
  readonly minimumBalance: Stroops | null
  readonly balanceAfter: Stroops | null
  readonly problems: readonly PayoutProblemView[]
}

/**
 * What a quote reads of the network's connection; the service passes its PayoutConnection. Named
 * here, not imported from service.ts, because the service imports this file.
 */
export interface QuoteConnection extends Pick<PayoutPorts, 'horizon' | 'signer'> {
  readonly networkId: NetworkId
  /** null while no app wallet is set for the network. */
  readonly appWallet: string | null
}

export async function quotePayout(
  deps: { readonly store: MerchantDb; readonly connection: QuoteConnection },
  input: PayoutQuoteInput
): Promise<PayoutQuote> {
  const { connection } = deps
  const problems: PayoutProblemView[] = []
  let uid: string | null = null
  let remainder: Stroops | null = null
  if (input.kind === 'refund') {
    // An unknown or unrefundable sale is the form's error, not a problem to list.
    const sale = refundableSale(deps.store.sqlite, connection.networkId, input.paymentId.trim())
    uid = sale.uid
    remainder = sale.remainder
    if (remainder === 0n) problems.push({ code: 'refund_above_remainder', message: 'This payment has already been refunded in full.' })
  } else {
    uid = input.uid.trim()
  }
  let amount: Stroops | null = null
  if (input.amount !== undefined && input.amount.trim() !== '') {
    try {
      amount = parseUserAmount(input.amount)
      if (amount <= 0n) throw new UserFacingError('amount_not_positive', 'Enter an amount above zero.')
      if (remainder !== null && amount > remainder) {
        problems.push({ code: 'refund_above_remainder', message: 'The amount is more than what is left to refund.' })
      }
    } catch (error) {
      amount = null
      if (!isUserFacingError(error)) throw error
      problems.push({ code: error.code, message: error.message })
    }
  }
  const wallet = connection.appWallet
  if (wallet === null || connection.signer() === null) problems.push(payoutProblems.walletSeedMissing())
  let fee = PI_MIN_FEE_STROOPS
  let balance: Stroops | null = null
  let minimum: Stroops | null = null
  let after: Stroops | null = null
  if (wallet !== null) {
    try {
      const funds = await readWalletFunds(connection, wallet)
      if (funds === null) problems.push(payoutProblems.walletMissing(wallet))
      else {
        fee = funds.fee
        balance = funds.balance
        minimum = funds.minimum
        if (amount !== null) {
          after = funds.balance - amount - funds.fee
          if (after < funds.minimum) problems.push(payoutProblems.underfunded(amount + funds.fee, funds.balance - funds.minimum))
        }
      }
    } catch (error) {
      if (!isUserFacingError(error)) throw error
      problems.push({ code: error.code, message: `The wallet balance could not be read: ${error.message}` })
    }
  }
  return {
    kind: input.kind,
    uid,
    refundOf: input.kind === 'refund' ? input.paymentId.trim() : null,
    refundableRemainder: remainder,
    amount,
    fee,
    walletPublicKey: wallet,
    walletBalance: balance,
    minimumBalance: minimum,
    balanceAfter: after,
    problems
  }
}
