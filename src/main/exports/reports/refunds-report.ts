// refunds/1: the money the app wallet sent to users in the period, refunds and other payouts, one
// row per app-to-user payment of the ledger, with what the payout journal knows about the ones
// Merchant Desk paid itself (reason, who asked, journal state). Journal entries that never became
// a payment in the ledger (not yet created at Pi, blocked, failed) are listed too, without a
// ledger status: an accountant sees every refund that was asked for, and which of them moved money.
//
// Amounts follow the app wallet, as in payments/1: gross is negative (money out), fee is the
// network fee the wallet paid, net = gross - fee.
import { COMMON_COLUMNS, explorerLink, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'
import { findMetadataLayout, type MetadataLayout } from '../metadata-columns'
import { APP_WALLET_FEE, PAYMENT_TXID, TX_LEDGER } from './payment-sql'

const COLUMNS: readonly ColumnSpec[] = [
  COMMON_COLUMNS.createdLocal('the refund or payout'),
  COMMON_COLUMNS.createdUtc('the refund or payout'),
  { name: 'kind', kind: 'text', description: 'refund (gives money back for a payment) or payout (any other payment to a user).' },
  { name: 'identifier', kind: 'text', description: "Pi's payment id; empty when Pi never created the payment." },
  { name: 'refund_of', kind: 'text', description: 'For a refund: the payment it gives money back for.' },
  { name: 'user_uid', kind: 'text', description: "The receiving user's app-local Pi user id." },
  { name: 'to_address', kind: 'text', description: 'The receiving wallet, empty when not known yet.' },
  { name: 'memo', kind: 'text', description: 'The memo shown to the user.' },
  { name: 'reason', kind: 'text', description: 'Why it was paid (Merchant Desk payouts only).' },
  { name: 'reason_text', kind: 'text', description: 'The words staff gave with the reason.' },
  { name: 'requested_by', kind: 'text', description: 'Who asked for it in Merchant Desk; empty when paid by another tool.' },
  { name: 'status', kind: 'text', description: "The payment's status in the ledger; empty when it is not in the ledger." },
  { name: 'journal_state', kind: 'text', description: "The payout journal's state (completed, failed, ...); empty when paid by another tool." },
  COMMON_COLUMNS.gross('The amount sent, negative: money out of the app wallet.'),
  COMMON_COLUMNS.fee('The network fee the app wallet paid for the transaction.'),
  COMMON_COLUMNS.net,
  COMMON_COLUMNS.txid,
  COMMON_COLUMNS.ledger,
  COMMON_COLUMNS.explorer,
  { name: 'finished_at_local', kind: 'local_time', description: 'When the payout journal finished it, in the export zone.' },
  { name: 'finished_at_utc', kind: 'utc_time', description: 'When the payout journal finished it, in UTC.' }
]

// Arm 0: every app-to-user payment of the ledger, with its journal entry when there is one.
// Arm 1: journal entries whose Pi payment is not (or not yet) in the ledger.
const rowsSql = (metadata: MetadataLayout) => `
SELECT p.created_at AS created_at, 0 AS arm, p.identifier AS identifier,
  CASE WHEN p.refund_of IS NULL THEN 'payout' ELSE 'refund' END AS kind, p.refund_of AS refund_of,
  p.user_uid AS user_uid, p.to_address AS to_address, p.memo AS memo, j.reason AS reason,
  j.reason_text AS reason_text, j.requested_by AS requested_by, p.status AS status, j.state AS journal_state,
  p.amount_stroops AS amount_stroops, ${APP_WALLET_FEE} AS fee_stroops, ${PAYMENT_TXID} AS txid, ${TX_LEDGER} AS tx_ledger,
  j.finished_at AS finished_at${metadata.columns.length ? `, ${metadata.select('p')}` : ''}
FROM payments AS p INDEXED BY payments_by_direction LEFT JOIN payouts AS j ON j.pi_payment_id = p.identifier
WHERE p.network_id = @network AND p.direction = 'app_to_user' AND p.created_at >= @start AND p.created_at < @end
UNION ALL
SELECT j.created_at, 1, j.pi_payment_id, j.kind, j.refund_of, j.user_uid, j.to_address, j.memo, j.reason,
  j.reason_text, j.requested_by, NULL, j.state, j.amount_stroops, coalesce(j.fee_charged_stroops, 0), j.txid,
  j.ledger, j.finished_at${metadata.columns.length ? `, ${metadata.nulls}` : ''}
FROM payouts AS j
WHERE j.network_id = @network AND j.created_at >= @start AND j.created_at < @end
  AND (j.pi_payment_id IS NULL OR NOT EXISTS (SELECT 1 FROM payments AS q WHERE q.identifier = j.pi_payment_id))
ORDER BY created_at, arm, identifier`

const METADATA_SET = `SELECT p.metadata_json FROM payments AS p INDEXED BY payments_by_direction
WHERE p.network_id = @network AND p.direction = 'app_to_user' AND p.created_at >= @start AND p.created_at < @end`

interface RefundRecord extends Readonly<Record<string, unknown>> {
  readonly created_at: bigint
  readonly identifier: string | null
  readonly kind: string
  readonly refund_of: string | null
  readonly user_uid: string
  readonly to_address: string | null
  readonly memo: string
  readonly reason: string | null
  readonly reason_text: string | null
  readonly requested_by: string | null
  readonly status: string | null
  readonly journal_state: string | null
  readonly amount_stroops: bigint
  readonly fee_stroops: bigint
  readonly txid: string | null
  readonly tx_ledger: bigint | null
  readonly finished_at: bigint | null
}

export const refundsReport: ReportDefinition = {
  name: 'refunds',
  version: 1,
  title: 'Refunds and payouts',
  totals: ['gross', 'fee', 'net'],
  acceptsLedgerFilter: false,
  prepare(source) {
    const period = { network: source.networkId, start: BigInt(source.period.startMs), end: BigInt(source.period.endMs) }
    // Named parameters: the metadata pass wraps this set in a subquery and binds them the same way.
    const metadata = findMetadataLayout(source.sqlite, { sql: METADATA_SET, params: [period] })
    const params = { ...period, ...metadata.params }
    const sql = rowsSql(metadata)
    const rowCount = Number(source.sqlite.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(params) as bigint)
    const select = source.sqlite.prepare(sql)
    return {
      columns: [...COLUMNS, ...metadata.columns],
      rowCount,
      *rows() {
        for (const record of select.iterate(params) as IterableIterator<RefundRecord>) {
          const gross = -record.amount_stroops
          const cells: CellValue[] = [
            record.created_at,
            record.created_at,
            record.kind,
            record.identifier,
            record.refund_of,
            record.user_uid,
            record.to_address,
            record.memo,
            record.reason,
            record.reason_text,
            record.requested_by,
            record.status,
            record.journal_state,
            gross,
            record.fee_stroops,
            gross - record.fee_stroops,
            record.txid,
            record.tx_ledger,
            explorerLink(source.explorerTxUrl, record.txid),
            record.finished_at,
            record.finished_at,
            ...metadata.cells(record)
          ]
          yield cells
        }
      }
    }
  }
}
