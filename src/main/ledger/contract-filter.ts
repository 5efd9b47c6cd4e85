// The contract's ledger filter (text amounts, ISO instants: what the renderer sends) as the
// ledger's domain filter (stroops, Dates). One translation for every reader of that filter: the
// ledger page and the CSV export of "these payments".
import type { LedgerFilter } from '../../shared/contract/ledger'
import { parseUserAmount } from '../../shared/money'
import type { PaymentFilter } from './types'

export function paymentFilterFromContract(filter: LedgerFilter): PaymentFilter {
  const amount = (text: string | undefined) => (text === undefined ? undefined : parseUserAmount(text, { allowZero: true }))
  const min = amount(filter.minAmount)
  const max = amount(filter.maxAmount)
  return {
    ...(filter.statuses?.length ? { statuses: filter.statuses } : {}),
    ...(filter.direction ? { direction: filter.direction } : {}),
    ...(filter.from || filter.to
      ? {
          period: {
            field: filter.dateField ?? 'created_at',
            ...(filter.from ? { from: new Date(filter.from) } : {}),
            ...(filter.to ? { to: new Date(filter.to) } : {})
          }
        }
      : {}),
    ...(min !== undefined || max !== undefined
      ? { amount: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } }
      : {}),
    ...(filter.chainCheck ? { chainCheck: filter.chainCheck } : {}),
    ...(filter.hasRefunds !== undefined ? { hasRefunds: filter.hasRefunds } : {}),
    ...(filter.search ? { search: filter.search } : {})
  }
}
