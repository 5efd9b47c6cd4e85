// The invoices:* channels over the InvoiceService: thin, the service checks the person, parses
// amounts exactly and writes the audit entry; these only hand over what the window sent.
import type { Handlers } from '../../shared/contract'
import type { InvoiceService } from './service'

export type InvoiceChannels = 'invoices:create' | 'invoices:list' | 'invoices:show' | 'invoices:cancel'

export function invoiceHandlers(service: InvoiceService): Pick<Handlers, InvoiceChannels> {
  return {
    'invoices:create': (input) => service.create(input),
    'invoices:list': (input) => service.list(input),
    'invoices:show': ({ id }) => service.show(id),
    'invoices:cancel': ({ id }) => service.cancel(id)
  }
}
