// The customer view for the counter: the whole window turned to the customer, with the QR code,
// the amount and memo in large type, and the invoice's status as it changes (main's events and a
// short poll). Once everything is paid it says so, big and green, so nobody has to read small
// print across a counter. Escape (or the button) gives the window back to the merchant.
import { useEffect, useRef } from 'react'
import type { InvoiceView } from '../../../shared/contract'
import { INVOICE_STATUS_LABELS } from '../../../shared/contract'
import { Button, ErrorBanner } from '../ui'
import { InvoicePayBlock } from './invoice-pay-block'
import { exactPi, isPaidInFull, remainingPi } from './invoice-words'
import { useInvoice } from './use-invoice'

export function CustomerView({ id, onLeave }: { readonly id: string; readonly onLeave: () => void }) {
  const invoice = useInvoice(id)
  const panel = useRef<HTMLDivElement>(null)
  const leave = useRef(onLeave)
  useEffect(() => {
    leave.current = onLeave
  })

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    panel.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') leave.current()
    }
    // Leaving the browser's full screen (its own Escape) leaves the customer view too.
    const onFullscreen = () => {
      if (document.fullscreenElement === null) leave.current()
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('fullscreenchange', onFullscreen)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('fullscreenchange', onFullscreen)
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined)
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  const view = invoice.data
  return (
    <div
      className={`customer-view${view && isPaidInFull(view.status) ? ' customer-view--paid' : ''}`}
      role="dialog"
      aria-modal="true"
      aria-label="Customer view"
      tabIndex={-1}
      ref={panel}
      data-customer-view={id}
      data-status={view?.status ?? 'loading'}
    >
      <div className="customer-view__leave">
        <Button variant="ghost" size="small" onClick={onLeave} data-leave-customer-view="">
          Leave customer view (Esc)
        </Button>
      </div>
      {invoice.error && view === null ? <ErrorBanner error={invoice.error} title="This invoice could not be read" onRetry={invoice.reload} /> : null}
      {view === null ? (
        invoice.error ? null : (
          <p className="customer-view__loading" role="status">
            Opening the invoice…
          </p>
        )
      ) : (
        <CustomerPanel invoice={view} />
      )}
    </div>
  )
}

function CustomerPanel({ invoice }: { readonly invoice: InvoiceView }) {
  const paid = isPaidInFull(invoice.status)
  return (
    <div className="customer-view__body">
      <div className="customer-view__status" role="status" aria-live="polite" data-customer-status={invoice.status}>
        {paid ? (
          <p className="customer-view__paid" data-paid="">
            <span aria-hidden="true">✓ </span>Paid
          </p>
        ) : (
          <p className="customer-view__waiting">{waitingWords(invoice)}</p>
        )}
        {paid ? <p className="customer-view__thanks">{paidWords(invoice)}</p> : null}
      </div>
      {paid ? null : (
        <>
          <p className="customer-view__ask">Scan with your Pi wallet, or send exactly this amount with this memo:</p>
          <InvoicePayBlock invoice={invoice} size="large" />
        </>
      )}
    </div>
  )
}

function waitingWords(invoice: InvoiceView): string {
  const left = remainingPi(invoice.amount, invoice.received)
  switch (invoice.status) {
    case 'partially_paid':
      return `Partially paid: ${exactPi(invoice.received)} π received, ${left ?? '0'} π still to pay`
    case 'new':
      return `Waiting for your payment of ${exactPi(invoice.amount)} π`
    case 'expired':
      return 'This invoice has expired: please ask for a new one'
    case 'cancelled':
      return 'This invoice was cancelled: please ask for a new one'
    default:
      return INVOICE_STATUS_LABELS[invoice.status]
  }
}

function paidWords(invoice: InvoiceView): string {
  if (invoice.status === 'overpaid') return `${exactPi(invoice.received)} π received, more than the ${exactPi(invoice.amount)} π asked: thank you.`
  return `${exactPi(invoice.received)} π received. Thank you!`
}
