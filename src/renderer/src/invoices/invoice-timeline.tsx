// An invoice's history: every chain payment counted for it (hash, amount, who paid) and every
// event of its life (made, seen, paid, expired, cancelled...), in the order main recorded them.
import type { InvoicePaymentView, InvoiceView } from '../../../shared/contract'
import { useBusinessZone } from '../app/app-info'
import { LongId, Table, decimalsFor, formatAmount, formatInstant, type Column } from '../ui'
import { INVOICE_EVENT_LABELS } from './invoice-words'

export function InvoicePayments({ invoice }: { readonly invoice: InvoiceView }) {
  const zone = useBusinessZone() ?? 'UTC'
  const decimals = decimalsFor(invoice.payments.map((payment) => payment.amount))
  const columns: readonly Column<InvoicePaymentView>[] = [
    { key: 'at', header: 'On chain', cell: (payment) => <span className="numeric">{formatInstant(payment.at, zone, { seconds: true })}</span> },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      cell: (payment) => (
        <span className="numeric" data-payment-amount={payment.amount}>
          {formatAmount(payment.amount, decimals)} π
        </span>
      )
    },
    { key: 'from', header: 'From', cell: (payment) => <LongId value={payment.from} what="paying address" /> },
    { key: 'tx', header: 'Transaction', cell: (payment) => <LongId value={payment.txHash} what="transaction hash" /> }
  ]
  return (
    <Table
      caption="Payments counted for this invoice"
      columns={columns}
      rows={invoice.payments}
      rowKey={(payment) => payment.operationId}
      tableProps={{ 'data-invoice-payments': '' }}
      rowProps={(payment) => ({ 'data-payment-tx': payment.txHash })}
      empty={<p className="muted">No payment with this memo has reached the app wallet yet.</p>}
    />
  )
}

export function InvoiceTimeline({ invoice }: { readonly invoice: InvoiceView }) {
  const zone = useBusinessZone() ?? 'UTC'
  return (
    <ol className="invoice-timeline" data-invoice-timeline="">
      {invoice.events.map((event, index) => (
        <li key={`${event.kind}-${event.at}-${index}`} className="invoice-timeline__item" data-event={event.kind}>
          <span className="invoice-timeline__when numeric">{formatInstant(event.at, zone, { seconds: true })}</span>
          <span className="invoice-timeline__what">
            <strong>{INVOICE_EVENT_LABELS[event.kind]}</strong>
            {event.amount !== null ? <span className="numeric"> · {formatAmount(event.amount)} π</span> : null}
            {event.actor !== null ? <span className="muted"> · by {event.actor}</span> : null}
            {event.txHash !== null ? (
              <span className="invoice-timeline__tx">
                <LongId value={event.txHash} what="transaction hash" />
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  )
}
