// Exports: choose a report, a period and a time zone (or take the Ledger's payments as they are);
// the page says how many rows that is, main asks where to save, streams the file with a progress
// bar, and the page shows the saved file and the history of every export.
import { useEffect, useState } from 'react'
import type { ExportRunInput, ExportSavedView, LedgerFilter } from '../../../shared/contract'
import { invoke, useChannelAction } from '../api'
import { useAppSettings } from '../app/app-info'
import { periodRange, type DayRange } from '../dashboard/period'
import { ExportForm, type ExportDraft } from '../exports/export-form'
import { ExportResult } from '../exports/export-result'
import { ExportCount } from '../exports/export-count'
import { ExportHistory } from '../exports/export-history'
import { LedgerExport } from '../exports/ledger-export'
import { forgetHandedOverFilter, handedOverFilter } from '../exports/ledger-handoff'
import { useExportProgress } from '../exports/use-export-progress'
import { Banner, Button, Card, ErrorBanner, PageHeader, ProgressBar, formatCount } from '../ui'

export function ExportsPage() {
  const settings = useAppSettings()
  const businessZone = settings.data?.businessTimeZone ?? null

  // Filters handed over by the Ledger's "Export these payments", read once. No filter at all still
  // means the ledger's payments over all its dates, never a default month.
  const [ledgerFilter, setLedgerFilter] = useState<LedgerFilter | null>(() => handedOverFilter())
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

  async function start(input: ExportRunInput) {
    setSaved(null)
    setNotSaved(false)
    reset()
    const envelope = await run.run(input)
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
      {ledgerFilter && businessZone ? (
        <LedgerExport
          filter={ledgerFilter}
          zone={businessZone}
          running={run.pending}
          onRun={(input) => void start(input)}
          onDrop={() => setLedgerFilter(null)}
        />
      ) : draft && businessZone ? (
        <Card title="New export" description="Times follow the zone you choose; the file also gives every time in UTC.">
          <ExportForm
            draft={draft}
            businessZone={businessZone}
            ledgerFilter={null}
            running={run.pending}
            onChange={setDraft}
            onDropFilter={() => setLedgerFilter(null)}
            onRun={() => void start(formInput(draft, businessZone))}
          />
          {draft.range.from && draft.range.to && draft.range.from <= draft.range.to ? (
            <ExportCount input={formInput(draft, businessZone)} />
          ) : null}
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
      {businessZone ? <ExportHistory zone={businessZone} refreshKey={saved?.exportId ?? null} /> : null}
    </>
  )
}

function formInput(draft: ExportDraft, zone: string): ExportRunInput {
  return { report: draft.report, from: draft.range.from, to: draft.range.to, timeZone: draft.timeZone.trim() || zone }
}

function thisMonth(zone: string): DayRange {
  const result = periodRange('this_month', zone, new Date(), { from: '', to: '' })
  return result.ok ? result.range : { from: '', to: '' }
}
