// Nothing of the books shows while the desk is locked: once people exist, the window opens on the
// "who is working" screen and comes back to it on Lock, after idle time, on main's `desk_locked`
// or when main says the person changed. A desk without people shows the app as before.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import type { Channel } from '../../../shared/contract'
import { useDeskPerson } from './desk-person'
import { useIdleLock } from './use-idle-lock'
import { WhoIsWorking } from './who-is-working'

/** What the locked screen itself reads; every other answer belonged to the person who left. */
const KEPT_WHILE_LOCKED: readonly Channel[] = ['people:status', 'app:info', 'settings:get']

export function DeskGate({ children }: { readonly children: ReactNode }) {
  const { status, locked, current, lock } = useDeskPerson()
  const client = useQueryClient()
  useIdleLock(current === null ? null : (status.data?.idleLockMinutes ?? null), () => void lock())

  useEffect(() => {
    if (!locked) return
    // The next person starts from fresh answers read under their own role.
    client.removeQueries({ predicate: (query) => !KEPT_WHILE_LOCKED.includes(query.queryKey[0] as Channel) })
  }, [locked, client])

  // Until main says whether people exist, show nothing rather than books someone may not see.
  if (status.data === null && status.error === null) return null
  if (locked) return <WhoIsWorking />
  return <>{children}</>
}
