// The network's invoices, newest first as main lists them: when, for what order, how much was
// asked and received, and where each stands. A row opens the invoice.
import type { InvoiceSummaryView } from '../../../shared/contract'
import { INVOICE_STATUS_LABELS } from '../../../shared/contract'
import { useBusinessZone } from '../app/app-info'
import { invoiceHref } from '../app/route-links'
import { Badge, Table, decimalsFor, formatAmount, formatInstant, type Column } from '../ui'
import { INVOICE_STATUS_TONES } from './invoice-words'

export function InvoicesTable({ items }: { readonly items: readonly InvoiceSummaryView[] }) {
  const zone = useBusinessZone() ?? 'UTC'
  const decimals = decimalsFor(items.flatMap((invoice) => [invoice.amount, invoice.received]))
  const columns: readonly Column<InvoiceSummaryView>[] = [
    {
      key: 'made',
      header: 'Made',
      cell: (invoice) => (
        <span className="invoice-made">
          <a href={invoiceHref(invoice.id)} className="numeric" data-open-invoice={invoice.id}>
            {formatInstant(invoice.createdAt, zone)}
          </a>
          <span className="muted">by {invoice.createdBy}</span>
        </span>
      )
    },
    {
      key: 'what',
      header: 'Order and memo',
      cell: (invoice) => (
        <span className="invoice-made">
          <span>{invoice.order ?? <span className="muted">No order reference</span>}</span>
          <span className="mono muted" data-memo="">
            {invoice.memo}
          </span>
        </span>
      )
    },
    {
      key: 'amount',
      header: 'Asked',
      align: 'end',
      cell: (invoice) => (
        <span className="invoice-made">
          <span className="numeric" data-amount="" title={`${invoice.amount} Pi`}>
            {formatAmount(invoice.amount, decimals)} π
          </span>
          {invoice.fiat ? (
            <span className="muted numeric">
              {invoice.fiat.amount} {invoice.fiat.currency}
            </span>
          ) : null}
        </span>
      )
    },
    {
      key: 'received',
      header: 'Received',
      align: 'end',
      cell: (invoice) => (
        <span className="numeric" data-received="" title={`${invoice.received} Pi`}>
          {formatAmount(invoice.received, decimals)} π
        </span>
      )
    },
    {
      key: 'status',
      header: 'Status',
      cell: (invoice) => (
        <span data-status={invoice.status}>
          <Badge tone={INVOICE_STATUS_TONES[invoice.status]} dot>
            {INVOICE_STATUS_LABELS[invoice.status]}
          </Badge>
        </span>
      )
    }
  ]
  return (
    <Table
      caption="Invoices, newest first"
      columns={columns}
      rows={items}
      rowKey={(invoice) => invoice.id}
      tableProps={{ 'data-invoices-table': '' }}
      rowProps={(invoice) => ({ 'data-invoice-row': invoice.id, 'data-status': invoice.status })}
    />
  )
}
