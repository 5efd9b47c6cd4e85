// Refunds and payouts: every A2U payment the app wallet made or is making, where each stands, and
// what can be done about it (resume what stopped, cancel what should not be paid). It follows the
// journal live: every state change main reports reloads the list.
import { useState } from 'react'
import type { PayoutAction, PayoutView } from '../../../shared/contract'
import { useChannelAction, useChannelQuery } from '../api'
import { CancelPayoutDialog } from '../refunds/cancel-payout-dialog'
import { LedgerRefunds } from '../refunds/ledger-refunds'
import { PayoutDialog } from '../refunds/payout-dialog'
import { PayoutsTable } from '../refunds/payouts-table'
import { Banner, Button, EmptyState, ErrorBanner, Icon, PageHeader, formatCount } from '../ui'

export function RefundsPage() {
  const list = useChannelQuery('payouts:list')
  const { reload } = list

  const resume = useChannelAction('payouts:resume')
  const cancel = useChannelAction('payouts:cancel')
  const [busyId, setBusyId] = useState<number | null>(null)
  const [cancelling, setCancelling] = useState<PayoutView | null>(null)
  const [paying, setPaying] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  async function resumeOne(payout: PayoutView) {
    setBusyId(payout.id)
    setNotice(null)
    const envelope = await resume.run({ id: payout.id })
    setBusyId(null)
    if (envelope.ok) setNotice(describeResumed(envelope.value.items))
    reload()
  }

  async function resumeAll() {
    setNotice(null)
    const envelope = await resume.run()
    if (envelope.ok) setNotice(describeResumed(envelope.value.items))
    reload()
  }

  async function confirmCancel(payout: PayoutView) {
    const envelope = await cancel.run({ id: payout.id })
    if (envelope.ok) {
      setCancelling(null)
      setNotice(`${payout.kind === 'refund' ? 'Refund' : 'Payout'} ${payout.id} cancelled: nothing was paid.`)
    }
    reload()
  }

  function act(action: PayoutAction, payout: PayoutView) {
    if (action === 'resume') void resumeOne(payout)
    else {
      cancel.clearError()
      setCancelling(payout)
    }
  }

  const view = list.data
  const items = view?.items ?? []
  const unfinished = view?.unfinished ?? 0
  const actions = (
    <div className="page-actions">
      {unfinished > 0 ? (
        <Button onClick={() => void resumeAll()} disabled={resume.pending} data-resume-all="">
          {resume.pending && busyId === null ? 'Resuming…' : `Resume all unfinished (${formatCount(unfinished)})`}
        </Button>
      ) : null}
      <Button variant="primary" onClick={() => setPaying(true)} data-new-payout="">
        New payout…
      </Button>
    </div>
  )

  return (
    <>
      <PageHeader
        title="Refunds"
        description="Pi sent from your app wallet to buyers, as refunds of sales or payouts, and where each one stands."
        actions={actions}
      />
      {list.error ? <ErrorBanner error={list.error} title="Refunds and payouts could not be read" onRetry={reload} /> : null}
      {resume.error ? <ErrorBanner error={resume.error} title="Nothing was resumed" /> : null}
      {view?.recoveryProblem ? (
        <Banner tone="error" title="Unfinished refunds and payouts could not be finished at start">
          {view.recoveryProblem.message}
        </Banner>
      ) : null}
      {notice ? (
        <Banner
          tone="info"
          title={notice}
          action={
            <Button size="small" variant="ghost" onClick={() => setNotice(null)}>
              Dismiss
            </Button>
          }
        />
      ) : null}
      {view !== null && items.length === 0 ? (
        <EmptyState
          icon={<Icon name="refunds" />}
          title="No refunds sent from this desk yet"
          hint="Start a refund from a completed sale in the Ledger, or pay a buyer with New payout. Merchant Desk never pays the same refund twice."
        >
          Refunds and payouts you send from the app wallet are listed here with their amount, what they are for, and their
          progress from requested to completed on the chain and with Pi.
        </EmptyState>
      ) : view !== null ? (
        <>
          <p className="payouts-summary" data-payouts-summary="">
            <strong>{formatCount(items.length)}</strong> {items.length === 1 ? 'refund or payout' : 'refunds and payouts'}
            {unfinished > 0 ? `, ${formatCount(unfinished)} not finished` : ', all finished'}
            {view.walletPublicKey ? (
              <>
                {' '}
                · paid from <span className="mono">{view.walletPublicKey}</span>
              </>
            ) : null}
          </p>
          <PayoutsTable items={items} busyId={busyId} onAct={act} />
        </>
      ) : list.loading ? (
        <p className="muted" role="status">
          Reading refunds and payouts…
        </p>
      ) : null}
      <LedgerRefunds />
      {cancelling ? (
        <CancelPayoutDialog
          payout={cancelling}
          pending={cancel.pending}
          error={cancel.error}
          onConfirm={() => void confirmCancel(cancelling)}
          onClose={() => setCancelling(null)}
        />
      ) : null}
      {paying ? <PayoutDialog onClose={() => setPaying(false)} /> : null}
    </>
  )
}

function describeResumed(items: readonly PayoutView[]): string {
  if (items.length === 0) return 'Nothing was waiting to be resumed.'
  const completed = items.filter((item) => item.state === 'completed').length
  const failed = items.filter((item) => item.state === 'failed').length
  const waiting = items.length - completed - failed
  const parts = [`${formatCount(completed)} of ${formatCount(items.length)} completed`]
  if (failed > 0) parts.push(`${formatCount(failed)} failed with nothing paid`)
  if (waiting > 0) parts.push(`${formatCount(waiting)} still ${waiting === 1 ? 'needs' : 'need'} attention (see the sentence in the row)`)
  return `Resumed: ${parts.join('; ')}.`
}
