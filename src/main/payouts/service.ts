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
import { PayoutJournal, type RecordCheck } from './journal'
import { ledgerRecorder } from './ledger-record'
import { DEFAULT_PAYOUT_TIMINGS, type PayoutFailpoint, type PayoutPorts, type PayoutTimings } from './ports'
import { quotePayout, type PayoutQuote } from './quote'
import { checkSeedIsAppWallet } from './app-wallet-check'
import { checkRefundCap, refundableSale } from './refund-cap'
import { formatPi } from '../../shared/money'
import { checkRefundHistoryRead } from './refund-history'
import { advancePayout, cancelPayout } from './runner'
import { REQUEST_METADATA_KEY } from './steps/create-payment'
import type { PayoutIntent, PayoutProblem, PayoutRecord } from './types'
import { PAYOUT_STATE_LABELS, payoutStep } from './views'
import { acquireWalletLock, WALLET_WAIT_STALL_MS, type WalletLock, type WalletLockOptions } from './wallet-lock'
import { appendAudit } from '../audit'
import {
  approveRequest,
  decisionRefusal,
  denyRequest,
  getRequest,
  listRequests,
  markRequestPaid,
  payoutRule,
  readPolicy,
  recordRequest,
  refundRule,
  requestByKey,
  type Acting,
  type ApprovalRequest,
  type Capability,
  type DeskSession,
  type RuleContext
} from '../people'
import type { RecordOptions } from './journal'

/** The network a payout is paid on: the one NetworkConnection (src/main/network), of which it uses the clients, the wallet and the signer. */
export type PayoutConnection = Pick<NetworkConnection, 'networkId' | 'passphrase' | 'pi' | 'horizon' | 'appWallet' | 'explorerTxUrl' | 'signer'>

export interface PayoutServiceOptions {
  readonly store: MerchantDb
  /** Who acts, for the audit log. */
  readonly actor: () => string
  /**
   * Who is working and what their role allows (issue 18): every refund and payout is checked
   * against it and the refund policy. Without one (tests of the journal alone) the actor is the
   * owner, bound by no policy.
   */
  readonly session?: DeskSession
  /** The shop's time zone: a person's daily refund limit counts the shop's day. Default UTC. */
  readonly businessTimeZone?: () => string
  connect(): Promise<PayoutConnection>
  readonly events?: EventBus
  readonly failpoint?: (name: PayoutFailpoint) => void
  readonly sleep?: (ms: number) => Promise<void>
  readonly timings?: Partial<PayoutTimings>
  readonly lock?: WalletLockOptions
  /** Brings the ledger up to date before a refund's cap check (its report, when it has one); default: a sync run of this network. */
  readonly catchUpLedger?: (connection: PayoutConnection & { readonly appWallet: string }) => Promise<SyncReport | null>
  /** Told of each refund or payout completed, in the transaction that completes it (the shop's postback). */
  readonly onPayoutCompleted?: PayoutPorts['onPayoutCompleted']
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

  /**
   * Refunds a sale, or (above the policy of the person's role) records an approval request and
   * throws `approval_requested` with its number: nothing is then created at Pi or signed.
   */
  async refund(input: RefundInput): Promise<PayoutRecord> {
    const acting = await this.acting('refund')
    const answered = await this.answerKnownRequest(input.idempotencyKey)
    if (answered !== null) return answered
    const connection = await this.payingConnection()
    const sale = await refundableSale(this.options.store, connection.networkId, input.paymentId.trim())
    await this.checkSeed(connection, sale.identifier)
    const intent = refundIntent(input, sale)
    await this.refundsUpToDate(connection)
    // Read again inside the intent's own transaction: two forms on one sale cannot both pass the
    // cap, and two desks refunding at once each see the other's refunds of the day.
    // A refusal of the policy is audited after the transaction it rolled back.
    return this.audited(acting, 'refund.refused', sale.identifier, () =>
      this.pay(connection, intent, async (tx) => {
        const current = await refundableSale(tx, connection.networkId, sale.identifier)
        checkRefundCap(current, intent.amount)
        const facts = { amount: intent.amount, saleCreatedAt: current.createdAt, reasonText: intent.reasonText }
        const rule = await refundRule(tx, await this.ruleContext(acting, tx), facts)
        if (rule === null) return
        return { deferred: await recordRequest(tx, { ...requestOf(intent), networkId: connection.networkId, rule, requestedBy: acting.name }) }
      })
    )
  }

