// The current route, read from location.hash and kept in sync with it (back/forward included).
import { routeFromHash, type AppRoute } from './routes'
import { useLocationHash } from './use-location-hash'

export function useHashRoute(): AppRoute {
  return routeFromHash(useLocationHash())
}
