// Everything known about one payment, beside the ledger: what Pi says (status and record), what
// the chain shows, where Merchant Desk sees trouble (flags, in words), refunds and what is left
// to refund (with the refund form), and the timeline of what happened when.
import { useState, type ReactNode } from 'react'
import type { PaymentDetailView } from '../../../shared/contract'
import { invoke, useChannelQuery } from '../api'
import { RefundDialog, type SaleToRefund } from '../refunds/refund-dialog'
import { SaleRefunds } from '../refunds/sale-refunds'
import { UNPAID_LINKED_RULE, UNPAID_LINKED_STEPS } from '../../../shared/payments/unpaid-linked'
import { routeHref } from '../app/route-links'
import { Badge, Drawer, ErrorBanner, copyText, formatAmount, formatInstant, zoneAbbreviation } from '../ui'
import { PaymentRecord } from './payment-record'
import {
  CHAIN_CHECK_LABELS,
  CHAIN_CHECK_TONES,
  CHAIN_FAILURE_LABELS,
  DIRECTION_LABELS,
  DISPLAY_STATUS_LABELS,
  EXCEPTION_FLAG_EXPLANATIONS,
  FLAG_SHORT_LABELS,
  STATUS_TONES,
  flagTone
} from './payment-labels'
import { useBusinessZone } from '../app/app-info'

export interface PaymentDrawerProps {
  readonly identifier: string
  readonly onClose: () => void
}

export function PaymentDrawer({ identifier, onClose }: PaymentDrawerProps) {
  // Every time in the panel is in the business time zone, from the one settings context.
  const zone = useBusinessZone() ?? 'UTC'
  const detail = useChannelQuery('ledger:detail', { identifier })
  const { reload } = detail
  // An open panel follows the ledger (a sync step, a refund): ledger:changed marks it stale.
  const view = detail.data?.row.identifier === identifier ? detail.data : null
  // Held here, not in the detail, so a reload of the detail never closes the form mid-payment.
  const [refunding, setRefunding] = useState<SaleToRefund | null>(null)

  return (
    <Drawer
      title="Payment"
      subtitle={
        <span className="drawer-id">
          <span className="mono break-all" data-drawer-identifier="">
            {identifier}
          </span>
          <button type="button" className="long-id__copy" aria-label={`Copy payment id ${identifier}`} onClick={() => void copyText(identifier)}>
            Copy
          </button>
        </span>
      }
      onClose={onClose}
    >
      {detail.error ? <ErrorBanner error={detail.error} title="The payment could not be read" onRetry={reload} /> : null}
      {view ? (
        <PaymentDetail view={view} zone={zone} onRefund={() => setRefunding(saleToRefund(view))} />
      ) : detail.error ? null : (
        <p className="muted">Loading…</p>
      )}
      {refunding ? <RefundDialog sale={refunding} onClose={() => setRefunding(null)} /> : null}
    </Drawer>
  )
}

function saleToRefund(view: PaymentDetailView): SaleToRefund {
  const { row } = view
  return { identifier: row.identifier, amount: row.amount, memo: row.memo, uid: row.userUid, remainder: view.refundableRemainder ?? '0' }
}

interface PaymentDetailProps {
  readonly view: PaymentDetailView
  readonly zone: string
  readonly onRefund: () => void
}

