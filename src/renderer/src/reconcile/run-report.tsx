// A saved reconciliation: what was checked, the counts by type, the wallet check, every
// discrepancy by type, and the evidence of one (with its payment, from the ledger's own drawer).
import { useState } from 'react'
import type { DiscrepancyType, ReconcileItemView } from '../../../shared/contract'
import { useChannelQuery } from '../api'
import { PaymentDrawer } from '../ledger/payment-drawer'
import { Banner, Card, ErrorBanner, formatCount, formatInstant } from '../ui'
import { DiscrepancyList } from './discrepancy-list'
import { ItemPanel } from './item-panel'
import { TypeCounts } from './type-counts'
import { WalletCheck } from './wallet-check'

type Panel = { readonly kind: 'item'; readonly item: ReconcileItemView } | { readonly kind: 'payment'; readonly identifier: string }

export interface RunReportProps {
  readonly runId: number
  readonly zone: string
  /** An item was resolved: lists that show open counts reload. */
  readonly onChanged: () => void
}

export function RunReport({ runId, zone, onChanged }: RunReportProps) {
  const report = useChannelQuery('reconcile:report', { runId })
  const [type, setType] = useState<DiscrepancyType | null>(null)
  const [panel, setPanel] = useState<Panel | null>(null)
  const view = report.data?.run.id === runId ? report.data : null

  if (report.error && view === null) return <ErrorBanner error={report.error} title="The reconciliation could not be read" onRetry={report.reload} />
  if (view === null) return <p className="muted">Reading the reconciliation…</p>

  const { run } = view
  const open = Object.fromEntries(view.groups.map((group) => [group.type, group.unresolved]))
  const groups = type === null ? view.groups : view.groups.filter((group) => group.type === type)
  return (
    <div className="stack" data-run-report={run.id}>
      <Card
        title={`Reconciliation #${run.id}`}
        description={`${run.from} to ${run.to} (${run.timeZone}), ran ${formatInstant(run.finishedAt, zone)} by ${run.requestedBy}.`}
      >
        <dl className="facts">
          <dt>Payments checked</dt>
          <dd className="numeric" data-payments-checked="">
            {formatCount(run.paymentsChecked)} <span className="muted">({formatCount(run.piRecordsRead)} read again from Pi)</span>
          </dd>
          <dt>Transactions checked</dt>
          <dd className="numeric">{formatCount(run.transactionsChecked)}</dd>
          <dt>Open payments reported after</dt>
          <dd>{run.incompleteAfterHours} hours</dd>
          <dt>App wallet</dt>
          <dd className="mono break-all">{run.wallet}</dd>
        </dl>
      </Card>
      {run.itemCount === 0 ? (
        <Banner tone="success" title="Everything agrees">
          Your ledger, Pi&apos;s records and the blockchain match for this period.
        </Banner>
      ) : (
        <Card
          title={`${formatCount(run.itemCount)} ${run.itemCount === 1 ? 'discrepancy' : 'discrepancies'}`}
          description={`${formatCount(run.unresolvedCount)} still open. Pick a type to see only those.`}
        >
          <TypeCounts run={run} open={open} selected={type} onSelect={setType} />
        </Card>
      )}
      <WalletCheck run={run} />
      {groups.length > 0 ? <DiscrepancyList groups={groups} onOpen={(item) => setPanel({ kind: 'item', item })} /> : null}
      {panel?.kind === 'item' ? (
        <ItemPanel
          item={panel.item}
          zone={zone}
          onOpenPayment={(identifier) => setPanel({ kind: 'payment', identifier })}
          onResolved={(item) => {
            setPanel({ kind: 'item', item })
            report.reload()
            onChanged()
          }}
          onClose={() => setPanel(null)}
        />
      ) : panel?.kind === 'payment' ? (
        <PaymentDrawer identifier={panel.identifier} onClose={() => setPanel(null)} />
      ) : null}
    </div>
  )
}
