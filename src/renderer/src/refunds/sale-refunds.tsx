// The Refunds section of a sale's detail panel: every refund of it, once (see
// sale-refund-entries.ts), what is still refundable, and the way into the refund form.
import type { PaymentRowView } from '../../../shared/contract'
import { useChannelQuery } from '../api'
import { DISPLAY_STATUS_LABELS, STATUS_TONES } from '../ledger/payment-labels'
import { Badge, Button, ErrorBanner, formatAmount, formatInstant, shortenMiddle } from '../ui'
import { PAYOUT_STATE_TONES, isFinished, isPositiveAmount } from './payout-words'
import { saleRefundEntries, type SaleRefundEntry } from './sale-refund-entries'

export interface SaleRefundsProps {
  readonly sale: PaymentRowView
  /** Refund payments the ledger holds for this sale. */
  readonly ledgerRefunds: readonly PaymentRowView[]
  /** null when the payment cannot be refunded (not a completed sale). */
  readonly remainder: string | null
  readonly zone: string
  readonly onRefund: () => void
}

export function SaleRefunds({ sale, ledgerRefunds, remainder, zone, onRefund }: SaleRefundsProps) {
  const journal = useChannelQuery('payouts:list', { refundOf: sale.identifier })
  const entries = saleRefundEntries(journal.data?.items ?? [], ledgerRefunds)

  return (
    <div className="stack stack--tight">
      {journal.error ? <ErrorBanner error={journal.error} title="Refunds in progress could not be read" onRetry={journal.reload} /> : null}
      {entries.length === 0 ? (
        <p className="muted">No refunds for this payment.</p>
      ) : (
        <ul className="refund-list" data-refund-list="">
          {entries.map((entry) => (
            <RefundEntry key={entry.key} entry={entry} zone={zone} />
          ))}
        </ul>
      )}
      {remainder !== null ? (
        <div className="sale-refunds__remainder">
          <p data-refundable-remainder="">
            Still refundable: <strong className="numeric">{formatAmount(remainder)} π</strong>
          </p>
          {isPositiveAmount(remainder) ? (
            <Button size="small" onClick={onRefund} data-refund-open="">
              Refund…
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

function RefundEntry({ entry, zone }: { readonly entry: SaleRefundEntry; readonly zone: string }) {
  if (entry.source === 'ledger') {
    const { row } = entry
    return (
      <li className="refund-list__item" data-refund={row.identifier} data-refund-source="ledger" data-refund-state={row.status}>
        <span className="numeric">{formatInstant(row.createdAt, zone)}</span>
        <span className="mono" title={row.identifier}>
          {shortenMiddle(row.identifier, 6, 4)}
        </span>
        <Badge tone={STATUS_TONES[row.status]}>{DISPLAY_STATUS_LABELS[row.status]}</Badge>
        <span className="numeric refund-list__amount" title={`${row.amount} Pi`}>
          {formatAmount(row.amount)} π
        </span>
      </li>
    )
  }
  const { payout } = entry
  return (
    <li
      className="refund-list__item"
      data-refund={payout.piPaymentId ?? ''}
      data-refund-source="journal"
      data-refund-state={payout.state}
      data-payout-id={payout.id}
    >
      <span className="numeric">{formatInstant(payout.createdAt, zone)}</span>
      <span className="mono" title={payout.piPaymentId ?? 'Not created with Pi yet'}>
        {payout.piPaymentId ? shortenMiddle(payout.piPaymentId, 6, 4) : `#${payout.id}`}
      </span>
      <Badge tone={PAYOUT_STATE_TONES[payout.state]}>
        {payout.stateLabel}
        {isFinished(payout) ? '' : ` · step ${payout.step} of ${payout.steps}`}
      </Badge>
      <span className="numeric refund-list__amount" title={`${payout.amount} Pi`}>
        {formatAmount(payout.amount)} π
      </span>
      {payout.problem && payout.state !== 'completed' ? (
        <span className="refund-list__problem" data-problem={payout.problem.code}>
          {payout.problem.message}
        </span>
      ) : null}
    </li>
  )
}