function PaymentDetail({ view, zone, onRefund }: PaymentDetailProps) {
  const { row, chain } = view
  // A refund is news, not trouble: it is told under Refunds, not under "Needs a look".
  const troubles = row.flags.filter((flag) => flagTone(flag) !== 'info')
  return (
    <div className="payment-detail" data-payment-detail="">
      <section className="payment-detail__summary">
        <p className="payment-detail__amount numeric" title={`${row.amount} Pi`}>
          {formatAmount(row.amount)} <span className="payment-detail__unit">π</span>
        </p>
        <div className="payment-detail__badges">
          <Badge tone={STATUS_TONES[row.status]}>{DISPLAY_STATUS_LABELS[row.status]}</Badge>
          <span className={`direction direction--${row.direction}`}>{DIRECTION_LABELS[row.direction]}</span>
        </div>
        <p className="muted numeric">
          Created {formatInstant(row.createdAt, zone, { seconds: true })} {zoneAbbreviation(row.createdAt, zone)}
        </p>
      </section>

      {isStuck(view) ? (
        <DetailSection title="What you can do">
          <div className="stack stack--tight" data-stuck-path="">
            <p>
              The chain does not show this payment paid. {UNPAID_LINKED_RULE}
            </p>
            <ol className="bullet-list bullet-list--numbered">
              {UNPAID_LINKED_STEPS.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            <a href={routeHref('queue')}>Open the Queue</a>
          </div>
        </DetailSection>
      ) : null}

      {troubles.length > 0 ? (
        <DetailSection title="Needs a look">
          <ul className="flag-list" data-flag-list="">
            {troubles.map((flag) => (
              <li key={flag} className="flag-list__item">
                <Badge tone={flagTone(flag)}>{FLAG_SHORT_LABELS[flag]}</Badge>
                <span>{EXCEPTION_FLAG_EXPLANATIONS[flag]}</span>
              </li>
            ))}
          </ul>
        </DetailSection>
      ) : null}

      <DetailSection title="On the chain">
        <dl className="facts facts--compact" data-chain-facts="">
          <dt>Transaction</dt>
          <dd className="mono break-all">{chain.txid ?? <span className="muted">None linked</span>}</dd>
          <dt>Ledger</dt>
          <dd className="numeric">{chain.ledger ?? '—'}</dd>
          <dt>Fee</dt>
          <dd className="numeric">{chain.fee ? `${formatAmount(chain.fee)} π` : '—'}</dd>
          <dt>Result</dt>
          <dd>{chain.successful === null ? '—' : chain.successful ? 'Successful' : 'Failed: no Pi moved'}</dd>
          <dt>Our check</dt>
          <dd>
            <Badge tone={CHAIN_CHECK_TONES[row.chainCheck]}>{CHAIN_CHECK_LABELS[row.chainCheck]}</Badge>
            {chain.failureReasons.length > 0 ? (
              <ul className="plain-list">
                {chain.failureReasons.map((reason) => (
                  <li key={reason}>{CHAIN_FAILURE_LABELS[reason] ?? reason}</li>
                ))}
              </ul>
            ) : null}
          </dd>
          <dt>Explorer</dt>
          <dd>
            <ExplorerLink url={chain.explorerUrl} txid={chain.txid} />
          </dd>
        </dl>
      </DetailSection>

      {row.direction === 'user_to_app' || view.refunds.length > 0 ? (
        <DetailSection title="Refunds">
          <SaleRefunds sale={row} ledgerRefunds={view.refunds} remainder={view.refundableRemainder} zone={zone} onRefund={onRefund} />
        </DetailSection>
      ) : null}

      <DetailSection title="Timeline">
        {view.timeline.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <ol className="timeline" data-timeline="">
            {view.timeline.map((entry, index) => (
              <li key={`${entry.at}-${entry.kind}-${index}`} className="timeline__item">
                <span className="timeline__time numeric">{formatInstant(entry.at, zone, { seconds: true })}</span>
                <span className="timeline__label">{entry.label}</span>
                {entry.detail ? <span className="timeline__detail">{entry.detail}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </DetailSection>

      <DetailSection title="Pi's record">
        <PaymentRecord dto={view.dto} />
      </DetailSection>
    </div>
  )
}

const OPEN_STATUSES: ReadonlySet<string> = new Set(['created', 'approved', 'submitted', 'verified'])

/** Open at Pi, a transaction linked, and that transaction failed our chain check. */
function isStuck(view: PaymentDetailView): boolean {
  return view.row.chainCheck === 'failed' && OPEN_STATUSES.has(view.row.status) && view.dto['transaction'] != null
}

function ExplorerLink({ url, txid }: { readonly url: string | null; readonly txid: string | null }) {
  const [refused, setRefused] = useState(false)
  if (!txid) return <span className="muted">No transaction to look up.</span>
  if (!url) {
    return (
      <span className="muted" data-explorer-note="">
        Sandbox: this network is simulated on your computer, so no public block explorer shows it.
      </span>
    )
  }
  return (
    <span className="stack stack--tight">
      <button
        type="button"
        className="link-button"
        onClick={() => {
          void invoke('shell:openExternal', { url }).then((envelope) => setRefused(!envelope.ok || !envelope.value.opened))
        }}
      >
        Open in the block explorer
      </button>
      {refused ? (
        <span className="muted">
          Merchant Desk could not open a browser here. The address is <span className="mono break-all">{url}</span>
        </span>
      ) : null}
    </span>
  )
}

function DetailSection({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <section className="detail-section">
      <h3 className="detail-section__title">{title}</h3>
      {children}
    </section>
  )
}
