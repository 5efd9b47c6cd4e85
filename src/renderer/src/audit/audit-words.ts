// The audit log in words: every action code the main process writes (payment.complete,
// refund.signed, secrets.save, ...) as a short sentence, and a change of state as "A → B" only
// when both sides are known. A code this table does not know is still said in words.

const ACTIONS: Readonly<Record<string, string>> = {
  'payment.approve': 'Approved a payment',
  'payment.complete': 'Completed a payment',
  'payment.cancel': 'Cancelled a payment',
  'payment.review': 'Marked a payment reviewed',
  'payment.reopen': 'Reopened a reviewed payment',
  'reconciliation.resolve': 'Resolved a reconciliation item',
  'secrets.save': 'Saved Pi app keys',
  'secrets.clear': 'Removed Pi app keys',
  'payout.resubmit': 'Sent the same signed transaction again',
  'payout.envelope_expired': 'A signed transaction expired unused; a new one will be built',
  // People, the policy and approvals (issue 18).
  'person.add': 'Added a person',
  'person.remove': 'Removed a person',
  'person.unlock': 'Unlocked the desk',
  'person.unlock_refused': 'Was refused unlocking the desk',
  'person.lock': 'Locked the desk',
  'policy.set': 'Changed the refund policy',
  'access.refused': 'Was refused an action their role does not allow',
  'refund.ask_approval': 'Asked approval for a refund',
  'payout.ask_approval': 'Asked approval for a payout',
  'refund.approve': 'Approved a refund request',
  'payout.approve': 'Approved a payout request',
  'refund.approval_retry': 'Paid an approved refund request again',
  'payout.approval_retry': 'Paid an approved payout request again',
  'refund.deny': 'Denied a refund request',
  'payout.deny': 'Denied a payout request',
  'refund.refused': 'Was refused a refund by the policy',
  'request.approve_refused': 'Was refused approving a request',
  'request.deny_refused': 'Was refused denying a request'
}

// The payout journal's steps (src/shared/contract/payouts.ts PAYOUT_STATES), for refunds and payouts.
const STEPS: Readonly<Record<string, string>> = {
  request: 'Asked for',
  recorded: 'Recorded',
  created: 'Pi created',
  signed: 'Signed the transaction of',
  submitted: 'Sent to the chain:',
  confirmed: 'The chain shows paid:',
  completed: 'Completed',
  blocked: 'Stopped, needs you:',
  failed: 'Failed, no Pi moved:',
  cancel: 'Cancelled',
  cancelled: 'Cancelled'
}

const STATES: Readonly<Record<string, string>> = {
  created: 'created',
  approved: 'approved',
  submitted: 'submitted',
  verified: 'verified',
  completed: 'completed',
  cancelled: 'cancelled',
  user_cancelled: 'cancelled by the buyer',
  recorded: 'recorded',
  signed: 'signed',
  confirmed: 'on chain',
  blocked: 'stopped',
  failed: 'failed'
}

export function describeAuditAction(action: string): string {
  const known = ACTIONS[action]
  if (known) return known
  const [domain = '', verb = ''] = action.split('.')
  if ((domain === 'refund' || domain === 'payout') && STEPS[verb]) return `${STEPS[verb]} a ${domain}`
  const words = `${verb.replace(/_/g, ' ')} (${domain.replace(/_/g, ' ')})`.trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** "submitted → completed", "now signed", or null when the entry names no state. */
export function describeStateChange(before: string | null, after: string | null): string | null {
  const from = before === null ? null : (STATES[before] ?? before.replace(/_/g, ' '))
  const to = after === null ? null : (STATES[after] ?? after.replace(/_/g, ' '))
  if (from !== null && to !== null) return from === to ? `still ${to}` : `${from} → ${to}`
  if (to !== null) return `now ${to}`
  if (from !== null) return `was ${from}`
  return null
}
