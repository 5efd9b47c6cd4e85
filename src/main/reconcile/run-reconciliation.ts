// One reconciliation of a period: the local ledger against Pi's records and against the chain.
//   1. the period's payments, batch by batch: re-read at Pi (every one not final at Pi, and a
//      random sample of the final ones), compared with the ledger (stale rows, another network),
//      then Pi's record against the chain (payment-checks.ts);
//   2. every payment into the wallet in the period against Pi (direct transfers);
//   3. refunds against their sales, and outgoing payments paid more than once;
//   4. the wallet check (opening + received - paid - fees = closing).
// Reads only: Pi, Horizon and the ledger are left as they are. The result is saved by
// ReconciliationStore (this function never writes).
import { UserFacingError } from '../../shared/errors'
import { NETWORKS } from '../../shared/network'
import { ACCOUNT_ADDRESS_PATTERN } from '../../shared/payments'
import { exportPeriod } from '../exports'
import { ChainFacts } from '../payments'
import { Findings } from './findings'
import { countPayments, paymentBatches, sampleFinalPayments, type PeriodRange } from './ledger-rows'
import { checkPayments, type PaymentUnderCheck } from './payment-checks'
import { recordOnOtherNetwork, rereadPayments, staleRow } from './pi-records'
import { checkPaidOnce, checkRefundTotals } from './refund-checks'
import { checkIncomingTransfers } from './transfer-checks'
import { DEFAULT_THRESHOLDS, type ReconcileOptions, type ReconcilePhase, type ReconcileThresholds, type ReconciliationResult } from './types'
import { checkWallet } from './wallet-check'

const BATCH = 500
export const DEFAULT_RECONCILE_CONCURRENCY = 8

export async function runReconciliation(options: ReconcileOptions): Promise<ReconciliationResult> {
  const { store, networkId, appWallet } = options
  const now = options.now ?? store.now
  const startedAt = now()
  const period = exportPeriod(options.from, options.to, options.timeZone)
  const thresholds = resolveThresholds(options.thresholds)
  const passphrase = NETWORKS[networkId].passphrase
  if (!ACCOUNT_ADDRESS_PATTERN.test(appWallet)) {
    throw new UserFacingError('invalid_app_wallet', "The app wallet's address is not a Pi account address (G..., 56 characters).")
  }
  if (options.horizon.expectedPassphrase !== passphrase) {
    throw new Error(`The Horizon client expects '${options.horizon.expectedPassphrase}' but ${networkId} is '${passphrase}'.`)
  }
  const concurrency = options.concurrency ?? DEFAULT_RECONCILE_CONCURRENCY
  const signal = options.signal
  const progress = (phase: ReconcilePhase, done: number, total: number | null) => {
    try {
      options.onProgress?.({ phase, done, total })
    } catch {
      // A listener's failure is not the reconciliation's.
    }
  }
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new UserFacingError('reconcile_cancelled', 'The reconciliation was stopped; nothing was saved.')
  }

  const findings = new Findings()
  const transactionsSeen = new Set<string>()
  const range: PeriodRange = { networkId, startMs: period.startMs, endMs: period.endMs }
  const total = await countPayments(store, range)
  const sampled = await sampleFinalPayments(store, range, thresholds.finalSample)
  const facts = new ChainFacts(store, networkId, options.horizon)
  const nowMs = now().getTime()
  let checked = 0
  let piRecordsRead = 0

  progress('checking_payments', 0, total)
  for await (const batch of paymentBatches(store, range, BATCH)) {
    stopIfCancelled()
    const toRead = batch.filter((payment) => !payment.piFinal || sampled.has(payment.identifier)).map((payment) => payment.identifier)
    const answers = await rereadPayments(options.pi, toRead, concurrency, signal)
    piRecordsRead += answers.size
    const underCheck: PaymentUnderCheck[] = []
    for (const ledger of batch) {
      const answer = answers.get(ledger.identifier)
      if (answer !== undefined) {
        const stale = staleRow(ledger, answer)
        if (stale !== null) findings.add(stale)
      }
      // What Pi says now when it was asked; the ledger's copy of Pi's record otherwise.
      const record = answer?.kind === 'found' ? answer.record : ledger
      const otherNetwork = recordOnOtherNetwork(record, passphrase)
      if (otherNetwork !== null) findings.add(otherNetwork)
      if (answer?.kind !== 'not_found') underCheck.push({ ledger, pi: record })
    }
    await checkPayments(
      { store, networkId, passphrase, appWallet, facts, nowMs, thresholds, concurrency, signal, findings, transactionsSeen },
      underCheck
    )
    checked += batch.length
    progress('checking_payments', checked, total)
  }

  stopIfCancelled()
  progress('checking_transfers', 0, null)
  await checkIncomingTransfers({
    store,
    networkId,
    appWallet,
    startMs: period.startMs,
    endMs: period.endMs,
    pi: options.pi,
    concurrency,
    signal,
    findings,
    transactionsSeen
  })

  stopIfCancelled()
  progress('checking_refunds', 0, null)
  const refundContext = { store, networkId, appWallet, startMs: period.startMs, endMs: period.endMs, findings, transactionsSeen }
  await checkRefundTotals(refundContext)
  await checkPaidOnce(refundContext)

  stopIfCancelled()
  progress('checking_wallet', 0, null)
  const walletCheck = await checkWallet({ store, networkId, appWallet, startMs: period.startMs, endMs: period.endMs, horizon: options.horizon, findings })

  return {
    networkId,
    appWallet,
    period,
    thresholds,
    startedAt,
    finishedAt: now(),
    paymentsChecked: checked,
    piRecordsRead,
    transactionsChecked: transactionsSeen.size,
    discrepancies: findings.list(),
    walletCheck
  }
}

function resolveThresholds(given: Partial<ReconcileThresholds> | undefined): ReconcileThresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...given }
  if (!Number.isSafeInteger(thresholds.incompleteAfterMs) || thresholds.incompleteAfterMs < 1) {
    throw new RangeError('incompleteAfterMs must be a positive whole number of milliseconds')
  }
  if (!Number.isSafeInteger(thresholds.finalSample) || thresholds.finalSample < 0) {
    throw new RangeError('finalSample must be a whole number, 0 or more')
  }
  return thresholds
}
