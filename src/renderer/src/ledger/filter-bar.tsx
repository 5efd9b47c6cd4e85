// The ledger's filter bar. It edits a FilterDraft; the page turns the draft into the LedgerFilter
// it sends (filter-draft.ts) and passes back the fields it refused, shown under each field.
import { useId, type ReactNode } from 'react'
import { EMPTY_DRAFT, type DraftErrors, type FilterDraft } from './filter-draft'
import { CHAIN_CHECK_CHOICES, CHAIN_CHECK_LABELS, DIRECTION_LABELS, PAYMENT_DIRECTION_CHOICES } from './payment-labels'
import { StatusPicker } from './status-picker'
import { DayInput } from '../ui'

export interface FilterBarProps {
  readonly draft: FilterDraft
  readonly errors: DraftErrors
  readonly zone: string
  readonly onChange: (draft: FilterDraft) => void
  /** The saved-filters control, placed at the end of the bar. */
  readonly saved: ReactNode
}

export function FilterBar({ draft, errors, zone, onChange, saved }: FilterBarProps) {
  const set = <K extends keyof FilterDraft>(key: K, value: FilterDraft[K]) => onChange({ ...draft, [key]: value })
  const untouched = JSON.stringify(draft) === JSON.stringify(EMPTY_DRAFT)

  return (
    <section className="filter-bar" aria-label="Filter the ledger">
      <div className="filter-bar__row">
        <Field label="Search" grow>
          {(id) => (
            <input
              id={id}
              type="search"
              className="input filter-input"
              placeholder="Payment id, user, txid, memo or wallet"
              value={draft.search}
              maxLength={200}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => set('search', event.target.value)}
            />
          )}
        </Field>
        <StatusPicker value={draft.statuses} onChange={(statuses) => set('statuses', statuses)} />
        <Field label="Direction">
          {(id) => (
            <select
              id={id}
              className="select"
              value={draft.direction}
              onChange={(event) => set('direction', event.target.value as FilterDraft['direction'])}
            >
              <option value="">Both</option>
              {PAYMENT_DIRECTION_CHOICES.map((direction) => (
                <option key={direction} value={direction}>
                  {DIRECTION_LABELS[direction]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Chain check">
          {(id) => (
            <select
              id={id}
              className="select"
              value={draft.chainCheck}
              onChange={(event) => set('chainCheck', event.target.value as FilterDraft['chainCheck'])}
            >
              <option value="">Any</option>
              {CHAIN_CHECK_CHOICES.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {CHAIN_CHECK_LABELS[outcome]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Refunds">
          {(id) => (
            <select
              id={id}
              className="select"
              value={draft.hasRefunds}
              onChange={(event) => set('hasRefunds', event.target.value as FilterDraft['hasRefunds'])}
            >
              <option value="">Any</option>
              <option value="yes">With refunds</option>
              <option value="no">Without refunds</option>
            </select>
          )}
        </Field>
      </div>
      <div className="filter-bar__row">
        <Field label="Dates by">
          {(id) => (
            <select
              id={id}
              className="select"
              value={draft.dateField}
              onChange={(event) => set('dateField', event.target.value as FilterDraft['dateField'])}
            >
              <option value="created_at">Created</option>
              <option value="first_seen_at">First seen</option>
            </select>
          )}
        </Field>
        <Field label="From day" hint={zone}>
          {(id, describedBy) => (
            <DayInput id={id} className="filter-input" value={draft.fromDay} aria-describedby={describedBy} onChange={(day) => set('fromDay', day)} />
          )}
        </Field>
        <Field label="To day" error={errors.toDay}>
          {(id, describedBy) => (
            <DayInput
              id={id}
              className="filter-input"
              value={draft.toDay}
              aria-invalid={errors.toDay ? true : undefined}
              aria-describedby={describedBy}
              onChange={(day) => set('toDay', day)}
            />
          )}
        </Field>
        <Field label="Min amount (π)" error={errors.minAmount}>
          {(id, describedBy) => (
            <input
              id={id}
              type="text"
              inputMode="decimal"
              className="input filter-input filter-input--amount"
              placeholder="0"
              value={draft.minAmount}
              aria-invalid={errors.minAmount ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => set('minAmount', event.target.value)}
            />
          )}
        </Field>
        <Field label="Max amount (π)" error={errors.maxAmount}>
          {(id, describedBy) => (
            <input
              id={id}
              type="text"
              inputMode="decimal"
              className="input filter-input filter-input--amount"
              placeholder="Any"
              value={draft.maxAmount}
              aria-invalid={errors.maxAmount ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => set('maxAmount', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="filter-bar__footer">
        <p className="filter-bar__summary">
          <span data-filter-summary="">{describeActive(draft)}</span>
          {untouched ? null : (
            <button type="button" className="link-button" onClick={() => onChange(EMPTY_DRAFT)}>
              Clear filters
            </button>
          )}
        </p>
        {saved}
      </div>
    </section>
  )
}

function describeActive(draft: FilterDraft): string {
  const active = [
    draft.search.trim() !== '',
    draft.statuses.length > 0,
    draft.direction !== '',
    draft.chainCheck !== '',
    draft.hasRefunds !== '',
    draft.fromDay !== '' || draft.toDay !== '',
    draft.minAmount.trim() !== '' || draft.maxAmount.trim() !== ''
  ].filter(Boolean).length
  if (active === 0) return 'Showing every payment.'
  return active === 1 ? '1 filter on.' : `${active} filters on.`
}

interface FieldProps {
  readonly label: string
  readonly hint?: string
  readonly error?: string | undefined
  readonly grow?: boolean
  readonly children: (id: string, describedBy: string | undefined) => ReactNode
}

function Field({ label, hint, error, grow, children }: FieldProps) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={grow ? 'filter-field filter-field--grow' : 'filter-field'}>
      <label className="filter-field__label" htmlFor={id}>
        {label}
        {hint ? (
          <span className="filter-field__hint" id={`${id}-hint`}>
            {' '}
            ({hint})
          </span>
        ) : null}
      </label>
      {children(id, describedBy)}
      {error ? (
        <p className="filter-field__error" id={`${id}-error`} data-field-error="">
          {error}
        </p>
      ) : null}
    </div>
  )
}
