// This month / last 30 days / this year, or two days of the merchant's choosing.
import { useId } from 'react'
import { DayInput } from '../ui'
import { PERIOD_KINDS, PERIOD_LABELS, type DayRange, type PeriodKind } from './period'

export interface PeriodPickerProps {
  readonly kind: PeriodKind
  readonly custom: DayRange
  readonly error: string | null
  readonly onKind: (kind: PeriodKind) => void
  readonly onCustom: (range: DayRange) => void
}

export function PeriodPicker({ kind, custom, error, onKind, onCustom }: PeriodPickerProps) {
  const id = useId()
  return (
    <div className="period-picker">
      <div className="segmented" role="radiogroup" aria-label="Period">
        {PERIOD_KINDS.map((candidate) => (
          <label key={candidate} className={candidate === kind ? 'segmented__option segmented__option--active' : 'segmented__option'}>
            <input
              type="radio"
              className="visually-hidden"
              name={`${id}-period`}
              value={candidate}
              checked={candidate === kind}
              onChange={() => onKind(candidate)}
            />
            {PERIOD_LABELS[candidate]}
          </label>
        ))}
      </div>
      {kind === 'custom' ? (
        <div className="period-picker__custom">
          <label className="period-picker__field">
            <span className="filter-field__label">From</span>
            <DayInput value={custom.from} onChange={(day) => onCustom({ ...custom, from: day })} />
          </label>
          <label className="period-picker__field">
            <span className="filter-field__label">To</span>
            <DayInput
              value={custom.to}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(day) => onCustom({ ...custom, to: day })}
            />
          </label>
          {error ? (
            <p className="field__error period-picker__error" id={`${id}-error`}>
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
