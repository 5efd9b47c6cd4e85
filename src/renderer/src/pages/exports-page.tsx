// Exports: choose a report, a period and a time zone; main asks where to save, streams the file
// with a progress bar, and the page shows the saved file's name, rows and control totals.
import { useEffect, useState } from 'react'
import type { ExportSavedView, LedgerFilter } from '../../../shared/contract'
import { invoke, useChannelAction } from '../api'
import { useAppSettings } from '../app/app-info'
import { periodRange, type DayRange } from '../dashboard/period'
import { ExportForm, type ExportDraft } from '../exports/export-form'
import { ExportResult } from '../exports/export-result'
import { isEmptyLedgerFilter } from '../exports/describe-filter'
import { forgetHandedOverFilter, handedOverFilter } from '../exports/ledger-handoff'
import { useExportProgress } from '../exports/use-export-progress'
import { Banner, Button, Card, EmptyState, ErrorBanner, Icon, PageHeader, ProgressBar, formatCount } from '../ui'

export function ExportsPage() {
  const settings = useAppSettings()
  const businessZone = settings.data?.businessTimeZone ?? null

  // Filters handed over by the Ledger's "Export these payments", read once.
  const [ledgerFilter, setLedgerFilter] = useState<LedgerFilter | null>(() => {
    const filter = handedOverFilter()
    return isEmptyLedgerFilter(filter) ? null : filter
  })
  useEffect(() => forgetHandedOverFilter(), [])

  const [draft, setDraft] = useState<ExportDraft | null>(null)
  useEffect(() => {
    if (businessZone !== null && draft === null) {
      setDraft({ report: 'payments', range: thisMonth(businessZone), timeZone: businessZone })
    }
  }, [businessZone, draft])

  const run = useChannelAction('exports:run')
  const { progress, reset } = useExportProgress()
  const [saved, setSaved] = useState<ExportSavedView | null>(null)
  const [notSaved, setNotSaved] = useState(false)

  async function start(current: ExportDraft, zone: string) {
    setSaved(null)
    setNotSaved(false)
    reset()
    const envelope = await run.run({
      report: current.report,
      from: current.range.from,
      to: current.range.to,
      timeZone: current.timeZone.trim() || zone,
      ...(current.report === 'payments' && ledgerFilter ? { filter: ledgerFilter } : {})
    })
    if (!envelope.ok) return
    if (envelope.value.outcome === 'saved') setSaved(envelope.value)
    else setNotSaved(true)
  }

  const writing = run.pending && progress !== null && progress.phase === 'writing'
  return (
    <>
      <PageHeader
        title="Exports"
        description="CSV files for your accountant: exact to the stroop, safe to open in a spreadsheet, each with a manifest of its control totals."
      />
      {settings.error ? <ErrorBanner error={settings.error} title="The business time zone could not be read" onRetry={settings.reload} /> : null}
      {draft && businessZone ? (
        <Card title="New export" description="Times follow the zone you choose; the file also gives every time in UTC.">
          <ExportForm
            draft={draft}
            businessZone={businessZone}
            ledgerFilter={ledgerFilter}
            running={run.pending}
            onChange={setDraft}
            onDropFilter={() => setLedgerFilter(null)}
            onRun={() => void start(draft, businessZone)}
          />
        </Card>
      ) : null}
      {run.pending ? (
        <Card title="Exporting">
          <div className="stack">
            <ProgressBar label="Export progress" done={writing ? progress.done : 0} total={writing ? progress.total : null} />
            <div className="form-row">
              <p className="muted" data-export-progress="">
                {writing && progress.total !== null
                  ? `${formatCount(progress.done)} of ${formatCount(progress.total)} rows written`
                  : 'Counting the rows…'}
              </p>
              <Button size="small" onClick={() => void invoke('exports:cancel')}>
                Stop
              </Button>
            </div>
          </div>
        </Card>
      ) : null}
      {run.error ? (
        <ErrorBanner error={run.error} title={run.error.code === 'export_cancelled' ? 'Export stopped' : 'The export could not be written'} />
      ) : null}
      {notSaved ? (
        <Banner tone="info" title="Nothing was saved">
          No place to save the file was chosen.
        </Banner>
      ) : null}
      {saved ? <ExportResult saved={saved} /> : null}
      {!saved && !run.pending && !run.error && !notSaved ? (
        <EmptyState
          icon={<Icon name="exports" />}
          title="No exports yet"
          hint="Choose a report and a period above; Merchant Desk asks where to save the file and its manifest."
        >
          The file you export will be shown here with its rows and control totals. Amounts are exact to the last stroop.
        </EmptyState>
      ) : null}
    </>
  )
}

function thisMonth(zone: string): DayRange {
  const result = periodRange('this_month', zone, new Date(), { from: '', to: '' })
  return result.ok ? result.range : { from: '', to: '' }
}
