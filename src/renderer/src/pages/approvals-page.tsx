// Waiting for approval: the refunds and payouts above someone's policy, kept as requests (nothing
// was created at Pi, nothing signed). Another person with the right approves (and it is paid at
// once, through the same journal that never pays twice) or denies it with a note. Below, what was
// decided already.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { ApprovalRequestView, PayoutView } from '../../../shared/contract'
import { useChannelAction, useChannelQuery } from '../api'
import { useBusinessZone } from '../app/app-info'
import { DecidedTable } from '../approvals/decided-table'
import { RequestCard } from '../approvals/request-card'
import { useDeskPerson } from '../people/desk-person'
import { PayoutOutcome } from '../refunds/payout-outcome'
import { Banner, Button, EmptyState, ErrorBanner, Icon, PageHeader, formatAmount, formatCount } from '../ui'

type Decision =
  | { readonly kind: 'approved'; readonly request: ApprovalRequestView; readonly payout: PayoutView }
  | { readonly kind: 'denied'; readonly request: ApprovalRequestView }

export function ApprovalsPage() {
  const list = useChannelQuery('requests:list')
  const { reload } = list
  const client = useQueryClient()
  const zone = useBusinessZone() ?? 'UTC'
  const { current } = useDeskPerson()
  const resume = useChannelAction('payouts:resume')
  const [decision, setDecision] = useState<Decision | null>(null)

  // Requests are made on other desks too, and main announces no event for a new one: read afresh
  // whenever the inbox is opened (the sidebar's count with it).
  useEffect(() => {
    void client.invalidateQueries({ queryKey: ['requests:list'] })
  }, [client])

  const items = list.data?.items ?? []
  const waiting = items.filter((request) => request.state === 'open' || request.state === 'approved')
  const decided = items.filter((request) => request.state !== 'open' && request.state !== 'approved')

  function settleDecision(next: Decision) {
    setDecision(next)
    void client.invalidateQueries({ queryKey: ['requests:list'] })
  }

  async function resumeDecided(payout: PayoutView) {
    const answer = await resume.run({ id: payout.id })
    const resumed = answer.ok ? answer.value.items.find((item) => item.id === payout.id) : undefined
    if (decision?.kind === 'approved' && resumed) setDecision({ ...decision, payout: resumed })
  }

  return (
    <>
      <PageHeader
        title="Waiting for approval"
        description="Refunds and payouts above a person's limits wait here: nothing was sent to Pi or signed. Another person with the right (an owner or a manager) approves them, and they are paid at once, or denies them with a note."
      />
      {list.error ? <ErrorBanner error={list.error} title="The requests could not be read" onRetry={reload} /> : null}
      {decision ? (
        <section className="stack stack--tight" data-decision-outcome={decision.kind} data-decided-request={decision.request.id}>
          {decision.kind === 'approved' ? (
            <>
              <Banner
                tone="success"
                title={`Request ${decision.request.id} approved`}
                action={
                  <Button size="small" variant="ghost" onClick={() => setDecision(null)}>
                    Dismiss
                  </Button>
                }
              >
                {formatAmount(decision.request.amount)} π asked by {decision.request.requestedBy}: here is where the{' '}
                {decision.request.kind === 'refund' ? 'refund' : 'payout'} stands.
              </Banner>
              {resume.error ? <ErrorBanner error={resume.error} title="Not resumed" /> : null}
              <PayoutOutcome payout={decision.payout} resuming={resume.pending} onResume={() => void resumeDecided(decision.payout)} />
            </>
          ) : (
            <Banner
              tone="info"
              title={`Request ${decision.request.id} denied`}
              action={
                <Button size="small" variant="ghost" onClick={() => setDecision(null)}>
                  Dismiss
                </Button>
              }
            >
              Nothing was paid. {decision.request.requestedBy} will see your note: “{decision.request.decisionNote}”
            </Banner>
          )}
        </section>
      ) : null}
      {list.data !== null && waiting.length === 0 ? (
        <EmptyState icon={<Icon name="approvals" />} title="Nothing is waiting for approval">
          A refund or payout above the limits of the person who asks for it waits here until someone else decides.
        </EmptyState>
      ) : null}
      {waiting.length > 0 ? (
        <div className="stack" data-waiting-requests={waiting.length}>
          <p className="muted">
            {formatCount(waiting.length)} {waiting.length === 1 ? 'request waits' : 'requests wait'}, newest first.
          </p>
          {waiting.map((request) => (
            <RequestCard
              key={request.id}
              request={request}
              current={current}
              zone={zone}
              onApproved={(approved, payout) => settleDecision({ kind: 'approved', request: approved, payout })}
              onDenied={(denied) => settleDecision({ kind: 'denied', request: denied })}
            />
          ))}
        </div>
      ) : null}
      {decided.length > 0 ? (
        <section className="stack stack--tight" aria-labelledby="decided-requests">
          <h2 id="decided-requests">Decided</h2>
          <DecidedTable requests={decided} zone={zone} />
        </section>
      ) : null}
    </>
  )
}
