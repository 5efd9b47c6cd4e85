// payments/1: one row per payment of the ledger created in the period, both directions, every
// status, narrowed by the ledger's filters when the export comes from the Ledger page. The set
// is the ledger's own (wholeSetOf builds it with the page query's SQL), so "these payments" on
// screen and in the file are the same payments.
//
// Amounts follow the app wallet: gross is + for money in (user to app) and - for money out (app
// to user); fee is what the app wallet paid the network for the payment's transaction (the buyer
// pays for a user-to-app one, so 0 there); net = gross - fee.
import { UserFacingError } from '../../../shared/errors'
import { BOOK_COLUMNS, bookTotalsOf, wholeSetOf, type BookTotals, type PaymentFilter } from '../../ledger'
import { findMetadataLayout } from '../metadata-columns'
import { COMMON_COLUMNS, explorerLink, type CellValue, type ColumnSpec, type ReportDefinition, type ReportSource } from '../report-definition'
import { APP_WALLET_FEE, PAYMENT_TXID, TX_LEDGER, walletSign } from './payment-sql'

const COLUMNS: readonly ColumnSpec[] = [
  COMMON_COLUMNS.createdLocal('the payment'),
  COMMON_COLUMNS.createdUtc('the payment'),
  { name: 'identifier', kind: 'text', description: "Pi's payment id (28 letters and digits)." },
  { name: 'direction', kind: 'text', description: 'user_to_app (a sale) or app_to_user (a refund or payout).' },
  { name: 'status', kind: 'text', description: 'created, approved, submitted, verified, completed, cancelled or user_cancelled.' },
  { name: 'chain_check', kind: 'text', description: "Merchant Desk's own check on the chain: unchecked, verified or failed." },
  { name: 'user_uid', kind: 'text', description: "The buyer's app-local Pi user id." },
  { name: 'memo', kind: 'text', description: 'The memo shown to the buyer.' },
  { name: 'from_address', kind: 'text', description: 'The paying wallet.' },
  { name: 'to_address', kind: 'text', description: 'The receiving wallet.' },
  COMMON_COLUMNS.gross('The amount, + when it came into the app wallet, - when it went out.'),
  COMMON_COLUMNS.fee("The network fee the app wallet paid for the payment's transaction (0 for user-to-app payments)."),
  COMMON_COLUMNS.net,
  { name: 'refunded', kind: 'amount', description: 'Completed refunds of this payment so far (0 when none).' },
  { name: 'refund_of', kind: 'text', description: 'For a refund: the payment it gives money back for.' },
  COMMON_COLUMNS.txid,
  COMMON_COLUMNS.ledger,
  COMMON_COLUMNS.explorer
]

const SELECT = `p.identifier, p.created_at, p.direction, p.status, p.chain_check, p.user_uid, p.memo,
  p.from_address, p.to_address, p.amount_stroops, p.refund_of, ${PAYMENT_TXID} AS txid,
  CASE WHEN p.refund_count = 0 THEN 0 ELSE (SELECT coalesce(sum(r.amount_stroops), 0) FROM payments AS r
    WHERE r.refund_of = p.identifier AND r.status = 'completed') END AS refunded,
  ${TX_LEDGER} AS tx_ledger, ${APP_WALLET_FEE} AS fee_stroops`

interface PaymentRecord extends Readonly<Record<string, unknown>> {
  readonly identifier: string
  readonly created_at: bigint
  readonly direction: 'user_to_app' | 'app_to_user'
  readonly status: string
  readonly chain_check: string
  readonly user_uid: string
  readonly memo: string
  readonly from_address: string
  readonly to_address: string
  readonly amount_stroops: bigint
  readonly refund_of: string | null
  readonly txid: string | null
  readonly refunded: bigint
  readonly tx_ledger: bigint | null
  readonly fee_stroops: bigint
}

export const paymentsReport: ReportDefinition = {
  name: 'payments',
  version: 1,
  title: 'Payments',
  totals: ['gross', 'fee', 'net'],
  acceptsLedgerFilter: true,
  prepare(source) {
    const filter = withPeriod(source.filter ?? {}, source)
    if (filter === null) return { columns: COLUMNS, rowCount: 0, books: bookTotalsOf(source.sqlite, NO_ROWS), rows: () => [].values() }
    const metadata = findMetadataLayout(source.sqlite, wholeSetOf(source.networkId, filter, 'p.identifier, p.created_at, p.metadata_json').rows)
    const set = wholeSetOf(source.networkId, filter, metadata.columns.length ? `${SELECT}, ${metadata.select('p')}` : SELECT)
    const rowCount = Number(source.sqlite.prepare(set.count.sql).pluck().get(...set.count.params) as bigint)
    const select = source.sqlite.prepare(set.rows.sql)
    const params = metadata.params === null ? set.rows.params : [...set.rows.params, metadata.params]
    const books: BookTotals = bookTotalsOf(source.sqlite, wholeSetOf(source.networkId, filter, BOOK_COLUMNS).rows)
    return {
      columns: [...COLUMNS, ...metadata.columns],
      rowCount,
      books,
      *rows() {
        for (const record of select.iterate(...params) as IterableIterator<PaymentRecord>) {
          const gross = walletSign(record.direction) * record.amount_stroops
          const cells: CellValue[] = [
            record.created_at,
            record.created_at,
            record.identifier,
            record.direction,
            record.status,
            record.chain_check,
            record.user_uid,
            record.memo,
            record.from_address,
            record.to_address,
            gross,
            record.fee_stroops,
            gross - record.fee_stroops,
            record.refunded,
            record.refund_of,
            record.txid,
            record.tx_ledger,
            explorerLink(source.explorerTxUrl, record.txid),
            ...metadata.cells(record)
          ]
          yield cells
        }
      }
    }
  }
}

/** A set with no rows, for the book totals of an export whose periods do not overlap. */
const NO_ROWS = { sql: `SELECT ${BOOK_COLUMNS} FROM payments AS p WHERE 0`, params: [] }

/**
 * The export's period on creation time, narrowed further by a creation-time period the ledger's
 * filter may carry (both must hold); null when the two do not overlap. A period on "first seen"
 * cannot be combined with it.
 */
function withPeriod(filter: PaymentFilter, source: ReportSource): PaymentFilter | null {
  const own = filter.period
  if (own !== undefined && own.field !== 'created_at') {
    throw new UserFacingError(
      'invalid_export_filter',
      'An export covers payments by the day they were created. Clear the "first seen" dates from the filter and try again.'
    )
  }
  const from = Math.max(source.period.startMs, own?.from?.getTime() ?? Number.NEGATIVE_INFINITY)
  const to = Math.min(source.period.endMs, own?.to?.getTime() ?? Number.POSITIVE_INFINITY)
  // Periods that do not overlap make an empty export, not an error: no payment matches both.
  if (from >= to) return null
  return { ...filter, period: { field: 'created_at', from: new Date(from), to: new Date(to) } }
}
