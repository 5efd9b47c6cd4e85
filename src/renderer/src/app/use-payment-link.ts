// A payment's own link, read from location.hash. Apart from use-hash-route.ts because the Ledger page
// uses it, and the route table (which the current route needs) imports the Ledger page.
import { paymentHref, paymentIdFromHash, routeHref } from './route-links'
import { useLocationHash } from './use-location-hash'

/** The payment whose own link is open (`#/payments/<id>`), with ways to open and close one. */
export function usePaymentLink(): {
  readonly identifier: string | null
  readonly open: (identifier: string) => void
  readonly close: () => void
} {
  const identifier = paymentIdFromHash(useLocationHash())
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
