// "Track payment ids": ids handed over by the shop's backend, for payments the chain cannot show
// (never paid, cancelled, paid to the wrong place). Each id is checked, fetched from Pi with
// bounded concurrency, stored as source 'tracked' (never downgrading a payment already found on
// chain), linked to operations of the wallet's history that carry it as memo, and its transaction
// checked on chain like any synced payment. One result per distinct id, in the order given.
//
// Invariant: only Pi's record of a payment of this network is stored; nothing is invented for an
// id Pi does not know, and a final payment already in the ledger is not fetched again.
import { sql } from 'kysely'
import { withTransaction, type MerchantDb } from '../db'
import { piErrorSentence } from '../pi'
import { isUserFacingError } from '../../shared/errors'
import { networkName, NETWORKS, type NetworkId, type PiNetworkName } from '../../shared/network'
import { isPaymentIdentifier, type Payment } from '../../shared/payments'
import { ChainFacts, PaymentStore } from '../payments'
import { runPool, type Settled } from '../http'
import { lookUpPayment, ReportBuilder, verifyPayments, type LookupAnswer, type SyncHorizon, type SyncPi } from '../sync'

export type TrackOutcome = 'tracked' | 'updated' | 'not_found' | 'invalid' | 'failed'

export interface TrackResult {
  readonly id: string
  readonly outcome: TrackOutcome
  readonly message: string | null
}

export interface TrackPaymentsOptions {
  readonly store: MerchantDb
  readonly pi: Pick<SyncPi, 'getPayment'>
  /** Fetches transactions that are not in the wallet's stored history, for the chain check. */
  readonly horizon: Pick<SyncHorizon, 'transaction' | 'transactionOperations'>
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly ids: readonly string[]
  readonly concurrency?: number
  readonly now?: () => Date
}

const INVALID_ID = 'A Pi payment id is 28 letters and digits.'
const CHECK_BATCH = 500
const ALREADY_FINAL = 'Already in the ledger; Pi can no longer change it, so it was not fetched again.'

export async function trackPayments(options: TrackPaymentsOptions): Promise<TrackResult[]> {
  const { store, networkId } = options
  const now = options.now ?? store.now
  const concurrency = options.concurrency ?? 8
  const passphrase = NETWORKS[networkId].passphrase
  const payments = new PaymentStore(store, networkId)
  const ids = [...new Set(options.ids.map((id) => id.trim()))]

  const results = new Map<string, TrackResult>()
  const toFetch: string[] = []
  const known = await payments.knownAmong(ids.filter(isPaymentIdentifier))
  for (const id of ids) {
    if (!isPaymentIdentifier(id)) results.set(id, { id, outcome: 'invalid', message: INVALID_ID })
    else if (known.get(id)?.final === true) results.set(id, { id, outcome: 'updated', message: ALREADY_FINAL })
    else toFetch.push(id)
  }

  const answers = await runPool(toFetch, concurrency, (id) => lookUpPayment(options.pi, id))
  const stored: string[] = []
  await withTransaction(store, async (tx) => {
    const nowMs = now().getTime()
    const inTransaction = new PaymentStore(tx, networkId)
    for (const [index, id] of toFetch.entries()) {
      const result = await storeAnswer(id, answers[index] as Settled<LookupAnswer>)
      results.set(id, result)
      if (result.outcome === 'tracked' || result.outcome === 'updated') stored.push(id)
    }

    async function storeAnswer(id: string, settled: Settled<LookupAnswer>): Promise<TrackResult> {
      if (settled.status !== 'fulfilled') return failed(id, settled.status === 'rejected' ? settled.reason : null)
      const answer = settled.value
      if (answer.kind === 'not_found') return { id, outcome: 'not_found', message: notFoundSentence() }
      if (answer.kind === 'unreadable') return { id, outcome: 'failed', message: answer.problem }
      if (answer.payment.network !== passphrase) {
        return { id, outcome: 'failed', message: `This payment is on ${networkName(answer.payment.network, networkId)}, but the app is set to ${NETWORKS[networkId].label}.` }
      }
      const outcome = await inTransaction.upsert(answer.payment, 'tracked', nowMs)
      if (outcome === 'other_network') {
        return { id, outcome: 'failed', message: 'This payment id is already in the ledger of another network.' }
      }
      await linkWaitingOperations(tx, networkId, inTransaction, answer.payment)
      return { id, outcome: outcome === 'inserted' ? 'tracked' : 'updated', message: null }
    }
  })

  await checkOnChain(options, passphrase, stored, now, results)
  return ids.map((id) => results.get(id) as TrackResult)
}

/** Operations of the wallet's history still waiting for this id to be looked up. */
async function linkWaitingOperations(tx: MerchantDb, networkId: NetworkId, payments: PaymentStore, payment: Payment): Promise<void> {
  const waiting = await tx.db
    .selectFrom('chain_operations as o')
    .innerJoin('chain_transactions as t', (join) => join.onRef('t.network_id', '=', 'o.network_id').onRef('t.hash', '=', 'o.transaction_hash'))
    .select('o.id')
    .where('o.network_id', '=', networkId)
    .where('o.classification', '=', sql.lit('unresolved'))
    .where('t.memo_type', '=', 'text')
    .where('t.memo', '=', payment.identifier)
    .execute()
  await payments.linkOperations(waiting.map((row) => ({ operationId: row.id, identifier: payment.identifier })))
}

/** The chain check of what was stored; a Horizon failure leaves it unchecked (the next sync retries). */
async function checkOnChain(
  options: TrackPaymentsOptions,
  passphrase: PiNetworkName,
  stored: readonly string[],
  now: () => Date,
  results: Map<string, TrackResult>
): Promise<void> {
  const { store, networkId } = options
  const uncheckedIds = new Set<string>()
  for (let start = 0; start < stored.length; start += CHECK_BATCH) {
    const rows = await store.db
      .selectFrom('payments')
      .select('identifier')
      .where('identifier', 'in', stored.slice(start, start + CHECK_BATCH))
      .where('chain_check', '=', 'unchecked')
      .execute()
    for (const row of rows) uncheckedIds.add(row.identifier)
  }
  const unchecked = stored.filter((id) => uncheckedIds.has(id))
  if (unchecked.length === 0) return
  try {
    await verifyPayments(
      {
        store,
        networkId,
        passphrase,
        appWallet: options.appWallet,
        facts: new ChainFacts(store, networkId, options.horizon),
        concurrency: options.concurrency ?? 8,
        signal: undefined,
        now,
        report: new ReportBuilder(networkId, now()),
        hooks: {}
      },
      unchecked
    )
  } catch (error) {
    const why = isUserFacingError(error) ? error.message : 'the chain could not be reached'
    for (const id of unchecked) {
      const result = results.get(id)
      if (result !== undefined && result.message === null) {
        results.set(id, { ...result, message: `Saved; its transaction is not checked yet (${why.replace(/\.$/, '')}).` })
      }
    }
  }
}

function failed(id: string, reason: unknown): TrackResult {
  const message = isUserFacingError(reason) ? reason.message : 'Merchant Desk could not fetch this payment; try again.'
  return { id, outcome: 'failed', message }
}

function notFoundSentence(): string {
  return piErrorSentence('payment_not_found', { httpStatus: 404, piMessage: null, verificationError: null })
}
