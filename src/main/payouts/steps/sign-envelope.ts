// Steps 3 and 4: search the chain for the payout (memo = Pi payment id, or a direct refund's own
// memo) BEFORE signing anything,
// then build the envelope (fee from fee_stats, never below Pi's 0.01 Pi base fee; timebounds from
// Horizon's clock, minTime 0) and store it with its hash before it is ever submitted. The wallet's
// balance and reserve are checked first, so a payout that cannot be paid is stopped with a
// sentence instead of a failed transaction that still costs a fee.
import { Account, Asset, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { isHorizonError } from '../../horizon'
import { formatPi, type Stroops } from '../../../shared/money'
import { payoutProblems } from '../problems'
import type { PayoutPorts } from '../ports'
import type { PayoutEnvelope, PayoutRecord } from '../types'
import { chainMemoOf, confirmFromChain, findPayoutOnChain } from './chain-fate'
import { passingPiTrouble } from './pi-errors'

/** Pi's base fee per operation (pi-platform.md §3), whatever fee_stats says. */
export const PI_MIN_FEE_STROOPS = 100_000n
/**
 * Never bid more than this per operation, whatever fee_stats or the ledger say (100 x Pi's base
 * fee, 1 Pi): a surge or a Horizon that misreports fees must not drain the wallet in fees.
 */
export const FEE_CEILING_STROOPS = 100n * PI_MIN_FEE_STROOPS

export interface WalletFunds {
  readonly balance: Stroops
  /** (2 + subentries) x base reserve, plus what open offers hold. */
  readonly minimum: Stroops
  readonly fee: Stroops
  readonly sequence: bigint
  /** Horizon's clock: the last closed ledger's time. */
  readonly chainNow: Date
}

/** The wallet's spendable funds and the fee, all from Horizon. null: the wallet has no account. */
export async function readWalletFunds(ports: Pick<PayoutPorts, 'horizon'>, wallet: string): Promise<WalletFunds | null> {
  const [account, feeStats, ledger] = await Promise.all([
    ports.horizon.account(wallet),
    ports.horizon.feeStats(),
    ports.horizon.latestLedger()
  ])
  if (account === null) return null
  const reserveEntries = 2n + BigInt(account.subentryCount) + BigInt(account.numSponsoring) - BigInt(account.numSponsored)
  const feeFromStats = feeStats.lastLedgerBaseFee > ledger.baseFee ? feeStats.lastLedgerBaseFee : ledger.baseFee
  return {
    balance: account.balance,
    minimum: reserveEntries * ledger.baseReserve + account.sellingLiabilities,
    fee: feeFromStats > PI_MIN_FEE_STROOPS ? feeFromStats : PI_MIN_FEE_STROOPS,
    sequence: account.sequence,
    chainNow: ledger.closedAt
  }
}

export async function signEnvelope(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  const { journal } = ports
  // The Pi payment id, or a direct refund's own memo: what the chain is searched for and the envelope carries.
  const memo = chainMemoOf(payout)
  const destination = payout.toAddress
  if (memo === null || destination === null) throw new Error(`payout ${payout.id} reached signing without its Pi payment`)
  const signer = ports.signer()
  if (signer === null) return journal.transition(payout, 'blocked', { problem: payoutProblems.walletSeedMissing() })
  if (signer.publicKey !== payout.appWallet) {
    return journal.transition(payout, 'blocked', { problem: payoutProblems.wrongAppWallet(payout.appWallet, signer.publicKey) })
  }
  try {
    const landed = await findPayoutOnChain(ports, payout)
    if (landed !== null) return await confirmFromChain(ports, payout, landed)
    // Nothing on chain. Pi's payment must still be open: one cancelled meanwhile (from the queue,
    // or by the shop's backend) must never be paid by a new envelope. A direct refund has none.
    if (payout.route === 'pi') {
      const atPi = await ports.pi.getPayment(memo)
      if (atPi.status.cancelled || atPi.status.userCancelled) {
        return await ports.atomically(async (tx) => {
          await ports.recordPiPayment(tx, atPi, payout.refundOf)
          return journal.within(tx).transition(payout, 'failed', { problem: payoutProblems.cancelledAtPi() })
        })
      }
    }
    const [funds, buyer] = await Promise.all([readWalletFunds(ports, payout.appWallet), ports.horizon.account(destination)])
    if (funds === null) return await journal.transition(payout, 'blocked', { problem: payoutProblems.walletMissing(payout.appWallet) })
    if (buyer === null) return await journal.transition(payout, 'blocked', { problem: payoutProblems.buyerWalletMissing(destination) })
    if (funds.fee > FEE_CEILING_STROOPS) return await journal.transition(payout, 'blocked', { problem: payoutProblems.feeAboveCeiling(funds.fee, FEE_CEILING_STROOPS) })
    const needed = payout.amount + funds.fee
    if (funds.balance - funds.minimum < needed) {
      return await journal.transition(payout, 'blocked', { problem: payoutProblems.underfunded(needed, funds.balance - funds.minimum) })
    }
    // Horizon's clock, or ours when it is ahead: a later maxTime only means waiting longer before a rebuild.
    const nowSeconds = Math.floor(Math.max(funds.chainNow.getTime(), ports.now().getTime()) / 1000)
    const maxTime = nowSeconds + ports.timings.envelopeLifetimeSeconds
    const transaction = new TransactionBuilder(new Account(payout.appWallet, funds.sequence.toString()), {
      fee: funds.fee.toString(),
      networkPassphrase: ports.networkPassphrase,
      timebounds: { minTime: 0, maxTime },
      memo: Memo.text(memo)
    })
      .addOperation(Operation.payment({ destination, asset: Asset.native(), amount: formatPi(payout.amount) }))
      .build()
    await signer.sign(transaction)
    const envelope: PayoutEnvelope = {
      xdr: transaction.toEnvelope().toXDR('base64'),
      hash: transaction.hash().toString('hex'),
      maxTime,
      sequence: (funds.sequence + 1n).toString(),
      fee: funds.fee
    }
    const signed = await journal.transition(payout, 'signed', { envelope, envelopeBuilt: true, problem: null })
    ports.failpoint('envelope-signed')
    return signed
  } catch (error) {
    if (isHorizonError(error)) return journal.note(payout, payoutProblems.horizonUnreachable(error.message))
    const trouble = passingPiTrouble(error)
    if (trouble !== null) return journal.note(payout, payoutProblems.piUnreachable(trouble.message))
    throw error
  }
}
