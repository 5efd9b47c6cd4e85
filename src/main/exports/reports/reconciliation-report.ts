// reconciliation/1: the saved reconciliations of the period, as the Reconciliation page shows them.
// Which runs: those whose reconciled period lies within the export's period, and of several runs
// of the same period only the latest (a re-run supersedes the earlier one). Each run gives one
// `wallet_check` row (the check's figures in the wallet columns, its difference as the amount)
// followed by one row per discrepancy it found, with the evidence, what to do, and its resolution.
import { DISCREPANCY_LABELS, type DiscrepancyType } from '../../../shared/contract/reconcile'
import { explorerLink, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'run_id', kind: 'integer', description: 'The reconciliation (run) number, as the Reconciliation page and the CLI show it.' },
  { name: 'run_at_local', kind: 'local_time', description: "When the run started, in the export's time zone, with its UTC offset." },
  { name: 'run_at_utc', kind: 'utc_time', description: 'When the run started, in UTC.' },
  { name: 'period_from', kind: 'text', description: 'First day the run reconciled (YYYY-MM-DD, in period_time_zone).' },
  { name: 'period_to', kind: 'text', description: 'Last day the run reconciled, included.' },
  { name: 'period_time_zone', kind: 'text', description: 'The time zone of the run\u2019s days.' },
  { name: 'app_wallet', kind: 'text', description: 'The app wallet reconciled.' },
  { name: 'type', kind: 'text', description: 'wallet_check, or the discrepancy type (direct_transfer, amount_mismatch, ...; see "Reconciliation").' },
  { name: 'label', kind: 'text', description: 'The type in words.' },
  { name: 'subject_kind', kind: 'text', description: 'payment, transaction or wallet: what the row is about.' },
  { name: 'subject', kind: 'text', description: 'The payment id, transaction id or wallet address it is about.' },
  { name: 'payment_identifier', kind: 'text', description: 'The ledger payment concerned, empty when none.' },
  { name: 'txid', kind: 'text', description: 'The transaction concerned (64 hex characters), empty when none.' },
  { name: 'amount', kind: 'amount', description: 'The amount concerned; for wallet_check, how far the check is off (0 when it balances).' },
  { name: 'evidence', kind: 'text', description: 'What was compared: "what: expected ...; found ..." entries, separated by a vertical bar.' },
  { name: 'what_to_do', kind: 'text', description: 'What to do about it, in a sentence or two.' },
  { name: 'resolved_at_local', kind: 'local_time', description: 'When it was resolved, in the export zone; empty while open.' },
  { name: 'resolved_at_utc', kind: 'utc_time', description: 'When it was resolved, in UTC; empty while open.' },
  { name: 'resolved_by', kind: 'text', description: 'Who resolved it.' },
  { name: 'resolution_note', kind: 'text', description: 'Their note: what was done, or why nothing needed doing.' },
  { name: 'opening_balance', kind: 'amount', description: 'wallet_check rows: the balance at the start of the period, from the synced history.' },
  { name: 'received', kind: 'amount', description: 'wallet_check rows: Pi received in the period.' },
  { name: 'paid', kind: 'amount', description: 'wallet_check rows: Pi paid out in the period.' },
  { name: 'fees', kind: 'amount', description: 'wallet_check rows: network fees the wallet paid in the period.' },
  { name: 'closing_balance', kind: 'amount', description: 'wallet_check rows: opening + received - paid - fees.' },
  { name: 'closing_on_chain', kind: 'amount', description: "wallet_check rows: Horizon's balance less what moved after the period." },
  { name: 'difference', kind: 'amount', description: 'wallet_check rows: closing_on_chain - closing_balance (signed).' },
  { name: 'explorer_url', kind: 'text', description: 'The transaction in the Pi block explorer; empty on the sandbox.' }
]

const RUNS = `SELECT max(id) AS id FROM reconciliation_runs INDEXED BY reconciliation_runs_by_network
  WHERE network_id = @network AND period_start >= @start AND period_end <= @end
  GROUP BY period_start, period_end`

// The wallet_check row of each run (item_id 0) before its items, runs in order.
const ROWS = `WITH runs AS (${RUNS})
SELECT r.id AS run_id, 0 AS item_id, r.started_at, r.period_from, r.period_to, r.time_zone, r.app_wallet,
  'wallet_check' AS type, 'wallet' AS subject_kind, r.app_wallet AS subject, NULL AS payment_identifier, NULL AS txid,
  abs(r.difference_stroops) AS amount_stroops, NULL AS evidence_json, NULL AS sentence,
  NULL AS resolved_at, NULL AS resolved_by, NULL AS resolution_note,
  r.opening_stroops, r.received_stroops, r.paid_stroops, r.fees_stroops, r.horizon_balance_stroops,
  r.after_period_stroops, r.difference_stroops, r.opening_source, r.history_behind
FROM reconciliation_runs AS r JOIN runs ON runs.id = r.id
UNION ALL
SELECT r.id, i.id, r.started_at, r.period_from, r.period_to, r.time_zone, r.app_wallet,
  i.type, i.subject_kind, i.subject, i.payment_identifier, i.txid,
  i.amount_stroops, i.evidence_json, i.sentence, i.resolved_at, i.resolved_by, i.resolution_note,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM reconciliation_runs AS r JOIN runs ON runs.id = r.id
JOIN reconciliation_items AS i INDEXED BY reconciliation_items_by_run ON i.run_id = r.id
ORDER BY 1, 2`

