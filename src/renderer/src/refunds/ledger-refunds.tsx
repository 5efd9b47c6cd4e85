// Every refund and payout the ledger knows (issue #14, item 7), whoever paid it: the ones this
// desk paid (its payout journal, listed above with their progress) and the ones synced from the
// chain and Pi that were paid before this desk existed or by another tool. Money out of the wallet
// either way, so all of it is listed, each marked by who paid it.
import { BOOK_CLASS_LABELS, type LedgerRefundView } from '../../../shared/contract'
import { DISPLAY_STATUS_LABELS } from '../../../shared/payments/labels'
import { useAppEvent, useChannelQuery } from '../api'
import { useBusinessZone } from '../app/app-info'
import { useReloadOnLedgerChange } from '../ledger/use-reload-on-ledger-change'
import { Badge, Card, ErrorBanner, Table, formatAmount, formatCount, formatInstant, shortenMiddle, type Column } from '../ui'

export function LedgerRefunds() {
  const zone = useBusinessZone() ?? 'UTC'
  const list = useChannelQuery('ledger:refunds')
  useReloadOnLedgerChange(list.reload, 1500)
  useAppEvent('payouts:changed', list.reload)
  if (list.error) return <ErrorBanner error={list.error} title="The ledger's refunds could not be read" onRetry={list.reload} />
  const view = list.data
  if (view === null || view.total === 0) return null
  const paidHere = view.refunds.filter((refund) => refund.payoutId !== null).length
  const columns: readonly Column<LedgerRefundView>[] = [
    { key: 'when', header: 'Created', cell: (refund) => <span className="numeric">{formatInstant(refund.createdAt, zone)}</span> },
    {
      key: 'what',
      header: 'What',
      cell: (refund) => (
        <span className="payout-what" data-ledger-refund={refund.identifier}>
          <Badge tone={refund.refundOf ? 'neutral' : 'info'}>{refund.refundOf ? 'Refund' : 'Payout'}</Badge>
          <span className="break-all" title={refund.refundOf ?? refund.userUid}>
            {refund.refundOf ? `of ${shortenMiddle(refund.refundOf, 8, 4)}` : `to ${refund.userUid}`}
          </span>
        </span>
      )
    },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      cell: (refund) => (
        <span className="numeric" title={`${refund.amount} Pi`}>
          {formatAmount(refund.amount)} π
        </span>
      )
    },
    { key: 'status', header: 'At Pi', cell: (refund) => DISPLAY_STATUS_LABELS[refund.status] },
    { key: 'chain', header: 'On chain', cell: (refund) => <span data-book={refund.book}>{BOOK_CLASS_LABELS[refund.book]}</span> },
    {
      key: 'by',
      header: 'Paid by',
      cell: (refund) =>
        refund.payoutId !== null ? (
          <span data-paid-by="this_desk">
            <Badge tone="success">This desk (#{refund.payoutId})</Badge>
          </span>
        ) : (
          <span className="muted" data-paid-by="elsewhere" title="Paid before this desk existed, or by another tool; synced from the chain and Pi.">
            Elsewhere
          </span>
        )
    },
    {
      key: 'tx',
      header: 'Transaction',
      cell: (refund) =>
        refund.txid ? (
          <span className="mono" title={refund.txid}>
            {shortenMiddle(refund.txid, 6, 4)}
          </span>
        ) : (
          <span className="muted">None known</span>
        )
    }
  ]
  return (
    <Card
      title="Every refund and payout in the ledger"
      description={`${formatCount(view.total)} in all, ${formatCount(paidHere)} paid by this desk${view.total > view.refunds.length ? `; the newest ${formatCount(view.refunds.length)} are shown` : ''}. The rest were synced from the chain and Pi.`}
    >
      <div className="ledger-refunds" data-ledger-refunds="" data-ledger-refunds-total={view.total}>
        <Table rows={view.refunds} columns={columns} rowKey={(refund) => refund.identifier} caption="Every refund and payout in the ledger" />
      </div>
    </Card>
  )
}
