// Refunds and payouts as the three front doors ask for them. It holds the rules around the state
// machine: bad input is refused before anything is written; one payout at a time per wallet (an
// in-process queue, and a database lease across processes, taken BEFORE the intent is recorded, so
// a second app instance is refused with nothing written); interrupted payouts of the wallet are
// finished before a new one starts; recovery at start and on demand.
import { withTransaction, type MerchantDb } from '../db'
import { isHorizonError, wrongNetworkSentence } from '../horizon'
import type { EventBus } from '../ipc'
import type { NetworkConnection } from '../network'
import { isUserFacingError, UserFacingError } from '../../shared/errors'
import { createSyncEngine, type SyncReport } from '../sync'
import type { PayoutInput, PayoutQuoteInput, RefundInput } from '../../shared/contract/payouts'
import type { NetworkId } from '../../shared/network'
import { payoutIntent, refundIntent } from './intent'
import { PayoutJournal } from './journal'
import { ledgerRecorder } from './ledger-record'
import { DEFAULT_PAYOUT_TIMINGS, type PayoutFailpoint, type PayoutPorts, type PayoutTimings } from './ports'
import { quotePayout, type PayoutQuote } from './quote'
import { checkSeedIsAppWallet } from './app-wallet-check'
import { checkRefundCap, refundableSale } from './refund-cap'
import { checkRefundHistoryRead } from './refund-history'
import { advancePayout, cancelPayout } from './runner'
import { REQUEST_METADATA_KEY } from './steps/create-payment'
import type { PayoutIntent, PayoutProblem, PayoutRecord } from './types'
import { PAYOUT_STATE_LABELS, payoutStep } from './views'
import { acquireWalletLock, WALLET_WAIT_STALL_MS, type WalletLock, type WalletLockOptions } from './wallet-lock'

/** The network a payout is paid on: the one NetworkConnection (src/main/network), of which it uses the clients, the wallet and the signer. */
export type PayoutConnection = Pick<NetworkConnection, 'networkId' | 'passphrase' | 'pi' | 'horizon' | 'appWallet' | 'explorerTxUrl' | 'signer'>

