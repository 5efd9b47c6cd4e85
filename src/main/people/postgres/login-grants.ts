// What a person's own PostgreSQL login may write on a team's ledger, by role: the one place that
// says it. Every login may READ every table (the books are everyone's to look at) and use the
// schema and its identity sequences; the writes below follow what the app's services write for
// that role (its rules live in roles.ts), so a person's login can do their daily work at a desk and
// nothing more. Triggers run as the writer, so a table a trigger keeps (the search words, the
// totals, the audit log's high-water mark) is granted with the table that sets it off.
// The four-eyes trigger of approval_requests (migration 0006) refuses what grants cannot: a
// decision in another person's name, on one's own request, or by a role without the right.
import type { Role } from '../roles'

export type TableWrite = 'INSERT' | 'UPDATE' | 'DELETE'

export interface LoginGrant {
  readonly table: string
  readonly writes: readonly TableWrite[]
  /** Only these columns may be updated (an UPDATE grant on them alone). */
  readonly columns?: readonly string[]
  readonly roles: readonly Role[]
}

const EVERYONE: readonly Role[] = ['owner', 'manager', 'staff', 'accountant']
/** Refunds, payouts and the incomplete-payment queue (roles.ts: refund, payout, queue). */
const MONEY: readonly Role[] = ['owner', 'manager', 'staff']
/** Approve or deny others' requests (roles.ts: approve). */
const DECIDERS: readonly Role[] = ['owner', 'manager']
/** Reconcile and export the books (roles.ts: reconcile, export). */
const BOOKS: readonly Role[] = ['owner', 'manager', 'accountant']
const OWNER: readonly Role[] = ['owner']

/** What a step of the payout journal writes (journal.ts, transition). */
const PAYOUT_STEP_COLUMNS = [
  'state',
  'updated_at',
  'pi_payment_id',
  'to_address',
  'envelope_xdr',
  'tx_hash',
  'envelope_max_time',
  'envelope_sequence',
  'envelope_fee_stroops',
  'envelopes_built',
  'submissions',
  'txid',
  'ledger',
  'fee_charged_stroops',
  'problem_code',
  'problem_message',
  'finished_at'
]

export const LOGIN_GRANTS: readonly LoginGrant[] = [
  // Every action and every refusal is audited, by whoever does it (audit-log.ts).
  { table: 'audit_log', writes: ['INSERT'], roles: EVERYONE },
  // The audit log's seq trigger keeps its highest seq here, as the writer (0001_initial).
  { table: 'audit_log_high_water', writes: ['INSERT', 'UPDATE'], roles: EVERYONE },
  // Unlocking the desk counts wrong secrets on the person's own row (session.ts); nothing else of it.
  { table: 'people', writes: ['UPDATE'], columns: ['failed_unlocks', 'unlock_blocked_until'], roles: EVERYONE },
  // The sync's lease, the app wallet's address, the secrets' unlock throttle (sync-lease.ts,
  // ledger-wallet.ts, unlock-throttle.ts): desk bookkeeping every role's work writes.
  { table: 'settings', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: EVERYONE },
  // Every role syncs (accountants too, to read the books as they are): Pi's records and the chain
  // (payment-store.ts, chain-store.ts), and the tables the payments' triggers keep.
  { table: 'payments', writes: ['INSERT', 'UPDATE'], roles: EVERYONE },
  { table: 'payments_search', writes: ['INSERT', 'UPDATE'], roles: EVERYONE },
  { table: 'payment_totals', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: EVERYONE },
  { table: 'book_totals', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: EVERYONE },
  { table: 'chain_transactions', writes: ['INSERT'], roles: EVERYONE },
  { table: 'chain_operations', writes: ['INSERT', 'UPDATE'], roles: EVERYONE },
  { table: 'sync_cursors', writes: ['INSERT', 'UPDATE'], roles: EVERYONE },
  // The incomplete-payment queue's reviews (queue/reviews.ts).
  { table: 'payment_reviews', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: MONEY },
  // The payout journal and the wallet's lease (journal.ts, wallet-lock.ts): refunds and payouts.
  // Recorded in the person's own name (the payouts_asked_by_own_login trigger), then moved step by
  // step: only the step's columns change, never what was asked, by whom or for how much.
  { table: 'payouts', writes: ['INSERT'], roles: MONEY },
  { table: 'payouts', writes: ['UPDATE'], columns: PAYOUT_STEP_COLUMNS, roles: MONEY },
  { table: 'payout_wallet_locks', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: MONEY },
  // Above the policy a refund becomes a request, asked in the person's own name (requests.ts).
  { table: 'approval_requests', writes: ['INSERT'], roles: MONEY },
  // Deciding a request, and marking it paid: only those who approve, only the decision's columns;
  // never staff, whose login cannot touch a decision column at all.
  { table: 'approval_requests', writes: ['UPDATE'], columns: ['state', 'decided_by', 'decided_at', 'decision_note', 'approval_expires_at', 'payout_id'], roles: DECIDERS },
  // Invoices (invoices/): made and cancelled by those who work the queue; every sync settles them
  // (their status, the payments counted, their timeline), whoever runs it.
  { table: 'invoices', writes: ['INSERT'], roles: MONEY },
  { table: 'invoices', writes: ['UPDATE'], roles: EVERYONE },
  { table: 'invoice_payments', writes: ['INSERT'], roles: EVERYONE },
  { table: 'invoice_events', writes: ['INSERT'], roles: EVERYONE },
  // Reconciliation runs and their items, the export history (reconcile/, exports/).
  { table: 'reconciliation_runs', writes: ['INSERT', 'UPDATE'], roles: BOOKS },
  { table: 'reconciliation_items', writes: ['INSERT', 'UPDATE'], roles: BOOKS },
  { table: 'export_history', writes: ['INSERT'], roles: BOOKS },
  // The owner's own: people, the policy, secrets kept in the ledger, and clearing a network's rows
  // (network-reset.ts) when the owner points the desk elsewhere.
  { table: 'people', writes: ['INSERT', 'UPDATE'], roles: OWNER },
  { table: 'refund_policy', writes: ['INSERT', 'UPDATE'], roles: OWNER },
  { table: 'secrets', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: OWNER },
  { table: 'secret_vault', writes: ['INSERT', 'UPDATE', 'DELETE'], roles: OWNER },
  ...[
    'payments',
    'payments_search',
    'payment_totals',
    'book_totals',
    'chain_transactions',
    'chain_operations',
    'sync_cursors',
    'payouts',
    'reconciliation_runs',
    'reconciliation_items',
    'payment_reviews',
    'approval_requests',
    'invoices',
    'invoice_payments',
    'invoice_events'
  ].map((table): LoginGrant => ({ table, writes: ['DELETE'], roles: OWNER }))
]

/** The grants of one role, in order. */
export function grantsFor(role: Role): LoginGrant[] {
  return LOGIN_GRANTS.filter((grant) => grant.roles.includes(role))
}
