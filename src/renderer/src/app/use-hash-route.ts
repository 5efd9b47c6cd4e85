// The current route, read from location.hash and kept in sync with it (back/forward included).
import { useSyncExternalStore } from 'react'
import { routeFromHash, type AppRoute } from './routes'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

function currentHash(): string {
  return window.location.hash
}

export function useHashRoute(): AppRoute {
  return routeFromHash(useSyncExternalStore(subscribe, currentHash))
}
