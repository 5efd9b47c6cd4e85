// The one time-zone field: type to search the zones this computer knows ("berl", "new york"),
// pick with the arrows and Enter or a click, Escape closes the list. Any text can still be sent:
// main checks the name and says what was meant when it is not a zone.
import { useId, useMemo, useState, type KeyboardEvent } from 'react'

const ZONES: readonly string[] = (() => {
  const zones = Intl.supportedValuesOf('timeZone')
  return zones.includes('UTC') ? zones : ['UTC', ...zones]
})()
const MAX_SHOWN = 40

export interface ZoneSelectProps {
  readonly label: string
  readonly value: string
  readonly onChange: (zone: string) => void
  readonly placeholder?: string
  readonly hint?: string
  readonly error?: string | null
  readonly disabled?: boolean
  readonly name?: string
}

/** Zones whose name holds every word typed (spaces match underscores), the closest first. */
export function matchingZones(query: string): readonly string[] {
  const words = query.trim().toLowerCase().replace(/_/g, ' ').split(/[\s/]+/).filter(Boolean)
  if (words.length === 0) return ZONES.slice(0, MAX_SHOWN)
  const hits = ZONES.filter((zone) => {
    const name = zone.toLowerCase().replace(/_/g, ' ')
    return words.every((word) => name.includes(word))
  })
  const first = words[0]!
  const rank = (zone: string) => {
    const city = zone.toLowerCase().replace(/_/g, ' ').split('/').pop() ?? ''
    return city.startsWith(first) ? 0 : zone.toLowerCase().startsWith(first) ? 1 : 2
  }
  return [...hits].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, MAX_SHOWN)
}

export function ZoneSelect({ label, value, onChange, placeholder, hint, error, disabled, name }: ZoneSelectProps) {
  const id = useId()
  const listId = `${id}-zones`
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const matches = useMemo(() => matchingZones(value), [value])
  const shown = open && matches.length > 0

  function pick(zone: string) {
    onChange(zone)
    setOpen(false)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(true)
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((index) => (shown ? (index + step + matches.length) % matches.length : 0))
    } else if (event.key === 'Enter' && shown) {
      event.preventDefault()
      const zone = matches[active]
      if (zone) pick(zone)
    } else if (event.key === 'Escape' && shown) {
      // Closes the list only; a second Escape reaches the dialog around it.
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
    }
  }

  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className="field zone-select">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        className="input"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown ? `${id}-option-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={value}
        placeholder={placeholder}
        data-zone-select=""
        onChange={(event) => {
          onChange(event.target.value)
          setActive(0)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {shown ? (
        <ul className="zone-select__list" id={listId} role="listbox" aria-label={`${label}: matching zones`}>
          {matches.map((zone, index) => (
            <li
              key={zone}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'zone-select__option zone-select__option--active' : 'zone-select__option'}
              data-zone-option={zone}
              // Keeps focus in the field, so the pick lands before the list closes on blur.
              onMouseDown={(event) => {
                event.preventDefault()
                pick(zone)
              }}
            >
              {zone}
            </li>
          ))}
        </ul>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error" data-field-error="">
          {error}
        </p>
      ) : null}
    </div>
  )
}