const COUNT = `WITH runs AS (${RUNS})
SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM reconciliation_items WHERE run_id IN (SELECT id FROM runs))`

interface ReconciliationRecord {
  readonly run_id: bigint
  readonly item_id: bigint
  readonly started_at: bigint
  readonly period_from: string
  readonly period_to: string
  readonly time_zone: string
  readonly app_wallet: string
  readonly type: DiscrepancyType | 'wallet_check'
  readonly subject_kind: string
  readonly subject: string
  readonly payment_identifier: string | null
  readonly txid: string | null
  readonly amount_stroops: bigint | null
  readonly evidence_json: string | null
  readonly sentence: string | null
  readonly resolved_at: bigint | null
  readonly resolved_by: string | null
  readonly resolution_note: string | null
  readonly opening_stroops: bigint | null
  readonly received_stroops: bigint | null
  readonly paid_stroops: bigint | null
  readonly fees_stroops: bigint | null
  readonly horizon_balance_stroops: bigint | null
  readonly after_period_stroops: bigint | null
  readonly difference_stroops: bigint | null
  readonly opening_source: string | null
  readonly history_behind: bigint | null
}

export const reconciliationReport: ReportDefinition = {
  name: 'reconciliation',
  version: 1,
  title: 'Reconciliation',
  totals: ['amount'],
  acceptsLedgerFilter: false,
  prepare(source) {
    const params = { network: source.networkId, start: BigInt(source.period.startMs), end: BigInt(source.period.endMs) }
    const rowCount = Number(source.sqlite.prepare(COUNT).pluck().get(params) as bigint)
    const select = source.sqlite.prepare(ROWS)
    return {
      columns: COLUMNS,
      rowCount,
      *rows() {
        for (const record of select.iterate(params) as IterableIterator<ReconciliationRecord>) {
          const wallet = record.type === 'wallet_check' ? walletFigures(record) : null
          const cells: CellValue[] = [
            record.run_id,
            record.started_at,
            record.started_at,
            record.period_from,
            record.period_to,
            record.time_zone,
            record.app_wallet,
            record.type,
            record.type === 'wallet_check' ? 'Wallet check' : DISCREPANCY_LABELS[record.type],
            record.subject_kind,
            record.subject,
            record.payment_identifier,
            record.txid,
            // Every item the app saves has an amount; the column is a control total, so never empty.
            record.amount_stroops ?? 0n,
            record.evidence_json === null ? null : evidenceText(record.evidence_json),
            wallet?.verdict ?? record.sentence,
            record.resolved_at,
            record.resolved_at,
            record.resolved_by,
            record.resolution_note,
            wallet?.opening ?? null,
            record.received_stroops,
            record.paid_stroops,
            record.fees_stroops,
            wallet?.closing ?? null,
            wallet?.onChain ?? null,
            record.difference_stroops,
            explorerLink(source.explorerTxUrl, record.txid)
          ]
          yield cells
        }
      }
    }
  }
}

function walletFigures(record: ReconciliationRecord): { opening: bigint; closing: bigint; onChain: bigint; verdict: string } {
  const opening = record.opening_stroops ?? 0n
  const closing = opening + (record.received_stroops ?? 0n) - (record.paid_stroops ?? 0n) - (record.fees_stroops ?? 0n)
  const onChain = (record.horizon_balance_stroops ?? 0n) - (record.after_period_stroops ?? 0n)
  const verdict =
    record.opening_source !== 'history'
      ? "Not checkable: the synced history does not reach back to the wallet's creation."
      : record.difference_stroops === 0n
        ? 'Balanced.'
        : record.history_behind === 1n
          ? 'Off: the chain had movements not synced yet. Sync, then reconcile again.'
          : "Off: a movement is missing from the ledger's history. Sync again; if it stays, compare the wallet's history in the block explorer."
  return { opening, closing, onChain, verdict }
}

function evidenceText(json: string): string {
  const rows = JSON.parse(json) as { what: string; expected: string | null; found: string | null }[]
  return rows
    .map((row) => {
      const parts = [row.expected === null ? null : `expected ${row.expected}`, row.found === null ? null : `found ${row.found}`]
      return `${row.what}: ${parts.filter((part) => part !== null).join('; ')}`
    })
    .join(' | ')
}
