// invoices/1: the invoices made in the period (by their creation time), one row each: what was
// asked and what arrived, its status, the fiat price and the rate it was converted at (locked when
// it was made: rate, pair, source and the rate's time), the shop's order, the memo and every
// transaction counted for it. Control totals: the sums of amount and received.
import { COMMON_COLUMNS, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'

const COLUMNS: readonly ColumnSpec[] = [
  COMMON_COLUMNS.createdLocal('the invoice'),
  COMMON_COLUMNS.createdUtc('the invoice'),
  { name: 'invoice_id', kind: 'text', description: 'The invoice (inv_ and 20 characters).' },
  { name: 'status', kind: 'text', description: 'new, partially_paid, paid, overpaid, expired, paid_late, cancelled or refunded, at the time of the export.' },
  { name: 'amount', kind: 'amount', description: 'The Pi asked for.' },
  { name: 'received', kind: 'amount', description: 'The Pi counted for it: every payment to the app wallet with its memo.' },
  { name: 'fiat_amount', kind: 'text', description: 'The fiat price it was made for, empty for an invoice in Pi.' },
  { name: 'fiat_currency', kind: 'text', description: 'The ISO 4217 currency of the fiat price.' },
  { name: 'rate', kind: 'text', description: 'Units of the currency per Pi the price was converted at, locked when the invoice was made.' },
  { name: 'rate_pair', kind: 'text', description: 'The pair of the rate, e.g. PI/USD.' },
  { name: 'rate_source', kind: 'text', description: 'Where the rate came from (the rate source’s host).' },
  { name: 'rate_at_utc', kind: 'utc_time', description: 'When the rate source last updated that rate, in UTC.' },
  { name: 'order', kind: 'text', description: "The shop's order reference, empty when none." },
  { name: 'memo', kind: 'text', description: 'The text memo that pays it.' },
  { name: 'expires_at_utc', kind: 'utc_time', description: 'When it stopped waiting for its payment, in UTC.' },
  { name: 'seen_at_utc', kind: 'utc_time', description: 'The chain time of its first payment, empty when none.' },
  { name: 'paid_at_utc', kind: 'utc_time', description: 'The chain time of the payment that reached the amount, empty when not reached.' },
  { name: 'created_by', kind: 'text', description: 'Who made it (a person, the OS user on the command line, or gateway).' },
  { name: 'tx_hashes', kind: 'text', description: 'Every transaction counted for it, in chain order, separated by spaces.' }
]

/** Invoices read per query; their payments are read per batch with one more. */
const BATCH = 500

export const invoicesReport: ReportDefinition = {
  name: 'invoices',
  version: 1,
  title: 'Invoices',
  totals: ['amount', 'received'],
  acceptsLedgerFilter: false,
  async open(source) {
    const { db } = source
    const inPeriod = db
      .selectFrom('invoices')
      .where('network_id', '=', source.networkId)
      .where('created_at', '>=', BigInt(source.period.startMs))
      .where('created_at', '<', BigInt(source.period.endMs))
    const { count } = await inPeriod.select((eb) => eb.fn.countAll<bigint>().as('count')).executeTakeFirstOrThrow()
    return {
      columns: COLUMNS,
      rowCount: Number(count),
      async *rows() {
        let after: { createdAt: bigint; id: string } | null = null
        for (;;) {
          let page = inPeriod.selectAll()
          if (after !== null) {
            const { createdAt, id } = after
            page = page.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]))
          }
          const invoices = await page.orderBy('created_at').orderBy('id').limit(BATCH).execute()
          if (invoices.length === 0) return
          const payments = await db
            .selectFrom('invoice_payments')
            .select(['invoice_id', 'transaction_hash'])
            .where('invoice_id', 'in', invoices.map((invoice) => invoice.id))
            .orderBy('invoice_id')
            .orderBy('chain_at')
            .orderBy('operation_id')
            .execute()
          const hashes = new Map<string, string[]>()
          for (const payment of payments) {
            const list = hashes.get(payment.invoice_id) ?? []
            if (!list.includes(payment.transaction_hash)) list.push(payment.transaction_hash)
            hashes.set(payment.invoice_id, list)
          }
          yield invoices.map((invoice): CellValue[] => [
            invoice.created_at,
            invoice.created_at,
            invoice.id,
            invoice.status,
            invoice.amount_stroops,
            invoice.received_stroops,
            invoice.fiat_amount,
            invoice.fiat_currency,
            invoice.rate,
            invoice.rate_pair,
            invoice.rate_source,
            invoice.rate_at,
            invoice.order_ref,
            invoice.memo,
            invoice.expires_at,
            invoice.seen_at,
            invoice.paid_at,
            invoice.created_by,
            (hashes.get(invoice.id) ?? []).join(' ')
          ])
          const last = invoices.at(-1)
          if (last === undefined || invoices.length < BATCH) return
          after = { createdAt: last.created_at, id: last.id }
        }
      }
    }
  }
}
