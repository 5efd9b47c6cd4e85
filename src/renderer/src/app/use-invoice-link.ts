// The invoice whose own link is open (`#/invoices/<id>`, or its customer view `…/counter`), read from
// location.hash so Back leaves the customer view and a link opens the same invoice again. Apart from
// use-hash-route.ts for the same reason as use-payment-link.ts: the route table imports the page.
import { invoiceHref, invoiceLinkFromHash, routeHref, type InvoiceLink } from './route-links'
import { useLocationHash } from './use-location-hash'

export function useInvoiceLink(): {
  readonly link: InvoiceLink | null
  readonly open: (id: string, options?: { readonly counter?: boolean }) => void
  readonly close: () => void
} {
  const link = invoiceLinkFromHash(useLocationHash())
  return {
    link,
    open: (id, options = {}) => {
      window.location.hash = invoiceHref(id, options)
    },
    close: () => {
      window.location.hash = routeHref('invoices')
    }
  }
}
