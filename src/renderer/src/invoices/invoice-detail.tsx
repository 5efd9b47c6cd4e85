// One invoice: what the customer pays (QR, address, amount, memo), where it stands, the price and
// locked rate of a fiat invoice, every payment counted and every event. From here the customer
// view opens for the counter, and an invoice nothing was paid to can be cancelled.
import { useState } from 'react'
import type { InvoiceView } from '../../../shared/contract'
import { INVOICE_STATUS_LABELS } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { useBusinessZone } from '../app/app-info'
import { Badge, Banner, Button, Card, ErrorBanner, Modal, formatAmount, formatInstant, zoneAbbreviation } from '../ui'
import { InvoicePayBlock } from './invoice-pay-block'
import { InvoicePostbacks } from './invoice-postbacks'
import { InvoicePayments, InvoiceTimeline } from './invoice-timeline'
import { INVOICE_STATUS_TONES, canCancel, remainingPi } from './invoice-words'

export interface InvoiceDetailProps {
  readonly invoice: InvoiceView
  /** Made a moment ago on this screen: say so. */
  readonly justMade: boolean
  readonly onShowCustomer: () => void
  readonly onBack: () => void
}

export function InvoiceDetail({ invoice, justMade, onShowCustomer, onBack }: InvoiceDetailProps) {
  const zone = useBusinessZone() ?? 'UTC'
  const cancel = useChannelAction('invoices:cancel')
  const [confirming, setConfirming] = useState(false)
  const left = remainingPi(invoice.amount, invoice.received)
  const when = (iso: string | null) => (iso === null ? '—' : `${formatInstant(iso, zone)} ${zoneAbbreviation(iso, zone)}`)

  return (
    <div className="stack" data-invoice-detail={invoice.id} data-status={invoice.status}>
      <p>
        <button type="button" className="link-button" onClick={onBack} data-back-to-invoices="">
          ← All invoices
        </button>
      </p>
      {justMade ? (
        <Banner tone="success" title={`Invoice made: ${formatAmount(invoice.amount)} π`}>
          Show it to the customer, or give them the address, amount and memo below. It is paid when a payment with this memo reaches the app
          wallet.
        </Banner>
      ) : null}
      <Card
        title={`Invoice ${invoice.id}`}
        description={
          <span className="invoice-status-line" data-invoice-status={invoice.status}>
            <Badge tone={INVOICE_STATUS_TONES[invoice.status]} dot>
              {INVOICE_STATUS_LABELS[invoice.status]}
            </Badge>{' '}
            <span data-invoice-received={invoice.received}>
              {formatAmount(invoice.received)} of {formatAmount(invoice.amount)} π received
              {left !== null && invoice.status !== 'new' ? `, ${left} π still to pay` : ''}
            </span>
          </span>
        }
        actions={
          <div className="page-actions">
            {canCancel(invoice) ? (
              <Button onClick={() => setConfirming(true)} data-cancel-invoice="">
                Cancel invoice…
              </Button>
            ) : null}
            <Button variant="primary" onClick={onShowCustomer} data-show-customer="">
              Show to customer
            </Button>
          </div>
        }
      >
        <InvoicePayBlock invoice={invoice} size="medium" />
      </Card>
      <div className="grid-2">
        <Card title="Details">
          <dl className="facts" data-invoice-facts="">
            <dt>Order reference</dt>
            <dd>{invoice.order ?? '—'}</dd>
            <dt>Made</dt>
            <dd>
              {when(invoice.createdAt)} by {invoice.createdBy}
            </dd>
            <dt>Expires</dt>
            <dd>{when(invoice.expiresAt)}</dd>
            <dt>First payment seen</dt>
            <dd>{when(invoice.seenAt)}</dd>
            <dt>Paid in full</dt>
            <dd>{when(invoice.paidAt)}</dd>
            {invoice.cancelledAt !== null ? (
              <>
                <dt>Cancelled</dt>
                <dd>
                  {when(invoice.cancelledAt)} by {invoice.cancelledBy ?? 'someone'}
                </dd>
              </>
            ) : null}
            {invoice.refundedAt !== null ? (
              <>
                <dt>Refunded</dt>
                <dd>{when(invoice.refundedAt)}</dd>
              </>
            ) : null}
            <dt>Postback to</dt>
            <dd className="break-all">{invoice.postbackUrl ?? 'None: this invoice tells no shop backend'}</dd>
          </dl>
        </Card>
        {invoice.fiat ? (
          <Card title="Price and locked rate" description="The rate was fetched when the invoice was made and is never recomputed.">
            <dl className="facts" data-invoice-rate="">
              <dt>Price</dt>
              <dd className="numeric" data-fiat-price="">
                {invoice.fiat.amount} {invoice.fiat.currency}
              </dd>
              <dt>Rate</dt>
              <dd className="numeric" data-fiat-rate={invoice.fiat.rate}>
                1 π = {invoice.fiat.rate} {invoice.fiat.currency}
              </dd>
              <dt>Pair</dt>
              <dd data-fiat-pair="">{invoice.fiat.pair}</dd>
              <dt>Source</dt>
              <dd data-fiat-source="">{invoice.fiat.source}</dd>
              <dt>Rate as of</dt>
              <dd data-fiat-rate-at="">{when(invoice.fiat.rateAt)}</dd>
              <dt>Asked in Pi</dt>
              <dd className="numeric">{formatAmount(invoice.amount)} π (rounded up to the stroop)</dd>
            </dl>
          </Card>
        ) : null}
      </div>
      <Card title="Payments" description="Every chain payment to the app wallet that carries this invoice's memo; several add up.">
        <InvoicePayments invoice={invoice} />
      </Card>
      <Card title="Timeline">
        <InvoiceTimeline invoice={invoice} />
      </Card>
      <Card title="Postbacks" description="What the shop's backend was told about this invoice, and its answers.">
        <InvoicePostbacks invoice={invoice} />
      </Card>
      {confirming ? (
        <Modal
          title={`Cancel invoice ${invoice.id}?`}
          description="The customer can no longer pay it: a payment that still arrives with its memo is kept and shown, never lost."
          onClose={() => {
            cancel.clearError()
            setConfirming(false)
          }}
          footer={
            <Button
              variant="primary"
              disabled={cancel.pending}
              data-confirm-cancel=""
              onClick={() =>
                void cancel.run({ id: invoice.id }).then((answer) => {
                  if (answer.ok) setConfirming(false)
                })
              }
            >
              {cancel.pending ? 'Cancelling…' : 'Cancel invoice'}
            </Button>
          }
        >
          {cancel.error ? <ErrorBanner error={cancel.error} title="Not cancelled" /> : <p>Nothing was paid to it yet.</p>}
        </Modal>
      ) : null}
    </div>
  )
}
