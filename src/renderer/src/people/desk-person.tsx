// Who is working at this desk (issue 18), for the whole window: one `people:status` that the gate,
// the top bar, the sidebar, the refund form and the approval inbox all read. A desk without people
// is its owner's, as before: nothing here changes what it shows.
import { useQueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react'
import type { PeopleStatusView } from '../../../shared/contract'
import { channelKey, invoke, onDeskLocked, useAppEvent, useChannelQuery, type ChannelQueryState } from '../api'

export interface DeskPerson {
  readonly status: ChannelQueryState<PeopleStatusView>
  /** People exist and nobody is working: only the "who is working" screen may show. */
  readonly locked: boolean
  /** The person working, or null (locked, or a desk without people). */
  readonly current: PeopleStatusView['current']
  readonly peopleExist: boolean
  /** Takes main's new answer (after an unlock) without a second round trip. */
  readonly settle: (status: PeopleStatusView) => void
  readonly lock: () => Promise<void>
}

const DeskPersonContext = createContext<DeskPerson | null>(null)

export function DeskPersonProvider({ children }: { readonly children: ReactNode }) {
  const status = useChannelQuery('people:status')
  const client = useQueryClient()
  const { reload } = status

  const settle = useCallback((view: PeopleStatusView) => client.setQueryData(channelKey('people:status'), view), [client])
  const lock = useCallback(async () => {
    const answer = await invoke('people:lock')
    if (answer.ok) settle(answer.value)
    else reload()
  }, [settle, reload])

  // Main refused a call because the desk is locked: ask again who is working (the screen follows).
  useEffect(() => onDeskLocked(reload), [reload])
  // Main says who is working changed (locked by hand elsewhere, a person added or removed): this
  // listener holds while the "who is working" screen shows, when the pages' own ones are gone.
  useAppEvent('people:changed', reload)

  const data = status.data
  const value = useMemo<DeskPerson>(
    () => ({
      status,
      locked: data !== null && data.peopleExist && data.current === null,
      current: data?.peopleExist ? data.current : null,
      peopleExist: data?.peopleExist ?? false,
      settle,
      lock
    }),
    [status, data, settle, lock]
  )
  return <DeskPersonContext.Provider value={value}>{children}</DeskPersonContext.Provider>
}

export function useDeskPerson(): DeskPerson {
  const person = useContext(DeskPersonContext)
  if (!person) throw new Error('useDeskPerson is used outside <DeskPersonProvider>')
  return person
}
