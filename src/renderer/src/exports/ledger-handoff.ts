// "Export these payments" on the Ledger page: the page hands its current filters over here and
// opens the Exports page, which reads them once and offers them for a payments export. Held in
// memory only: nothing about a filter outlives the window.
import type { LedgerFilter } from '../../../shared/contract'
import { routeHref } from '../app/route-links'

let handedOver: LedgerFilter | null = null

export function exportLedgerPayments(filter: LedgerFilter): void {
  handedOver = filter
  window.location.hash = routeHref('exports')
}

/** The filters the Ledger page handed over, if any (pure: safe in a state initializer). */
export function handedOverFilter(): LedgerFilter | null {
  return handedOver
}

export function forgetHandedOverFilter(): void {
  handedOver = null
}
