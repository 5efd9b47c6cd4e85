// Requests already decided, newest first: who asked, who decided, how, with the note, and the
// refund or payout an approval became (its number on the Refunds page).
import type { ApprovalRequestView } from '../../../shared/contract'
import { Badge, Table, formatAmount, formatInstant, type Column } from '../ui'
import { REQUEST_STATE_LABELS, REQUEST_STATE_TONES } from './request-words'

export function DecidedTable({ requests, zone }: { readonly requests: readonly ApprovalRequestView[]; readonly zone: string }) {
  const columns: readonly Column<ApprovalRequestView>[] = [
    { key: 'id', header: '#', cell: (request) => <span className="numeric">{request.id}</span> },
    {
      key: 'what',
      header: 'What',
      cell: (request) => (
        <span>
          {request.kind === 'refund' ? 'Refund' : 'Payout'} of <span className="numeric">{formatAmount(request.amount)} π</span>
        </span>
      )
    },
    {
      key: 'asked',
      header: 'Asked by',
      cell: (request) => (
        <span title={formatInstant(request.requestedAt, zone)} data-requested-by="">
          {request.requestedBy}
        </span>
      )
    },
    {
      key: 'decided',
      header: 'Decided by',
      cell: (request) => (
        <span data-decided-by="">
          {request.decidedBy ?? '—'}
          {request.decidedAt ? <span className="muted numeric"> {formatInstant(request.decidedAt, zone)}</span> : null}
        </span>
      )
    },
    {
      key: 'state',
      header: 'Outcome',
      cell: (request) => (
        <span className="stack stack--tight">
          <Badge tone={REQUEST_STATE_TONES[request.state]}>{REQUEST_STATE_LABELS[request.state]}</Badge>
          {request.payoutId !== null ? (
            <a href="#/refunds" className="muted">
              {request.kind === 'refund' ? 'Refund' : 'Payout'} {request.payoutId}
            </a>
          ) : null}
        </span>
      )
    },
    { key: 'note', header: 'Note', cell: (request) => request.decisionNote || <span className="muted">—</span> }
  ]
  return (
    <Table
      caption="Decided approval requests, newest first"
      columns={columns}
      rows={requests}
      rowKey={(request) => String(request.id)}
      tableProps={{ 'data-decided-requests': '' }}
      rowProps={(request) => ({ 'data-decided-request': String(request.id) })}
    />
  )
}