  /** Pays a buyer, or (above the role's payout threshold) records an approval request, as refund() does. */
  async payout(input: PayoutInput): Promise<PayoutRecord> {
    const acting = await this.acting('payout')
    const answered = await this.answerKnownRequest(input.idempotencyKey)
    if (answered !== null) return answered
    const connection = await this.payingConnection()
    const intent = payoutIntent(input)
    await this.checkSeed(connection, null)
    return this.pay(connection, intent, async (tx) => {
      const rule = payoutRule(await this.ruleContext(acting, tx), intent.amount)
      if (rule === null) return
      return { deferred: await recordRequest(tx, { ...requestOf(intent), networkId: connection.networkId, rule, requestedBy: acting.name }) }
    })
  }

  /** The approval requests of a network, newest first (those still waiting only, when asked). */
  async requests(networkId: NetworkId, waitingOnly: boolean): Promise<ApprovalRequest[]> {
    await this.acting('read')
    return listRequests(this.options.store, { networkId, waitingOnly })
  }

  /**
   * Another person approves a request, and it is paid at once through the journal under the
   * request's own key: approving again (a retry, a second desk) answers the same payout. Refused,
   * and audited, for the requester, a role without the right, a decided or expired request, or a
   * sale refunded meanwhile; nothing is paid then.
   */
  async approve(id: number, note: string): Promise<{ readonly request: ApprovalRequest; readonly payout: PayoutRecord }> {
    const acting = await this.acting('approve')
    const store = this.options.store
    const policy = await readPolicy(store)
    const request = await this.audited(acting, 'request.approve_refused', String(id), () => approveRequest(store, id, acting.name, note, policy.approvalValidHours))
    const connection = await this.payingConnection()
    if (request.networkId !== connection.networkId) {
      throw new UserFacingError('request_other_network', `Request ${id} is for ${request.networkId}; switch to that network to pay it. Nothing was paid.`)
    }
    const intent = intentOfRequest(request)
    if (intent.refundOf !== null) {
      await this.checkSeed(connection, intent.refundOf)
      await this.refundsUpToDate(connection)
    } else {
      await this.checkSeed(connection, null)
    }
    const options: RecordOptions = { requestedBy: request.requestedBy, onRecorded: (tx, payout) => markRequestPaid(tx, id, payout.id) }
    const payout = await this.audited(acting, 'request.approve_refused', String(id), () =>
      this.pay(
        connection,
        intent,
        async (tx) => {
          // Still approved and good now, in the transaction that records the payout.
          const refusal = decisionRefusal(await getRequest(tx, id), acting.name, tx.now())
          if (refusal !== null) throw refusal
          if (intent.refundOf !== null) checkRefundCap(await refundableSale(tx, connection.networkId, intent.refundOf, id), intent.amount)
        },
        options
      ),
      // Whatever stops an approved request from being paid (the sale refunded meanwhile, a wallet
      // to top up) is kept with the approval in the log.
      true
    )
    this.options.events?.emit('people:changed', { reason: 'request approved' })
    return { request: await getRequest(store, id), payout }
  }

  /** Another person denies a request with a note; nothing is paid. */
  async deny(id: number, note: string): Promise<ApprovalRequest> {
    const acting = await this.acting('approve')
    const denied = await this.audited(acting, 'request.deny_refused', String(id), () => denyRequest(this.options.store, id, acting.name, note))
    this.options.events?.emit('people:changed', { reason: 'request denied' })
    return denied
  }