export interface PayoutServiceOptions {
  readonly store: MerchantDb
  /** Who acts, for the audit log. */
  readonly actor: string
  connect(): Promise<PayoutConnection>
  readonly events?: EventBus
  readonly failpoint?: (name: PayoutFailpoint) => void
  readonly sleep?: (ms: number) => Promise<void>
  readonly timings?: Partial<PayoutTimings>
  readonly lock?: WalletLockOptions
  /** Brings the ledger up to date before a refund's cap check (its report, when it has one); default: a sync run of this network. */
  readonly catchUpLedger?: (connection: PayoutConnection & { readonly appWallet: string }) => Promise<SyncReport | null>
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class PayoutService {
  readonly journal: PayoutJournal
  /** Per wallet: the run in progress, so this process pays one payout at a time from it. */
  private readonly queues = new Map<string, Promise<unknown>>()
  /** Why the recovery at start could not run (e.g. another network's Horizon), until a run succeeds. */
  private stoppedRecovery: { readonly networkId: NetworkId; readonly problem: PayoutProblem } | null = null

  constructor(private readonly options: PayoutServiceOptions) {
    this.journal = new PayoutJournal(options.store, options.actor)
  }

  async refund(input: RefundInput): Promise<PayoutRecord> {
    const connection = await this.payingConnection()
    const sale = await refundableSale(this.options.store, connection.networkId, input.paymentId.trim())
    await this.checkSeed(connection, sale.identifier)
    const intent = refundIntent(input, sale)
    await this.refundsUpToDate(connection)
    // Read again inside the intent's own transaction: two forms on one sale cannot both pass it.
    return this.pay(connection, intent, async (tx) => checkRefundCap(await refundableSale(tx, connection.networkId, sale.identifier), intent.amount))
  }

  async payout(input: PayoutInput): Promise<PayoutRecord> {
    const connection = await this.payingConnection()
    const intent = payoutIntent(input)
    await this.checkSeed(connection, null)
    return this.pay(connection, intent, () => undefined)
  }

  /** Resumes one payout (a blocked one too: the operator says its cause is fixed), or every unfinished one. */
  async resume(id?: number): Promise<PayoutRecord[]> {
    const connection = await this.payingConnection()
    const wallet = connection.appWallet
    return this.exclusive(connection, async (ports, lock) => {
      this.stoppedRecovery = null
      const ids = id !== undefined ? [(await this.checkOwn(id, connection)).id] : (await this.journal.unfinished(connection.networkId, wallet)).map((p) => p.id)
      const results: PayoutRecord[] = []
      for (const payoutId of ids) results.push(await advancePayout(ports, payoutId, { resumeBlocked: true, afterStep: () => lock.renew() }))
      return results
    })
  }

  /**
   * At start: finishes interrupted payouts; blocked ones wait for the operator. A problem the
   * merchant must fix (Horizon of another network) is not a bug: it is kept for the payouts list
   * to show (recoveryProblem) instead of thrown, and the payouts stay unfinished for a resume.
   */
  async recover(): Promise<PayoutRecord[]> {
    let connection: PayingConnection
    try {
      connection = await this.payingConnection()
    } catch (error) {
      // No wallet or seed on this network: nothing could have been paid from it, so nothing to finish.
      if (isUserFacingError(error)) return []
      throw error
    }
    if ((await this.journal.unfinished(connection.networkId, connection.appWallet)).length === 0) return []
    try {
      const finished = await this.exclusive(connection, (ports, lock) => this.finishInterrupted(ports, lock, connection))
      this.stoppedRecovery = null
      return finished
    } catch (error) {
      if (!isUserFacingError(error)) throw error
      this.stoppedRecovery = { networkId: connection.networkId, problem: { code: error.code, message: error.message } }
      return []
    }
  }

  /** Why the last recovery at start left this network's interrupted payouts unfinished; null when it did not. */
  recoveryProblem(networkId: NetworkId): PayoutProblem | null {
    return this.stoppedRecovery?.networkId === networkId ? this.stoppedRecovery.problem : null
  }

  async cancel(id: number): Promise<PayoutRecord> {
    const connection = await this.payingConnection({ signerNeeded: false })
    await this.checkOwn(id, connection)
    return this.exclusive(connection, (ports) => cancelPayout(ports, id))
  }

  /**
   * What the incomplete-payment queue must go through for a Pi payment of the app's own payouts:
   * it cancels them only here (cancelPayout), never at Pi directly.
   */
  queueView(): PayoutQueueView {
    return {
      envelopeFor: (identifier) => this.journal.envelopeFor(identifier),
      ownPayoutOf: (identifier, metadata) => {
        const key = metadata[REQUEST_METADATA_KEY]
        return this.journal.ownPayoutOf(identifier, typeof key === 'string' ? key : null)
      },
      cancelOwnPayout: (payoutId) => this.cancel(payoutId)
    }
  }

  list(networkId: NetworkId, refundOf?: string): Promise<PayoutRecord[]> {
    return this.journal.list({ networkId, ...(refundOf !== undefined ? { refundOf } : {}) })
  }

  async quote(input: PayoutQuoteInput): Promise<PayoutQuote> {
    const connection = await this.options.connect()
    return quotePayout({ store: this.options.store, connection }, input)
  }

  private async pay(connection: PayingConnection, intent: PayoutIntent, check: (tx: MerchantDb) => Promise<void> | void): Promise<PayoutRecord> {
    return this.exclusive(connection, async (ports, lock) => {
      const { payout } = await this.journal.record(connection.networkId, connection.appWallet, intent, check)
      this.options.failpoint?.('intent-recorded')
      ports.onChange(payout)
      await this.finishInterrupted(ports, lock, connection, payout.id)
      return advancePayout(ports, payout.id, { afterStep: () => lock.renew() })
    })
  }

  private async finishInterrupted(ports: PayoutPorts, lock: WalletLock, connection: PayingConnection, except?: number): Promise<PayoutRecord[]> {
    const results: PayoutRecord[] = []
    for (const payout of await this.journal.unfinished(connection.networkId, connection.appWallet)) {
      if (payout.id === except || payout.state === 'blocked') continue
      results.push(await advancePayout(ports, payout.id, { afterStep: () => lock.renew() }))
    }
    return results
  }

  /** One run per wallet at a time: queued in this process, leased across processes. */
  private exclusive<T>(connection: PayingConnection, work: (ports: PayoutPorts, lock: WalletLock) => Promise<T>): Promise<T> {
    const wallet = connection.appWallet
    const previous = this.queues.get(wallet) ?? Promise.resolve()
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        // Another desk paying from the wallet is waited for while it progresses: one payout at a time, each desk served.
        const lock = await acquireWalletLock(this.options.store, wallet, { waitWhileStalledMs: WALLET_WAIT_STALL_MS, ...this.options.lock })
        try {
          await checkHorizonNetwork(connection)
          return await work(this.portsFor(connection), lock)
        } finally {
          await lock.release()
        }
      })
    this.queues.set(wallet, run)
    return run
  }

  private portsFor(connection: PayingConnection): PayoutPorts {
    const { store, events } = this.options
    const record = ledgerRecorder(connection.networkId)
    return {
      journal: this.journal,
      pi: connection.pi,
      horizon: connection.horizon,
      networkPassphrase: connection.passphrase,
      appWallet: connection.appWallet,
      signer: () => connection.signer(),
      recordPiPayment: record,
      piPaymentCreatedAt: async (identifier) => {
        const known = await store.db.selectFrom('payments').select('created_at').where('identifier', '=', identifier).executeTakeFirst()
        return known !== undefined ? new Date(Number(known.created_at)) : (await connection.pi.getPayment(identifier)).createdAt
      },
      atomically: (work) => withTransaction(store, work),
      failpoint: (name) => this.options.failpoint?.(name),
      sleep: this.options.sleep ?? realSleep,
      now: () => store.now(),
      timings: { ...DEFAULT_PAYOUT_TIMINGS, ...this.options.timings },
      onChange: (payout) => {
        if (!events) return
        events.emit('payouts:changed', { id: payout.id, state: payout.state })
        events.emit('task:progress', {
          task: 'payout',
          phase: PAYOUT_STATE_LABELS[payout.state],
          done: payoutStep(payout),
          total: 7,
          subject: payout.idempotencyKey
        })
        events.emit('ledger:changed', { reason: 'payout' })
      }
    }
  }

  /**
   * The refund cap knows only this ledger: before it is checked, the ledger catches up with the
   * chain and Pi (a sync: the wallet's history from its cursor, which moves with its rows; Pi's
   * open payouts; Pi's record of each new payment, refunds linked to their sale by refund_of), so
   * refunds made from another ledger, desk or the shop's backend count (issue #12, item 5). What it
   * could not read refuses the refund: an unread payment of the app wallet may be such a refund.
   */
  private async refundsUpToDate(connection: PayingConnection): Promise<void> {
    const catchUp =
      this.options.catchUpLedger ??
      ((paying: PayingConnection) =>
        createSyncEngine({ store: this.options.store, networkId: paying.networkId, pi: paying.pi, horizon: paying.horizon, appWallet: paying.appWallet })
          .run())
    let report: SyncReport | null
    try {
      report = await catchUp(connection)
    } catch (error) {
      if (!isUserFacingError(error)) throw error
      throw new UserFacingError(
        'refund_history_unavailable',
        `Merchant Desk could not check for refunds of this sale made elsewhere since the last sync (${error.message.replace(/\.$/, '')}), so it cannot tell how much is left to refund. Try again once Pi and the chain can be reached. Nothing was paid.`
      )
    }
    // A run that "succeeded" may still have skipped what it could not read (review hole 3a).
    await checkRefundHistoryRead(this.options.store, connection.networkId, connection.appWallet, report)
  }

  /** Before anything is written or sent to Pi: the seed must be the app wallet the ledger shows. */
  private async checkSeed(connection: PayingConnection, saleId: string | null): Promise<void> {
    const signer = connection.signer()
    if (signer === null) return
    await checkSeedIsAppWallet(this.options.store, connection.networkId, signer.publicKey, connection.appWallet, saleId)
  }

  private async checkOwn(id: number, connection: PayingConnection): Promise<PayoutRecord> {
    const payout = await this.journal.get(id)
    if (payout.networkId !== connection.networkId || payout.appWallet !== connection.appWallet) {
      throw new UserFacingError(
        'payout_other_wallet',
        `Refund or payout number ${id} was paid from ${payout.appWallet} on ${payout.networkId}; switch Settings to that network and wallet to act on it.`
      )
    }
    return payout
  }

  private async payingConnection(options: { readonly signerNeeded?: boolean } = {}): Promise<PayingConnection> {
    const connection = await this.options.connect()
    const appWallet = connection.appWallet
    if (appWallet === null) {
      throw new UserFacingError('app_wallet_missing', "The app wallet is not set for this network. Add the wallet's seed in Settings first. Nothing was paid.")
    }
    if (options.signerNeeded ?? true) {
      const signer = connection.signer()
      if (signer === null) {
        throw new UserFacingError('wallet_seed_missing', "No wallet seed is set for this network, so refunds cannot be signed. Add the app wallet's seed in Settings. Nothing was paid.")
      }
      if (signer.publicKey !== appWallet) {
        throw new UserFacingError('wrong_app_wallet', `The seed in Settings is for ${signer.publicKey}, not the app wallet ${appWallet}. Enter the app wallet's seed. Nothing was paid.`)
      }
    }
    return { ...connection, appWallet, signer: () => connection.signer() }
  }
}

