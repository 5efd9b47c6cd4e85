// Saved reconciliations as the contract shows them: 7-decimal text for money, ISO-8601 UTC for
// times, evidence as rows of what was expected and what was found.
import {
  DISCREPANCY_LABELS,
  DISCREPANCY_TYPES,
  type EvidenceRowView,
  type ReconcileGroupView,
  type ReconcileItemView,
  type ReconcileReportView,
  type ReconcileRunView
} from '../../shared/contract/reconcile'
import { formatPi } from '../../shared/money'
import type { ItemRow, ReconciliationStore, StoredRun } from './reconciliation-store'
import { DEFAULT_THRESHOLDS, type ReconcileThresholds } from './types'

/** Items listed per type in a report; the reconciliation export has every one. */
export const REPORT_ITEMS_PER_TYPE = 500

export function runView({ run, counts, unresolved }: StoredRun): ReconcileRunView {
  const thresholds = readThresholds(run.thresholds_json)
  const closingOnChain = run.horizon_balance_stroops - run.after_period_stroops
  const expectedClosing = run.opening_stroops + run.received_stroops - run.paid_stroops - run.fees_stroops
  return {
    id: Number(run.id),
    network: run.network_id,
    wallet: run.app_wallet,
    from: run.period_from,
    to: run.period_to,
    timeZone: run.time_zone,
    periodStart: new Date(Number(run.period_start)).toISOString(),
    periodEnd: new Date(Number(run.period_end)).toISOString(),
    incompleteAfterHours: Math.round(thresholds.incompleteAfterMs / 3_600_000),
    finalSample: thresholds.finalSample,
    startedAt: new Date(Number(run.started_at)).toISOString(),
    finishedAt: new Date(Number(run.finished_at)).toISOString(),
    requestedBy: run.requested_by,
    paymentsChecked: Number(run.payments_checked),
    piRecordsRead: Number(run.pi_records_read),
    transactionsChecked: Number(run.transactions_checked),
    counts,
    itemCount: Number(run.item_count),
    unresolvedCount: unresolved,
    walletCheck: {
      wallet: run.app_wallet,
      openingBalance: formatPi(run.opening_stroops),
      openingSource: run.opening_source,
      received: formatPi(run.received_stroops),
      paid: formatPi(run.paid_stroops),
      fees: formatPi(run.fees_stroops),
      expectedClosing: formatPi(expectedClosing),
      afterPeriod: formatPi(run.after_period_stroops),
      horizonBalance: formatPi(run.horizon_balance_stroops),
      closingOnChain: formatPi(closingOnChain),
      difference: formatPi(run.difference_stroops),
      balanced: run.opening_source === 'history' ? run.difference_stroops === 0n : null,
      historyBehind: run.history_behind === 1n
    }
  }
}

export function itemView(item: ItemRow): ReconcileItemView {
  return {
    id: Number(item.id),
    runId: Number(item.run_id),
    type: item.type,
    subjectKind: item.subject_kind,
    subject: item.subject,
    paymentId: item.payment_identifier,
    txid: item.txid,
    amount: item.amount_stroops === null ? null : formatPi(item.amount_stroops),
    evidence: JSON.parse(item.evidence_json) as EvidenceRowView[],
    sentence: item.sentence,
    resolved:
      item.resolved_at === null
        ? null
        : { at: new Date(Number(item.resolved_at)).toISOString(), by: item.resolved_by ?? '', note: item.resolution_note ?? '' }
  }
}

export async function reportView(store: ReconciliationStore, runId: number, perType = REPORT_ITEMS_PER_TYPE): Promise<ReconcileReportView> {
  const stored = await store.run(runId)
  const run = runView(stored)
  const groups: ReconcileGroupView[] = []
  for (const type of DISCREPANCY_TYPES.filter((one) => stored.counts[one] > 0)) {
    const items = (await store.items(runId, type, perType)).map(itemView)
    const count = stored.counts[type]
    groups.push({
      type,
      label: DISCREPANCY_LABELS[type],
      count,
      unresolved: stored.open[type],
      items,
      more: count - items.length
    })
  }
  return { run, groups }
}

function readThresholds(json: string): ReconcileThresholds {
  const parsed = JSON.parse(json) as Partial<ReconcileThresholds>
  return { ...DEFAULT_THRESHOLDS, ...parsed }
}
