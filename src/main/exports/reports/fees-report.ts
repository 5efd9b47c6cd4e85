// fees/1: every network fee the app wallet paid in the period, one row per transaction it sent
// (successful or not: a failed transaction is charged too), as the synced chain history holds
// them. The fee column is positive: it is what the wallet paid.
import { UserFacingError } from '../../../shared/errors'
import { COMMON_COLUMNS, explorerLink, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'

const COLUMNS: readonly ColumnSpec[] = [
  COMMON_COLUMNS.createdLocal('the transaction'),
  COMMON_COLUMNS.createdUtc('the transaction'),
  COMMON_COLUMNS.txid,
  COMMON_COLUMNS.ledger,
  { name: 'successful', kind: 'text', description: 'true, or false for a transaction the chain refused (its fee is still charged).' },
  { name: 'operation_count', kind: 'integer', description: 'Operations in the transaction.' },
  { name: 'memo', kind: 'text', description: "The transaction's memo (a Pi payment id for refunds and payouts)." },
  { name: 'payment_identifier', kind: 'text', description: 'The ledger payment the transaction paid, empty when none.' },
  { name: 'kind', kind: 'text', description: 'refund, payout, or other (not a payment of the ledger).' },
  COMMON_COLUMNS.fee('The fee charged, in Pi.'),
  COMMON_COLUMNS.explorer
]

const ROWS = `
SELECT t.created_at, t.hash, t.ledger, t.successful, t.operation_count, t.memo, p.identifier AS payment_identifier,
  CASE WHEN p.identifier IS NULL OR p.direction <> 'app_to_user' THEN 'other'
       WHEN p.refund_of IS NULL THEN 'payout' ELSE 'refund' END AS kind,
  t.fee_charged_stroops
FROM chain_transactions AS t INDEXED BY chain_transactions_by_source
LEFT JOIN payments AS p ON t.memo_type = 'text' AND p.identifier = t.memo AND p.network_id = t.network_id
WHERE t.network_id = @network AND t.source_account = @wallet AND t.created_at >= @start AND t.created_at < @end
ORDER BY t.created_at, t.hash`

const COUNT = `SELECT count(*) FROM chain_transactions INDEXED BY chain_transactions_by_source
WHERE network_id = @network AND source_account = @wallet AND created_at >= @start AND created_at < @end`

interface FeeRecord {
  readonly created_at: bigint
  readonly hash: string
  readonly ledger: bigint
  readonly successful: bigint
  readonly operation_count: bigint
  readonly memo: string | null
  readonly payment_identifier: string | null
  readonly kind: string
  readonly fee_charged_stroops: bigint
}

export const feesReport: ReportDefinition = {
  name: 'fees',
  version: 1,
  title: 'Network fees',
  totals: ['fee'],
  acceptsLedgerFilter: false,
  prepare(source) {
    if (source.appWallet === null) {
      throw new UserFacingError(
        'app_wallet_missing',
        "The fees export needs the app wallet's address: add it in Settings (or pass --wallet G... on the command line)."
      )
    }
    const params = { network: source.networkId, wallet: source.appWallet, start: BigInt(source.period.startMs), end: BigInt(source.period.endMs) }
    const rowCount = Number(source.sqlite.prepare(COUNT).pluck().get(params) as bigint)
    const select = source.sqlite.prepare(ROWS)
    return {
      columns: COLUMNS,
      rowCount,
      *rows() {
        for (const record of select.iterate(params) as IterableIterator<FeeRecord>) {
          const cells: CellValue[] = [
            record.created_at,
            record.created_at,
            record.hash,
            record.ledger,
            record.successful === 1n ? 'true' : 'false',
            record.operation_count,
            record.memo,
            record.payment_identifier,
            record.kind,
            record.fee_charged_stroops,
            explorerLink(source.explorerTxUrl, record.hash)
          ]
          yield cells
        }
      }
    }
  }
}