type PayingConnection = PayoutConnection & { readonly appWallet: string }

/**
 * Once per run, before the chain is read or anything is signed (and before a new payout is
 * recorded or sent to Pi): Horizon must serve this payout's network. Another network's Horizon
 * would show another chain, where our envelope looks absent and a stranger's transfer may look
 * like ours (review of #12, item 6).
 */
async function checkHorizonNetwork(connection: PayingConnection): Promise<void> {
  let served: string
  try {
    served = (await connection.horizon.checkNetwork()).passphrase
  } catch (error) {
    if (!isHorizonError(error)) throw error
    const sentence = error.message.replace(/\.$/, '')
    throw new UserFacingError(
      error.code,
      error.code === 'wrong_network'
        ? `${sentence}. ${NOTHING_DONE}`
        : `Merchant Desk checks which network Horizon serves before it reads the chain or signs, and could not (${sentence}). Nothing was signed or sent in this run; try again once Horizon can be reached.`
    )
  }
  // The payout's own network, not only the Horizon client's: the envelope is signed for this one.
  if (served !== connection.passphrase) {
    throw new UserFacingError('wrong_network', `${wrongNetworkSentence(served, connection.passphrase)} ${NOTHING_DONE}`)
  }
}

const NOTHING_DONE = 'Nothing was paid, signed or sent to Pi in this run.'

/** The journal as the queue sees it (the queue's PayoutJournalView). */
export interface PayoutQueueView {
  envelopeFor(identifier: string): Promise<{ readonly hash: string; readonly validUntil: Date } | null>
  ownPayoutOf(identifier: string, metadata: Readonly<Record<string, unknown>>): Promise<number | null>
  cancelOwnPayout(payoutId: number): Promise<PayoutRecord>
}
