// Invoices for direct Pi payments: make one (in Pi, or a price in a currency at a locked rate),
// find it in the list by status, open it for its QR code, payments and timeline, and turn the
// window to the customer at the counter. Links (`#/invoices/<id>`, `…/counter`) open the same.
import { useState } from 'react'
import type { InvoiceStatus, InvoiceView } from '../../../shared/contract'
import { INVOICE_STATUSES, INVOICE_STATUS_LABELS } from '../../../shared/contract'
import { useChannelQuery } from '../api'
import { useInvoiceLink } from '../app/use-invoice-link'
import { CustomerView } from '../invoices/customer-view'
import { InvoiceDetail } from '../invoices/invoice-detail'
import { InvoiceForm } from '../invoices/invoice-form'
import { InvoicesTable } from '../invoices/invoices-table'
import { useInvoice } from '../invoices/use-invoice'
import { Card, EmptyState, ErrorBanner, Icon, PageHeader, formatCount } from '../ui'

export function InvoicesPage() {
  const { link, open, close } = useInvoiceLink()
  const [justMade, setJustMade] = useState<string | null>(null)

  function made(invoice: InvoiceView) {
    setJustMade(invoice.id)
    open(invoice.id)
  }

  return (
    <>
      <PageHeader
        title="Invoices"
        description="Ask a customer for Pi sent straight to your app wallet: a QR code, the amount and a memo. The payment that carries the memo settles the invoice."
      />
      {link === null ? (
        <InvoiceList onMade={made} />
      ) : (
        <OpenInvoice
          id={link.id}
          justMade={justMade === link.id}
          onShowCustomer={() => {
            // Full screen is asked for on the merchant's click (browsers allow it only then); a
            // window that refuses still shows the customer view over the whole app.
            void document.documentElement.requestFullscreen?.().catch(() => undefined)
            open(link.id, { counter: true })
          }}
          onBack={close}
        />
      )}
      {link?.counter ? <CustomerView id={link.id} onLeave={() => open(link.id)} /> : null}
    </>
  )
}

function InvoiceList({ onMade }: { readonly onMade: (invoice: InvoiceView) => void }) {
  const [status, setStatus] = useState<InvoiceStatus | 'all'>('all')
  const list = useChannelQuery('invoices:list', status === 'all' ? {} : { status })
  const items = list.data ?? []
  return (
    <div className="stack">
      <Card title="New invoice" description="The customer pays the app wallet of this network with the invoice's memo.">
        <InvoiceForm onCreated={onMade} />
      </Card>
      <section className="stack stack--tight" aria-labelledby="invoice-list-heading">
        <div className="invoice-list__bar">
          <h2 id="invoice-list-heading">All invoices</h2>
          <label className="invoice-list__filter">
            <span>Show</span>
            <select className="select" value={status} onChange={(event) => setStatus(event.target.value as InvoiceStatus | 'all')} data-invoice-filter="">
              <option value="all">Every status</option>
              {INVOICE_STATUSES.map((choice) => (
                <option key={choice} value={choice}>
                  {INVOICE_STATUS_LABELS[choice]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {list.error ? <ErrorBanner error={list.error} title="The invoices could not be read" onRetry={list.reload} /> : null}
        {list.data === null ? (
          list.loading ? (
            <p className="muted" role="status">
              Reading invoices…
            </p>
          ) : null
        ) : items.length === 0 ? (
          <EmptyState icon={<Icon name="invoices" />} title={status === 'all' ? 'No invoices yet' : `No invoice is ${INVOICE_STATUS_LABELS[status].toLowerCase()}`}>
            {status === 'all'
              ? 'Invoices you make here, on the command line or through the shop gateway are listed with what was asked, what arrived and where each stands.'
              : 'Choose another status, or every status, to see the others.'}
          </EmptyState>
        ) : (
          <>
            <p className="muted" data-invoice-count={items.length}>
              {formatCount(items.length)} {items.length === 1 ? 'invoice' : 'invoices'}, newest first.
            </p>
            <InvoicesTable items={items} />
          </>
        )}
      </section>
    </div>
  )
}

function OpenInvoice({
  id,
  justMade,
  onShowCustomer,
  onBack
}: {
  readonly id: string
  readonly justMade: boolean
  readonly onShowCustomer: () => void
  readonly onBack: () => void
}) {
  const invoice = useInvoice(id)
  if (invoice.data === null) {
    return invoice.error ? (
      <ErrorBanner error={invoice.error} title="This invoice could not be read" onRetry={invoice.reload} />
    ) : (
      <p className="muted" role="status">
        Opening the invoice…
      </p>
    )
  }
  return (
    <>
      {invoice.error ? <ErrorBanner error={invoice.error} title="The invoice could not be read again" onRetry={invoice.reload} /> : null}
      <InvoiceDetail invoice={invoice.data} justMade={justMade} onShowCustomer={onShowCustomer} onBack={onBack} />
    </>
  )
}
