// The ledger filters of an export, as the manifest records them: plain JSON, amounts as 7-decimal
// text and instants as ISO-8601 UTC, so the manifest states exactly which payments were asked for.
import { formatPi } from '../../shared/money'
import type { PaymentFilter } from '../ledger'

export function describeFilter(filter: PaymentFilter): Record<string, unknown> {
  const described: Record<string, unknown> = {}
  if (filter.statuses?.length) described.statuses = [...filter.statuses]
  if (filter.direction !== undefined) described.direction = filter.direction
  if (filter.period !== undefined) {
    described.period = {
      field: filter.period.field,
      ...(filter.period.from ? { from: filter.period.from.toISOString() } : {}),
      ...(filter.period.to ? { to: filter.period.to.toISOString() } : {})
    }
  }
  if (filter.amount !== undefined) {
    described.amount = {
      ...(filter.amount.min !== undefined ? { min: formatPi(filter.amount.min) } : {}),
      ...(filter.amount.max !== undefined ? { max: formatPi(filter.amount.max) } : {})
    }
  }
  if (filter.chainCheck !== undefined) described.chainCheck = filter.chainCheck
  if (filter.hasRefunds !== undefined) described.hasRefunds = filter.hasRefunds
  if (filter.userUid !== undefined) described.userUid = filter.userUid
  if (filter.search !== undefined) described.search = filter.search
  return described
}
