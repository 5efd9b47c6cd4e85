// payments/1: one row per payment of the ledger created in the period, both directions, every
// status, narrowed by the ledger's filters when the export comes from the Ledger page. The set
// is the ledger's own (wholeSetOf builds it with the page query's SQL), so "these payments" on
// screen and in the file are the same payments.
//
// Amounts follow the app wallet: gross is + for money in (user to app) and - for money out (app
// to user); fee is what the app wallet paid the network for the payment's transaction (the buyer
// pays for a user-to-app one, so 0 there); net = gross - fee.
import { UserFacingError } from '../../../shared/errors'
import {
  appWalletFee,
  bookClassOf,
  bookDirectionOf,
  booksOf,
  paymentTxid,
  refundedOfSale,
  paymentTxLedger,
  wholeSetOf,
  wholeSetPages,
  type BookGroupRow,
  type PaymentFilter,
  type PaymentsFrom
} from '../../ledger'
import { findMetadataLayout, type MetadataLayout } from '../metadata-columns'
import { COMMON_COLUMNS, explorerLink, type CellValue, type ColumnSpec, type ReportDefinition, type ReportSource } from '../report-definition'
import { walletSign } from './payment-sql'

/** The fixed columns, before the metadata's (exported for the CSV benchmark's bare side). */
export const PAYMENT_REPORT_COLUMNS: readonly ColumnSpec[] = [
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

/**
 * Rows read per query: one await per page instead of one per row (see wholeSetPages). Larger pages
 * measured no faster and raised the peak RSS (200,000 payments: 50 rows 158 MB, 100 rows 184 MB,
 * 1,000 rows 250 to 272 MB, 5,000 rows 287 MB), against the 200 MB budget.
 */
const PAGE_ROWS = 50

/**
 * Every column the rows need, over `payments AS p`, then the metadata's. Exported so that the CSV
 * benchmark's bare side runs this very SQL.
 */
export const paymentColumns = (metadata: MetadataLayout) => (from: PaymentsFrom) =>
  from
    .select((eb) => [
    'p.identifier',
    'p.created_at',
    'p.direction',
    'p.status',
    'p.chain_check',
    'p.user_uid',
    'p.memo',
    'p.from_address',
    'p.to_address',
    'p.amount_stroops',
    'p.refund_of',
    paymentTxid(eb).as('txid'),
    refundedOfSale(eb).as('refunded'),
    paymentTxLedger(eb).as('tx_ledger'),
    appWalletFee(eb).as('fee_stroops')
  ])
  .select((eb) => metadata.select(eb.ref('p.metadata_json')))

export const paymentsReport: ReportDefinition = {
  name: 'payments',
  version: 1,
  title: 'Payments',
  totals: ['gross', 'fee', 'net'],
  acceptsLedgerFilter: true,
  async open(source) {
    const filter = withPeriod(source.filter ?? {}, source)
    if (filter === null) return { columns: PAYMENT_REPORT_COLUMNS, rowCount: 0, books: () => booksOf([]), rows: noRows }
    const { db } = source
    const metadata = await findMetadataLayout(db, wholeSetOf(db, source.networkId, filter, (from) => from.select(['p.identifier', 'p.created_at', 'p.metadata_json'])).rows)
    const set = wholeSetOf(db, source.networkId, filter, paymentColumns(metadata))
    const { count } = await set.count.executeTakeFirstOrThrow()
    // The books are summed as the rows go by, with the ledger's own rule (bookClassOf): one pass
    // over the set instead of a second one in SQL, and the same rows, in the same snapshot.
    const groups = new Map<string, BookGroupRow>()
    return {
      columns: [...PAYMENT_REPORT_COLUMNS, ...metadata.columns],
      rowCount: Number(count),
      books: () => booksOf([...groups.values()]),
      async *rows() {
        for await (const page of wholeSetPages(db, source.networkId, filter, paymentColumns(metadata), PAGE_ROWS)) {
          yield page.map((record) => {
            const book = bookClassOf({ chainCheck: record.chain_check, status: record.status })
            const group = `${bookDirectionOf(record.direction)}:${book}`
            const known = groups.get(group)
            groups.set(group, {
              direction: record.direction,
              book,
              count: (known?.count ?? 0n) + 1n,
              amount: (known?.amount ?? 0n) + record.amount_stroops
            })
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
            return cells
          })
        }
      }
    }
  }
}

async function* noRows(): AsyncIterableIterator<readonly (readonly CellValue[])[]> {}

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