  /** Resumes one payout (a blocked one too: the operator says its cause is fixed), or every unfinished one. */
  async resume(id?: number): Promise<PayoutRecord[]> {
    await this.acting('payouts')
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
    await this.acting('payouts')
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

  private async pay(
    connection: PayingConnection,
    intent: PayoutIntent,
    check: (tx: MerchantDb) => Promise<RecordCheck<ApprovalRequest>> | RecordCheck<ApprovalRequest>,
    options: RecordOptions = {}
  ): Promise<PayoutRecord> {
    return this.exclusive(connection, async (ports, lock) => {
      const recorded = await this.journal.record(connection.networkId, connection.appWallet, intent, check, options)
      if ('deferred' in recorded) {
        // The inbox (of this window; other desks hear the table change) has a new request.
        this.options.events?.emit('people:changed', { reason: 'request' })
        throw approvalRequested(recorded.deferred)
      }
      const { payout } = recorded
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
      onPayoutCompleted: this.options.onPayoutCompleted,
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

  /** The person working, if their role may do this (the owner of a desk without people, or without a session). */
  private async acting(capability: Capability): Promise<Acting> {
    if (this.options.session) return this.options.session.require(capability)
    return { name: this.options.actor(), role: 'owner', person: null }
  }

  /** The policy as it stands in this transaction: one the owner changes meanwhile applies at once. */
  private async ruleContext(person: Acting, tx: MerchantDb): Promise<RuleContext> {
    return { person, policy: await readPolicy(tx), zone: this.options.businessTimeZone?.() ?? 'UTC', now: tx.now() }
  }

  /**
   * The same form sent again after it became a request answers that request, never a second one:
   * the payout it became once approved and paid, the denial, or that it still waits.
   */
  private async answerKnownRequest(idempotencyKey: string): Promise<PayoutRecord | null> {
    const known = await requestByKey(this.options.store, idempotencyKey)
    if (known === null) return null
    if (known.payoutId !== null) return this.journal.get(known.payoutId)
    if (known.state === 'denied' || known.state === 'withdrawn') {
      const why = known.state === 'denied' ? `which ${known.decidedBy ?? 'someone'} denied: "${known.decisionNote}"` : 'which was withdrawn'
      throw new UserFacingError('request_denied', `This form became request ${known.id}, ${why}. Nothing was paid; ask again if it is still needed.`)
    }
    throw approvalRequested(known)
  }

  /** A refusal of the policy or of four eyes is kept in the audit log with its sentence (nothing was paid). */
  private async audited<T>(acting: Acting, action: string, subject: string, work: () => Promise<T>, every = false): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (isUserFacingError(error) && (every || AUDITED_REFUSALS.has(error.code))) {
        await appendAudit(this.options.store, { actor: acting.name, action, subject, before: null, after: { code: error.code, sentence: error.message } })
      }
      throw error
    }
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

/** Refusals kept in the audit log: the rules of people and policy, and a sale refunded meanwhile. */
const AUDITED_REFUSALS = new Set([
  'refund_reason_required',
  'own_request',
  'approval_expired',
  'request_denied',
  'request_paid',
  'request_withdrawn',
  'request_decided',
  'request_not_found',
  'deny_note_missing'
])

/** What an approval request keeps of the payout it was meant to be. */
function requestOf(intent: PayoutIntent) {
  return {
    idempotencyKey: intent.idempotencyKey,
    kind: intent.kind,
    refundOf: intent.refundOf,
    uid: intent.uid,
    amount: intent.amount,
    memo: intent.memo,
    reason: intent.reason,
    reasonText: intent.reasonText
  }
}

function intentOfRequest(request: ApprovalRequest): PayoutIntent {
  return {
    idempotencyKey: request.idempotencyKey,
    kind: request.kind,
    refundOf: request.refundOf,
    uid: request.uid,
    amount: request.amount,
    memo: request.memo,
    reason: request.reason,
    reasonText: request.reasonText
  }
}

/**
 * Not an error of the merchant's: the refund or payout was kept for approval as request `id`.
 * The CLI exits 4 on it; the window shows it as news, not as a failure.
 */
export function approvalRequested(request: ApprovalRequest): UserFacingError {
  const what = request.kind === 'refund' ? `The refund of ${formatPi(request.amount)} Pi` : `The payout of ${formatPi(request.amount)} Pi`
  return new UserFacingError(
    'approval_requested',
    `${what} waits for approval as request ${request.id}: ${request.rule}. Nothing was paid; an owner or a manager other than ${request.requestedBy} can approve it.`,
    { requestId: request.id }
  )
}

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
