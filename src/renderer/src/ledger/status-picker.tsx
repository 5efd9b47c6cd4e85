// Several statuses at once ("Submitted or Verified": what still needs completing), as checkboxes
// in a disclosure, so the filter bar stays one line until the merchant opens it.
import { useEffect, useId, useRef } from 'react'
import { DISPLAY_STATUSES, type DisplayStatus } from '../../../shared/payments/status'
import { DISPLAY_STATUS_LABELS } from './payment-labels'

export interface StatusPickerProps {
  readonly value: readonly DisplayStatus[]
  readonly onChange: (statuses: readonly DisplayStatus[]) => void
}

export function StatusPicker({ value, onChange }: StatusPickerProps) {
  const details = useRef<HTMLDetailsElement>(null)
  const labelId = useId()

  useEffect(() => {
    // A disclosure stays open by default; this one closes when the merchant clicks elsewhere.
    const onPointer = (event: PointerEvent) => {
      const element = details.current
      if (element?.open && event.target instanceof Node && !element.contains(event.target)) element.open = false
    }
    // Escape closes it too, and gives focus back to its button, as a menu does.
    const onKey = (event: KeyboardEvent) => {
      const element = details.current
      if (event.key !== 'Escape' || !element?.open) return
      element.open = false
      element.querySelector<HTMLElement>('summary')?.focus()
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [])

  const summary =
    value.length === 0
      ? 'Any status'
      : value.length === 1
        ? DISPLAY_STATUS_LABELS[value[0] as DisplayStatus]
        : `${value.length} statuses`

  const toggle = (status: DisplayStatus, checked: boolean) => {
    const next = new Set(value)
    if (checked) next.add(status)
    else next.delete(status)
    // Always in the contract's order, so the same choice is the same filter (and the same saved one).
    onChange(DISPLAY_STATUSES.filter((candidate) => next.has(candidate)))
  }

  return (
    <div className="filter-field">
      <span className="filter-field__label" id={labelId}>
        Status
      </span>
      <details className="picker" ref={details} data-status-picker="">
        <summary className="picker__summary select" aria-describedby={labelId}>
          {summary}
        </summary>
        <fieldset className="picker__menu">
          <legend className="visually-hidden">Statuses to show</legend>
          {DISPLAY_STATUSES.map((status) => (
            <label key={status} className="picker__option">
              <input
                type="checkbox"
                checked={value.includes(status)}
                onChange={(event) => toggle(status, event.target.checked)}
              />
              {DISPLAY_STATUS_LABELS[status]}
            </label>
          ))}
          {value.length > 0 ? (
            <button type="button" className="picker__clear" onClick={() => onChange([])}>
              Any status
            </button>
          ) : null}
        </fieldset>
      </details>
    </div>
  )
}
