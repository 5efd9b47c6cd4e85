// The current route, read from location.hash and kept in sync with it (back/forward included).
import { useSyncExternalStore } from 'react'
import { paymentHref, paymentIdFromHash, routeFromHash, routeHref, type AppRoute } from './routes'

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

/** The payment whose own link is open (`#/payments/<id>`), with ways to open and close one. */
export function usePaymentLink(): {
  readonly identifier: string | null
  readonly open: (identifier: string) => void
  readonly close: () => void
} {
  const identifier = paymentIdFromHash(useSyncExternalStore(subscribe, currentHash))
  return {
    identifier,
    open: (id) => {
      window.location.hash = paymentHref(id)
    },
    close: () => {
      if (paymentIdFromHash(window.location.hash) !== null) window.location.hash = routeHref('ledger')
    }
  }
}
