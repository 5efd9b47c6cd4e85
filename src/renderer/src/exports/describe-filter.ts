// The ledger filters of an export, said in a line ("completed or verified · from the app ·
// 5 Pi or more"), so the merchant sees which payments the file will hold.
import type { LedgerFilter } from '../../../shared/contract'
import { formatAmount, formatInstant } from '../ui'

export function describeLedgerFilter(filter: LedgerFilter, zone: string): string {
  const parts: string[] = []
  if (filter.statuses?.length) parts.push(filter.statuses.join(' or ').replaceAll('_', ' '))
  if (filter.direction) parts.push(filter.direction === 'user_to_app' ? 'paid to the app' : 'paid by the app')
  if (filter.from) parts.push(`from ${formatInstant(filter.from, zone)}`)
  if (filter.to) parts.push(`before ${formatInstant(filter.to, zone)}`)
  if (filter.minAmount) parts.push(`${formatAmount(filter.minAmount)} Pi or more`)
  if (filter.maxAmount) parts.push(`${formatAmount(filter.maxAmount)} Pi or less`)
  if (filter.chainCheck) parts.push(`chain check ${filter.chainCheck}`)
  if (filter.hasRefunds !== undefined) parts.push(filter.hasRefunds ? 'with refunds' : 'without refunds')
  if (filter.search) parts.push(`matching “${filter.search}”`)
  return parts.length ? parts.join(' · ') : 'no filter'
}

export function isEmptyLedgerFilter(filter: LedgerFilter | null): boolean {
  return filter === null || Object.values(filter).every((value) => value === undefined || (Array.isArray(value) && value.length === 0))
}
