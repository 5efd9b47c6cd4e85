// Named filters an accountant comes back to ("Refunds this quarter", "Failed chain checks"): save
// the current one, pick one, delete one. Main keeps them; every answer is the new full list.
import { useEffect, useState, type FormEvent } from 'react'
import type { ContractError, LedgerFilter, SavedFilterView } from '../../../shared/contract'
import { useChannelAction, useChannelQuery } from '../api'
import { Button } from '../ui'

export interface SavedFiltersProps {
  /** The filter on screen; null while the bar holds a value it cannot use. */
  readonly current: LedgerFilter | null
  readonly onPick: (saved: SavedFilterView) => void
  readonly onError: (error: ContractError | null) => void
}

export function SavedFilters({ current, onPick, onError }: SavedFiltersProps) {
  const listed = useChannelQuery('filters:list')
  const save = useChannelAction('filters:save')
  const remove = useChannelAction('filters:delete')
  const [fresh, setFresh] = useState<readonly SavedFilterView[] | null>(null)
  const [picked, setPicked] = useState('')
  const [naming, setNaming] = useState<string | null>(null)
  const saved = fresh ?? listed.data ?? []

  useEffect(() => {
    if (listed.error) onError(listed.error)
  }, [listed.error, onError])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const name = (naming ?? '').trim()
    if (!current || name === '') return
    const envelope = await save.run({ name, filter: current })
    onError(envelope.ok ? null : envelope.error)
    if (!envelope.ok) return
    setFresh(envelope.value)
    setPicked(name)
    setNaming(null)
  }

  async function deletePicked() {
    const envelope = await remove.run({ name: picked })
    onError(envelope.ok ? null : envelope.error)
    if (!envelope.ok) return
    setFresh(envelope.value)
    setPicked('')
  }

  if (naming !== null) {
    return (
      <form className="saved-filters" onSubmit={(event) => void submit(event)} aria-label="Save this filter">
        <label className="visually-hidden" htmlFor="saved-filter-name">
          Name of the filter
        </label>
        <input
          id="saved-filter-name"
          className="input filter-input"
          placeholder="Name, e.g. March refunds"
          maxLength={80}
          autoFocus
          value={naming}
          onChange={(event) => setNaming(event.target.value)}
        />
        <Button type="submit" size="small" variant="primary" disabled={save.pending || naming.trim() === ''}>
          {save.pending ? 'Saving…' : 'Save'}
        </Button>
        <Button size="small" variant="ghost" onClick={() => setNaming(null)}>
          Cancel
        </Button>
      </form>
    )
  }

  return (
    <div className="saved-filters">
      <label className="visually-hidden" htmlFor="saved-filter-pick">
        Saved filters
      </label>
      <select
        id="saved-filter-pick"
        className="select"
        value={picked}
        disabled={saved.length === 0}
        onChange={(event) => {
          const choice = saved.find((filter) => filter.name === event.target.value)
          setPicked(event.target.value)
          if (choice) onPick(choice)
        }}
      >
        <option value="">{saved.length === 0 ? 'No saved filters' : 'Saved filters…'}</option>
        {saved.map((filter) => (
          <option key={filter.name} value={filter.name}>
            {filter.name}
          </option>
        ))}
      </select>
      {picked ? (
        <Button size="small" variant="ghost" disabled={remove.pending} onClick={() => void deletePicked()}>
          Delete “{picked}”
        </Button>
      ) : null}
      <Button size="small" disabled={!current} onClick={() => setNaming(picked)}>
        Save filter…
      </Button>
    </div>
  )
}
