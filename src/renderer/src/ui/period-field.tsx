// The one way to type days: ISO YYYY-MM-DD text (the format of every date on screen and in the
// exports), never the browser's locale date picker ("12/01/2026" reads as two different days in
// Berlin and New York), and a period is two such days with the business time zone named.
import type { InputHTMLAttributes } from 'react'

export type DayInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  readonly value: string
  readonly onChange: (day: string) => void
}

export function DayInput({ value, onChange, className, ...rest }: DayInputProps) {
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      maxLength={10}
      placeholder="YYYY-MM-DD"
      pattern="\d{4}-\d{2}-\d{2}"
      className={['input', 'filter-input--date', className ?? ''].filter(Boolean).join(' ')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  )
}

export interface PeriodFieldProps {
  readonly from: string
  readonly to: string
  readonly onChange: (range: { readonly from: string; readonly to: string }) => void
  /** The zone the days are in, named under the field. */
  readonly zone: string
  readonly fromLabel?: string
  readonly toLabel?: string
  readonly disabled?: boolean
  /** Set when the period is wrong (the last day before the first, ...): marks the last day. */
  readonly invalid?: boolean
  readonly describedBy?: string
}

export function PeriodField({ from, to, onChange, zone, fromLabel = 'First day', toLabel = 'Last day', disabled, invalid, describedBy }: PeriodFieldProps) {
  return (
    <>
      <label className="period-picker__field">
        <span className="filter-field__label">{fromLabel}</span>
        <DayInput name="from" value={from} disabled={disabled} onChange={(day) => onChange({ from: day, to })} />
      </label>
      <label className="period-picker__field">
        <span className="filter-field__label">{toLabel}</span>
        <DayInput
          name="to"
          value={to}
          disabled={disabled}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          onChange={(day) => onChange({ from, to: day })}
        />
      </label>
      <span className="period-field__zone muted" data-period-zone="">
        Days in {zone}
      </span>
    </>
  )
}
