// The shell around every page: sidebar, top bar with the network, and the current page. Once
// the desk has people, the shell shows only while someone is working (people/desk-gate.tsx).
import { useEffect, useRef, useState, type RefObject } from 'react'
import { useInvalidateOnEvents } from '../api'
import { DeskGate } from '../people/desk-gate'
import { DeskPersonProvider, useDeskPerson } from '../people/desk-person'
import { useQueueNotifications } from '../queue/use-queue-notifications'
import { ErrorBanner } from '../ui'
import { AppInfoProvider, useAppInfo } from './app-info'
import { Sidebar } from './sidebar'
import { TopBar } from './top-bar'
import { useHashRoute } from './use-hash-route'

export function App() {
  return (
    <AppInfoProvider>
      <DeskPersonProvider>
        <DeskGate>
          <Shell />
        </DeskGate>
      </DeskPersonProvider>
    </AppInfoProvider>
  )
}

function Shell() {
  const route = useHashRoute()
  const info = useAppInfo()
  const { peopleExist } = useDeskPerson()
  const mainRef = useRef<HTMLElement>(null)
  // Main's events mark the reads they change as stale, for every page at once.
  useInvalidateOnEvents()
  useFocusOnPageChange(route.id, mainRef)
  // New items in the incomplete-payment queue raise a desktop notification on every page.
  useQueueNotifications()

  useEffect(() => {
    document.title = `${route.label} · Merchant Desk`
  }, [route.label])

  const { Page } = route
  const epoch = useNetworkEpoch(info.data?.network ?? null)
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => focusHeading(mainRef.current)}>
        Skip to content
      </button>
      <Sidebar current={route} version={info.data?.version ?? null} peopleExist={peopleExist} />
      <div className="shell__body">
        <TopBar route={route} info={info.data} />
        <main className="content" ref={mainRef} tabIndex={-1}>
          {info.error ? (
            <ErrorBanner
              title="Merchant Desk could not tell which network it is on"
              error={info.error}
              onRetry={info.reload}
            />
          ) : null}
          {/* A new network is new books: every page starts over on it, so nothing of the old one
              lingers in a page's state. Settings, where the switch is made, follows by events. */}
          <Page key={route.id === 'settings' ? route.id : `${route.id}:${epoch}`} />
        </main>
      </div>
    </div>
  )
}

/** Counts the network switches seen since the window opened (not the first answer). */
function useNetworkEpoch(network: string | null): number {
  const [seen, setSeen] = useState<{ readonly network: string | null; readonly epoch: number }>({ network: null, epoch: 0 })
  if (network !== null && network !== seen.network) {
    setSeen({ network, epoch: seen.network === null ? seen.epoch : seen.epoch + 1 })
  }
  return seen.epoch
}

/** After a page change (not on first load), move focus to the new page's heading. */
function useFocusOnPageChange(routeId: string, mainRef: RefObject<HTMLElement | null>): void {
  const previous = useRef(routeId)
  useEffect(() => {
    if (previous.current === routeId) return
    previous.current = routeId
    focusHeading(mainRef.current)
  }, [routeId, mainRef])
}

function focusHeading(main: HTMLElement | null): void {
  const heading = main?.querySelector<HTMLElement>('[data-page-heading]')
  ;(heading ?? main)?.focus()
}
