// An approval request's state and kind in the merchant's words, and who may decide it.
import type { ApprovalRequestView, PeopleStatusView, RequestState } from '../../../shared/contract'
import type { BadgeTone } from '../ui'

export const REQUEST_STATE_LABELS: Readonly<Record<RequestState, string>> = {
  open: 'Waiting for a decision',
  approved: 'Approved, not paid yet',
  denied: 'Denied',
  paid: 'Approved and paid',
  withdrawn: 'Withdrawn'
}

export const REQUEST_STATE_TONES: Readonly<Record<RequestState, BadgeTone>> = {
  open: 'warning',
  approved: 'info',
  denied: 'neutral',
  paid: 'success',
  withdrawn: 'neutral'
}

export function requestTitle(request: Pick<ApprovalRequestView, 'id' | 'kind'>): string {
  return `Request ${request.id}: ${request.kind === 'refund' ? 'refund of a sale' : 'payout to a buyer'}`
}

/**
 * Why the person working may not decide this request, in words, or null. Main decides (and
 * refuses with its own sentence); this only spares a click that cannot work.
 */
export function cannotDecide(request: Pick<ApprovalRequestView, 'requestedBy'>, current: PeopleStatusView['current']): string | null {
  if (current === null) return null
  if (current.name.toLowerCase() === request.requestedBy.toLowerCase()) {
    return 'You asked for this: another person with the right (an owner or a manager) must approve or deny it.'
  }
  if (current.role !== 'owner' && current.role !== 'manager') return 'Only an owner or a manager can approve or deny a request.'
  return null
}
