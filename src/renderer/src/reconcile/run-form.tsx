// What to reconcile: the period (days in the zone, both included), the zone, and how long a
// payment may stay open at Pi before it is reported. Running syncs first, then reconciles.
import { useId } from 'react'
import { PERIOD_LABELS, periodRange, type DayRange } from '../dashboard/period'
import { Button, PeriodField, ZoneSelect } from '../ui'

export interface RunDraft {
  readonly range: DayRange
  /** Empty: the business time zone. */
  readonly timeZone: string
  readonly incompleteHours: string
}

export interface RunFormProps {
  readonly draft: RunDraft
  readonly businessZone: string
  readonly running: boolean
  readonly onChange: (draft: RunDraft) => void
  readonly onRun: () => void
}

const QUICK_PERIODS = ['this_month', 'last_30_days', 'this_year'] as const

export function runDraftProblem(draft: RunDraft): string | null {
  if (!draft.range.from || !draft.range.to) return 'Pick a first and a last day.'
  if (draft.range.to < draft.range.from) return 'The last day is before the first day.'
  if (!/^\d{1,5}$/.test(draft.incompleteHours.trim()) || Number(draft.incompleteHours) < 1) {
    return 'Say after how many whole hours an open payment is reported (1 or more).'
  }
  return null
}

export function RunForm({ draft, businessZone, running, onChange, onRun }: RunFormProps) {
  const id = useId()
  const zone = draft.timeZone.trim() || businessZone
  const problem = runDraftProblem(draft)
  return (
    <form
      className="stack"
      noValidate
      data-reconcile-form=""
      onSubmit={(event) => {
        event.preventDefault()
        if (!running && problem === null) onRun()
      }}
    >
      <div className="stack">
        <div className="form-row">
          <PeriodField
            from={draft.range.from}
            to={draft.range.to}
            zone={zone}
            disabled={running}
            onChange={(range) => onChange({ ...draft, range })}
          />
          {QUICK_PERIODS.map((kind) => (
            <Button
              key={kind}
              size="small"
              variant="ghost"
              disabled={running}
              onClick={() => {
                const period = periodRange(kind, zone, new Date(), draft.range)
                if (period.ok) onChange({ ...draft, range: period.range })
              }}
            >
              {PERIOD_LABELS[kind]}
            </Button>
          ))}
        </div>
        <div className="form-row">
          <ZoneSelect
            label="Time zone"
            value={draft.timeZone}
            placeholder={businessZone}
            disabled={running}
            onChange={(zone) => onChange({ ...draft, timeZone: zone })}
          />
          <div className="field">
            <label className="field__label" htmlFor={`${id}-hours`}>
              Report payments open at Pi after (hours)
            </label>
            <input
              id={`${id}-hours`}
              className="input"
              inputMode="numeric"
              disabled={running}
              value={draft.incompleteHours}
              onChange={(event) => onChange({ ...draft, incompleteHours: event.target.value })}
            />
          </div>
        </div>
        {problem !== null && draft.range.from && draft.range.to ? <p className="field__error">{problem}</p> : null}
      </div>
      <div className="form-row">
        <Button type="submit" variant="primary" disabled={running || problem !== null} data-reconcile-run="">
          {running ? 'Reconciling…' : 'Reconcile'}
        </Button>
        <p className="muted">
          Merchant Desk syncs first, then compares your ledger with Pi&apos;s records and with the blockchain for these days ({zone}).
        </p>
      </div>
    </form>
  )
}
