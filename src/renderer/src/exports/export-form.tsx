// What to export: the report, the period (days in the chosen zone, both included) and the zone.
// The file's place is not asked here: main opens its own save dialog when the export starts.
import { useId } from 'react'
import { EXPORT_REPORTS, type ExportReport, type LedgerFilter } from '../../../shared/contract'
import { PERIOD_LABELS, periodRange, type DayRange } from '../dashboard/period'
import { Button, PeriodField, ZoneSelect } from '../ui'
import { describeLedgerFilter } from './describe-filter'
import { REPORT_CHOICES } from './report-choices'

export interface ExportDraft {
  readonly report: ExportReport
  readonly range: DayRange
  readonly timeZone: string
}

export interface ExportFormProps {
  readonly draft: ExportDraft
  readonly businessZone: string
  /** Filters handed over by the Ledger page (payments only), or null. */
  readonly ledgerFilter: LedgerFilter | null
  readonly running: boolean
  readonly onChange: (draft: ExportDraft) => void
  readonly onDropFilter: () => void
  readonly onRun: () => void
}

const QUICK_PERIODS = ['this_month', 'last_30_days', 'this_year'] as const

export function ExportForm({ draft, businessZone, ledgerFilter, running, onChange, onDropFilter, onRun }: ExportFormProps) {
  const id = useId()
  const zone = draft.timeZone.trim() || businessZone
  const rangeError = draft.range.from && draft.range.to && draft.range.to < draft.range.from ? 'The last day is before the first day.' : null
  const incomplete = !draft.range.from || !draft.range.to
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        if (!running && !incomplete && !rangeError) onRun()
      }}
    >
      <fieldset className="stack export-form__fields" disabled={running}>
        <div className="segmented" role="radiogroup" aria-label="Report">
          {EXPORT_REPORTS.map((report) => (
            <label key={report} className={report === draft.report ? 'segmented__option segmented__option--active' : 'segmented__option'}>
              <input
                type="radio"
                className="visually-hidden"
                name={`${id}-report`}
                value={report}
                checked={report === draft.report}
                onChange={() => onChange({ ...draft, report })}
              />
              {REPORT_CHOICES[report].label}
            </label>
          ))}
        </div>
        <p className="muted" data-report-hint="">
          {REPORT_CHOICES[draft.report].hint}
        </p>
        {draft.report === 'payments' && ledgerFilter ? (
          <p data-export-ledger-filter="">
            Only the payments the Ledger shows for: {describeLedgerFilter(ledgerFilter, zone)}.{' '}
            <button type="button" className="link-button" onClick={onDropFilter}>
              Export all payments instead
            </button>
          </p>
        ) : null}
        <div className="form-row">
          <PeriodField
            from={draft.range.from}
            to={draft.range.to}
            zone={zone}
            invalid={rangeError !== null && rangeError !== undefined}
            onChange={(range) => onChange({ ...draft, range })}
          />
          {QUICK_PERIODS.map((kind) => (
            <Button
              key={kind}
              size="small"
              variant="ghost"
              onClick={() => {
                const period = periodRange(kind, zone, new Date(), draft.range)
                if (period.ok) onChange({ ...draft, range: period.range })
              }}
            >
              {PERIOD_LABELS[kind]}
            </Button>
          ))}
        </div>
        {rangeError ? <p className="field__error">{rangeError}</p> : null}
        <ZoneSelect
          label="Time zone"
          value={draft.timeZone}
          placeholder={businessZone}
          hint={`The days above, and the local time of every row, follow this zone. Your business time zone is ${businessZone}; every row also carries its time in UTC.`}
          onChange={(zone) => onChange({ ...draft, timeZone: zone })}
        />
      </fieldset>
      <div className="form-row">
        <Button type="submit" variant="primary" disabled={running || incomplete || rangeError !== null}>
          {running ? 'Exporting…' : 'Export…'}
        </Button>
        <p className="muted">You choose where to save the file next; a manifest with its control totals is saved beside it.</p>
      </div>
    </form>
  )
}
