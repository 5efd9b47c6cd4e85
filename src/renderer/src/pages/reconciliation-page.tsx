// Reconciliation: the ledger against Pi's records and the blockchain, for a period. Run one (it
// syncs first, with a progress bar), read what it found type by type, open the evidence of a
// discrepancy and its payment, and resolve each one with a note. Earlier runs stay listed.
import { useEffect, useState } from 'react'
import { useChannelAction, useChannelQuery } from '../api'
import { useAppSettings } from '../app/app-info'
import { periodRange, type DayRange } from '../dashboard/period'
import { PHASE_LABELS } from '../reconcile/reconcile-words'
import { RunForm, type RunDraft } from '../reconcile/run-form'
import { RunHistory } from '../reconcile/run-history'
import { RunReport } from '../reconcile/run-report'
import { useReconcileProgress } from '../reconcile/use-reconcile-progress'
import { Card, EmptyState, ErrorBanner, Icon, PageHeader, ProgressBar, formatCount } from '../ui'

export function ReconciliationPage() {
  const settings = useAppSettings()
  const runs = useChannelQuery('reconcile:list')
  const businessZone = settings.data?.businessTimeZone ?? null

  const [draft, setDraft] = useState<RunDraft | null>(null)
  useEffect(() => {
    if (businessZone !== null && draft === null) setDraft({ range: thisMonth(businessZone), timeZone: '', incompleteHours: '24' })
  }, [businessZone, draft])

  const reconcile = useChannelAction('reconcile:run')
  const { progress, reset } = useReconcileProgress()
  const [chosen, setChosen] = useState<number | null>(null)
  const latest = runs.data?.runs[0]?.id ?? null
  const shown = chosen ?? latest

  async function start(current: RunDraft) {
    reset()
    const envelope = await reconcile.run({
      from: current.range.from,
      to: current.range.to,
      ...(current.timeZone.trim() ? { timeZone: current.timeZone.trim() } : {}),
      incompleteAfterHours: Number(current.incompleteHours)
    })
    runs.reload()
    if (envelope.ok) setChosen(envelope.value.id)
  }

  const counting = progress?.phase === 'checking_payments' && progress.total !== null
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Your ledger compared with Pi's records and with the blockchain, period by period, and the app wallet's balance to the stroop."
      />
      {settings.error ? <ErrorBanner error={settings.error} title="The business time zone could not be read" onRetry={settings.reload} /> : null}
      {draft && businessZone ? (
        <Card title="Reconcile a period" description="Every payment of the period, every transfer into the wallet, every refund, and the wallet's balance.">
          <RunForm draft={draft} businessZone={businessZone} running={reconcile.pending} onChange={setDraft} onRun={() => void start(draft)} />
        </Card>
      ) : null}
      {reconcile.pending ? (
        <Card title="Reconciling">
          <div className="stack">
            <ProgressBar label="Reconciliation progress" done={counting ? progress.done : 0} total={counting ? progress.total : null} />
            <p className="muted" data-reconcile-progress="">
              {progress === null ? 'Starting…' : (PHASE_LABELS[progress.phase] ?? progress.phase)}
              {counting && progress.total !== null ? ` ${formatCount(progress.done)} of ${formatCount(progress.total)} payments.` : ''}
            </p>
          </div>
        </Card>
      ) : null}
      {reconcile.error ? <ErrorBanner error={reconcile.error} title="The reconciliation did not run" /> : null}
      {runs.error ? <ErrorBanner error={runs.error} title="Earlier reconciliations could not be read" onRetry={runs.reload} /> : null}
      {shown !== null && businessZone ? (
        <RunReport key={shown} runId={shown} zone={businessZone} onChanged={runs.reload} />
      ) : runs.data !== null && runs.data.runs.length === 0 && !reconcile.pending ? (
        <EmptyState
          icon={<Icon name="reconciliation" />}
          title="No reconciliation run yet"
          hint="Run one for a month or any period once your ledger has been synced."
        >
          Every difference will be listed here: a payment Pi knows about but the chain does not show, an amount that does not match,
          or a transfer to your wallet without a Pi payment.
        </EmptyState>
      ) : null}
      {runs.data && runs.data.runs.length > 1 && businessZone ? (
        <Card title="Earlier reconciliations">
          <RunHistory runs={runs.data.runs} selected={shown} zone={businessZone} onSelect={setChosen} />
        </Card>
      ) : null}
    </>
  )
}

function thisMonth(zone: string): DayRange {
  const result = periodRange('this_month', zone, new Date(), { from: '', to: '' })
  return result.ok ? result.range : { from: '', to: '' }
}
