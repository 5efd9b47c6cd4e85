// One invoice, kept fresh while it waits for the customer's Pi: main's `ledger:changed` (a sync,
// the live stream, another desk) marks it stale at once, and a short poll covers a window whose
// events are late or lost, so the counter never shows "waiting" for a paid invoice for long.
import { useEffect } from 'react'
import type { InvoiceView } from '../../../shared/contract'
import { useChannelQuery, type ChannelQueryState } from '../api'
import { isWaiting } from './invoice-words'

const WAITING_POLL_MS = 3_000

export function useInvoice(id: string): ChannelQueryState<InvoiceView> {
  const invoice = useChannelQuery('invoices:show', { id })
  const { reload } = invoice
  // An invoice that cannot be read (a wrong link) is not asked for again and again.
  const waiting = invoice.data === null ? invoice.error === null : isWaiting(invoice.data.status)
  useEffect(() => {
    if (!waiting) return
    const timer = setInterval(reload, WAITING_POLL_MS)
    return () => clearInterval(timer)
  }, [waiting, reload])
  return invoice
}
