// Subscribe a component to an event main pushes (progress, settings changes) for as long as it
// is mounted. The latest listener is used without re-subscribing on every render.
import { useEffect, useRef } from 'react'
import type { AppEventName, AppEvents } from '../../../shared/contract'

export function useAppEvent<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): void {
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => window.api.on(event, (payload) => latest.current(payload)), [event])
}
