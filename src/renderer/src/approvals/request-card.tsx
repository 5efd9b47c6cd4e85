// One request of the inbox: what the money would go back for (the sale: id, amount, memo, date),
// to whom (the buyer's uid), how much, who asked, when, under which rule and why; then the
// decision: approve (a note if wanted) or deny (a note required, so the person who asked knows).
import { useState } from 'react'
import { REFUND_REASON_LABELS, type ApprovalRequestView, type PayoutView, type PeopleStatusView } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { paymentHref } from '../app/route-links'
import { Badge, Button, Card, ErrorBanner, LongId, TextField, formatAmount, formatInstant } from '../ui'
import { REQUEST_STATE_LABELS, REQUEST_STATE_TONES, cannotDecide, requestTitle } from './request-words'

export interface RequestCardProps {
  readonly request: ApprovalRequestView
  readonly current: PeopleStatusView['current']
  readonly zone: string
  readonly onApproved: (request: ApprovalRequestView, payout: PayoutView) => void
  readonly onDenied: (request: ApprovalRequestView) => void
}

export function RequestCard({ request, current, zone, onApproved, onDenied }: RequestCardProps) {
  const approve = useChannelAction('requests:approve')
  const deny = useChannelAction('requests:deny')
  const [note, setNote] = useState('')
  const [noteMissing, setNoteMissing] = useState(false)
  const busy = approve.pending || deny.pending
  // An approval not paid in time can no longer be paid (main refuses it): it must be asked again.
  const expired = request.state === 'approved' && request.approvalExpiresAt !== null && Date.parse(request.approvalExpiresAt) <= Date.now()
  const refusal = expired
    ? `The approval expired at ${formatInstant(request.approvalExpiresAt ?? '', zone)} before it was paid: ${request.requestedBy} must ask again.`
    : cannotDecide(request, current)
  const error = approve.error ?? deny.error

  const edited = () => {
    setNoteMissing(false)
    approve.clearError()
    deny.clearError()
  }

  async function approveIt() {
    edited()
    const answer = await approve.run({ id: request.id, note: note.trim() })
    if (answer.ok) onApproved(answer.value.request, answer.value.payout)
  }

  async function denyIt() {
    edited()
    if (note.trim() === '') {
      setNoteMissing(true)
      return
    }
    const answer = await deny.run({ id: request.id, note: note.trim() })
    if (answer.ok) onDenied(answer.value)
  }

  return (
    <div data-request={request.id} data-request-state={request.state}>
      <Card
        title={requestTitle(request)}
        description={
          <>
            {formatAmount(request.amount)} π asked by <strong data-requested-by="">{request.requestedBy}</strong>, {formatInstant(request.requestedAt, zone)}
          </>
        }
        actions={<Badge tone={REQUEST_STATE_TONES[request.state]}>{REQUEST_STATE_LABELS[request.state]}</Badge>}
      >
        <div className="stack">
          <dl className="facts request-facts">
            {request.refundOf !== null ? (
              <>
                <dt>Sale</dt>
                <dd data-request-sale="">
                  <LongId value={request.refundOf} what="payment id" href={paymentHref(request.refundOf)} />
                  {request.sale ? (
                    <span className="request-facts__sale">
                      <span className="numeric" title={`${request.sale.amount} Pi`}>
                        {formatAmount(request.sale.amount)} π
                      </span>
                      {request.sale.memo ? <span>“{request.sale.memo}”</span> : null}
                      <span className="muted numeric">{formatInstant(request.sale.createdAt, zone)}</span>
                    </span>
                  ) : (
                    <span className="muted"> (not in this desk’s ledger)</span>
                  )}
                </dd>
              </>
            ) : null}
            <dt>Buyer</dt>
            <dd className="mono break-all" data-request-buyer="">
              {request.uid}
            </dd>
            <dt>Amount</dt>
            <dd className="numeric" data-request-amount="" title={`${request.amount} Pi`}>
              {formatAmount(request.amount)} π
            </dd>
            <dt>Asked by</dt>
            <dd>
              {request.requestedBy}, <span className="numeric">{formatInstant(request.requestedAt, zone)}</span>
            </dd>
            <dt>Rule</dt>
            <dd data-request-rule="">{request.rule}</dd>
            <dt>Reason</dt>
            <dd data-request-reason="">
              {request.reason ? reasonLabel(request.reason) : request.kind === 'refund' ? 'None given' : 'Payout'}
              {request.reasonText ? `: ${request.reasonText}` : ''}
            </dd>
            {request.memo ? (
              <>
                <dt>Memo the buyer sees</dt>
                <dd>{request.memo}</dd>
              </>
            ) : null}
            {request.decidedBy ? (
              <>
                <dt>Approved by</dt>
                <dd>
                  {request.decidedBy}
                  {request.decidedAt ? `, ${formatInstant(request.decidedAt, zone)}` : ''}
                  {request.approvalExpiresAt ? ` (good until ${formatInstant(request.approvalExpiresAt, zone)})` : ''}
                  {request.decisionNote ? `: “${request.decisionNote}”` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {refusal !== null ? (
            <p className="request-card__refusal" data-cannot-decide="">
              {refusal}
            </p>
          ) : (
            <div className="stack stack--tight" data-decision="">
              {error ? <ErrorBanner error={error} title={error === deny.error ? 'Not denied' : 'Not approved'} /> : null}
              <TextField
                label="Note"
                name={`request-${request.id}-note`}
                value={note}
                maxLength={500}
                disabled={busy}
                hint="Kept with the decision and in the audit log. Optional to approve; to deny, say why."
                error={noteMissing ? 'Say why you deny it: the person who asked reads this note.' : null}
                onChange={(event) => {
                  setNote(event.target.value)
                  edited()
                }}
              />
              <div className="form-row">
                <Button variant="primary" disabled={busy} onClick={() => void approveIt()} data-approve="">
                  {approve.pending ? 'Approving and paying…' : request.state === 'approved' ? 'Pay now' : 'Approve and pay'}
                </Button>
                {request.state === 'open' ? (
                  <Button disabled={busy} onClick={() => void denyIt()} data-deny="">
                    {deny.pending ? 'Denying…' : 'Deny'}
                  </Button>
                ) : null}
              </div>
            </div>
          )}
        </div>
      </Card>
    </div>
  )
}

/** The reason code in words; a code this window does not know (a newer desk's) as it is. */
function reasonLabel(reason: string): string {
  return (REFUND_REASON_LABELS as Readonly<Record<string, string | undefined>>)[reason] ?? reason.replace(/_/g, ' ')
}
