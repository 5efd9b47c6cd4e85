// Every way a payout can stop, in one place: a stable code, the sentence the merchant reads (what
// happened and what to do) and what the journal does about it. Pi's and Horizon's own codes map
// here (style.md point 7); the runner never invents a sentence of its own.
import { formatPi, type Stroops } from '../../shared/money'
import type { PayoutProblem } from './types'

export const payoutProblems = {
  missingScope: (): PayoutProblem => ({
    code: 'missing_scope',
    message:
      'The buyer has not allowed this app to pay them (the wallet_address permission). Ask them to open your app in the Pi Browser and grant it; nothing was paid.'
  }),
  userNotFound: (): PayoutProblem => ({
    code: 'user_not_found',
    message:
      'Pi does not know this buyer for your app. Check the buyer id (it changes when a buyer revokes and re-grants the app); nothing was paid.'
  }),
  buyerHasOpenPayout: (other: string): PayoutProblem => ({
    code: 'ongoing_payment_found',
    message: `This buyer already has an unfinished payment from your app (${other}) that Merchant Desk did not start. Finish or cancel that one first, then resume.`
  }),
  piRefusedCreate: (code: string, sentence: string): PayoutProblem => ({ code, message: `${sentence} Nothing was paid.` }),
  piUnreachable: (sentence: string): PayoutProblem => ({
    code: 'pi_unreachable',
    message: `${sentence.replace(/\.$/, '')}. Nothing is lost: the payout continues from where it stopped when you resume, or at the next start.`
  }),
  horizonUnreachable: (sentence: string): PayoutProblem => ({
    code: 'horizon_unreachable',
    message: `${sentence.replace(/\.$/, '')}. The same signed transaction will be sent again (it cannot pay twice); resume later or wait for the next start.`
  }),
  wrongAppWallet: (reported: string, configured: string): PayoutProblem => ({
    code: 'wrong_app_wallet',
    message: `Pi pays this app from wallet ${reported}, but the wallet in Settings is ${configured}. Enter the seed of ${reported} in Settings, then resume. Nothing was paid.`
  }),
  walletSeedMissing: (): PayoutProblem => ({
    code: 'wallet_seed_missing',
    message: "No wallet seed is set for this network, so the payout cannot be signed. Add the app wallet's seed in Settings, then resume."
  }),
  wrongSeed: (): PayoutProblem => ({
    code: 'tx_bad_auth',
    message:
      'The network refused the signature: the seed in Settings is not the app wallet’s key. Enter the right seed in Settings, then resume. Nothing was paid.'
  }),
  walletMissing: (wallet: string): PayoutProblem => ({
    code: 'wallet_missing',
    message: `The app wallet ${wallet} does not exist on this network. Check the network in Settings. Nothing was paid.`
  }),
  underfunded: (needed: Stroops, spendable: Stroops): PayoutProblem => ({
    code: 'wallet_underfunded',
    message: `The app wallet can spend ${formatPi(spendable < 0n ? 0n : spendable)} Pi but this payout needs ${formatPi(needed)} Pi with its fee. Top up the app wallet, then resume. Nothing was paid.`
  }),
  underfundedWhenSent: (needed: Stroops): PayoutProblem => ({
    code: 'wallet_underfunded',
    message: `When the transaction was sent, the app wallet could not spend the ${formatPi(needed)} Pi this payout needs with its fee. Top up the app wallet, then resume. Nothing was paid.`
  }),
  buyerWalletMissing: (address: string): PayoutProblem => ({
    code: 'op_no_destination',
    message: `The buyer's wallet ${address} does not exist on this network yet, so it cannot receive Pi. Ask the buyer to activate their wallet, then resume, or cancel the payout. Nothing was paid.`
  }),
  feeAboveCeiling: (asked: Stroops, ceiling: Stroops): PayoutProblem => ({
    code: 'fee_above_ceiling',
    message: `The network asks a fee of ${formatPi(asked)} Pi for this payout, more than the ${formatPi(ceiling)} Pi Merchant Desk ever bids (100 times Pi's base fee). Nothing was signed or paid; resume once fees are back to normal, or cancel the payout.`
  }),
  waitingForExpiry: (maxTime: number): PayoutProblem => ({
    code: 'waiting_for_expiry',
    message: `The signed transaction did not go through, and could still land until ${new Date(maxTime * 1000).toISOString()}. After that time a new one is built; resume then (or let the next start do it).`
  }),
  awaitingChain: (): PayoutProblem => ({
    code: 'awaiting_chain',
    message: 'The transaction was accepted; the chain does not show it yet. Resume in a moment to confirm it.'
  }),
  piPaymentMismatch: (what: string): PayoutProblem => ({
    code: 'pi_payment_mismatch',
    message: `Pi's payment does not match what was asked (${what}). Nothing was paid; cancel this payout and start again.`
  }),
  completeRefused: (sentence: string): PayoutProblem => ({
    code: 'complete_refused',
    message: `The buyer has been paid on chain, but Pi refused to mark the payment complete: ${sentence} Resume to try again; contact Pi support if it persists.`
  }),
  cancelledAtPi: (): PayoutProblem => ({
    code: 'cancelled_at_pi',
    message: 'Pi shows this payment as cancelled (from the queue or by your backend), and nothing was sent on chain. Nothing was paid; start a new one if it is still owed.'
  }),
  cancelledAtPiWhileSigned: (maxTime: number): PayoutProblem => ({
    code: 'cancelled_at_pi',
    message: `Pi shows this payment as cancelled, so its signed transaction will not be sent. It could still land until ${new Date(maxTime * 1000).toISOString()} if it was sent before; resume after that time to close the payout (nothing is paid by resuming).`
  }),
  /**
   * Pi refused to make a refund's A2U payment (Pi documents A2U as Testnet-only; a buyer may not
   * have granted wallet_address): the sale can still be paid back on chain, to the address that
   * paid it, and the sentence says so and how.
   */
  directRefundOffered: (refused: PayoutProblem, sale: string): PayoutProblem => ({
    code: refused.code,
    message: `${refused.message} Pi would not make this refund, but it can be paid straight back to the address that paid the sale, on chain: a direct refund (merchant-desk refund ${sale} --direct, or "Refund to the paying address" in the refund form).`
  }),
  cancelledByStaff: (actor: string): PayoutProblem => ({
    code: 'cancelled',
    message: `Cancelled by ${actor}. Nothing was paid.`
  })
} as const
