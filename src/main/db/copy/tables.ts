// What `db copy` does with each table of the ledger, decided once for every table of schema.ts
// (the Record below fails to compile when a table is added without a decision, and each column
// list fails to compile when a table gains a column it does not name).
//
// - copied: every column a row is written with, ids included, so payout numbers, reconciliation
//   numbers and the audit log's seq read the same on both sides. Never a generated column
//   (payments.status, pi_final) nor one kept by triggers (payments.refund_count): the target
//   computes those itself, and the check afterwards compares them.
// - rebuilt: tables the target's triggers fill as the payments arrive (search index, totals).
// - kept on this desk: the API key and wallet seed stay sealed where they were sealed (#17 item 3:
//   secrets never go into the team database unless the team chooses to share them, encrypted).
import type { Insertable } from 'kysely'
import type { Database } from '../schema'

export type LedgerTable = keyof Database & string

/** The columns a row of `T` is written with. */
type WrittenColumn<T extends LedgerTable> = keyof Insertable<Database[T]> & string

/** `L` when it names every written column of `T`; otherwise a type naming the ones it misses. */
type Complete<T extends LedgerTable, L extends readonly string[]> = [Exclude<WrittenColumn<T>, L[number]>] extends [never]
  ? L
  : { readonly missing: Exclude<WrittenColumn<T>, L[number]> }

export interface CopiedTable {
  readonly table: LedgerTable
  readonly columns: readonly string[]
  /** A unique key, read in this order on both sides (keyset pages, and the content check). */
  readonly key: readonly string[]
  /** The id the database numbers rows by, when the table has one. */
  readonly id?: {
    readonly column: string
    /**
     * Left to the target to assign: audit_log's triggers (on both engines) refuse a seq chosen by
     * the writer and number each entry after the latest, so entries written in seq order into an
     * empty log get the same numbers. The check afterwards proves they did.
     */
    readonly assignedByTarget: boolean
  }
  /** Rows of this pass only (payments: sales before the refunds that point at them). */
  readonly only?: { readonly column: string; readonly isNull: boolean }
  /** Rows that describe this desk, not the books, and stay here: their key starts with one of these. */
  readonly staysOnDesk?: { readonly column: string; readonly prefixes: readonly string[] }
}

/**
 * Settings of the desk rather than of the books: which team database it uses, its vault's failed
 * unlocks, a sync's lease, the command line's background sandbox. Copied, they would make the
 * team's ledger wait for a lease or a sandbox of this desk.
 */
export const DESK_SETTINGS = { column: 'key', prefixes: ['team_database', 'secrets.', 'sync_lease.', 'cli.sandbox'] } as const

function copied<T extends LedgerTable>(table: T) {
  return <const L extends readonly WrittenColumn<T>[]>(
    columns: L & Complete<T, L>,
    rest: Omit<CopiedTable, 'table' | 'columns'>
  ): CopiedTable => ({ table, columns, ...rest })
}

const paymentColumns = copied('payments')(
  [
    'identifier', 'network_id', 'user_uid', 'amount_stroops', 'memo', 'metadata_json', 'from_address', 'to_address',
    'direction', 'created_at', 'network', 'developer_approved', 'transaction_verified', 'developer_completed',
    'cancelled', 'user_cancelled', 'txid', 'tx_verified', 'tx_link', 'source', 'refund_of', 'chain_check',
    'chain_check_reasons_json', 'chain_checked_at', 'first_seen_at', 'last_polled_at'
  ],
  { key: ['identifier'] }
)

/**
 * In foreign-key order: a row is written after every row it points at. Refunds point at sales in
 * the same table, so payments come in two passes; that also lets the target's refund_count
 * trigger find the sale each refund counts towards.
 */
export const COPY_ORDER: readonly CopiedTable[] = [
  copied('settings')(['key', 'value_json', 'updated_at'], { key: ['key'], staysOnDesk: DESK_SETTINGS }),
  { ...paymentColumns, only: { column: 'refund_of', isNull: true } },
  { ...paymentColumns, only: { column: 'refund_of', isNull: false } },
  copied('chain_transactions')(
    ['network_id', 'hash', 'ledger', 'created_at', 'source_account', 'fee_charged_stroops', 'max_fee_stroops',
      'operation_count', 'successful', 'memo_type', 'memo', 'paging_token'],
    { key: ['network_id', 'hash'] }
  ),
  copied('chain_operations')(
    ['network_id', 'id', 'paging_token', 'transaction_hash', 'type', 'from_address', 'to_address', 'amount_stroops',
      'created_at', 'successful', 'classification', 'payment_identifier'],
    { key: ['network_id', 'id'] }
  ),
  copied('sync_cursors')(['network_id', 'stream', 'cursor', 'updated_at'], { key: ['network_id', 'stream'] }),
  copied('audit_log')(
    ['seq', 'at', 'actor', 'action', 'subject', 'before_json', 'after_json', 'prev_hash', 'hash'],
    { key: ['seq'], id: { column: 'seq', assignedByTarget: true } }
  ),
  copied('payouts')(
    ['id', 'idempotency_key', 'network_id', 'app_wallet', 'kind', 'refund_of', 'user_uid', 'amount_stroops', 'memo',
      'reason', 'reason_text', 'state', 'pi_payment_id', 'to_address', 'envelope_xdr', 'tx_hash', 'envelope_max_time',
      'envelope_sequence', 'envelope_fee_stroops', 'envelopes_built', 'submissions', 'txid', 'ledger',
      'fee_charged_stroops', 'problem_code', 'problem_message', 'requested_by', 'created_at', 'updated_at', 'finished_at'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  copied('payout_wallet_locks')(['app_wallet', 'holder', 'host', 'pid', 'expires_at'], { key: ['app_wallet'] }),
  copied('reconciliation_runs')(
    ['id', 'network_id', 'app_wallet', 'period_from', 'period_to', 'time_zone', 'period_start', 'period_end',
      'thresholds_json', 'requested_by', 'started_at', 'finished_at', 'payments_checked', 'pi_records_read',
      'transactions_checked', 'item_count', 'opening_stroops', 'opening_source', 'received_stroops', 'paid_stroops',
      'fees_stroops', 'after_period_stroops', 'horizon_balance_stroops', 'difference_stroops', 'history_behind'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  copied('reconciliation_items')(
    ['id', 'run_id', 'type', 'subject_kind', 'subject', 'payment_identifier', 'txid', 'amount_stroops',
      'evidence_json', 'sentence', 'resolved_at', 'resolved_by', 'resolution_note'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  copied('export_history')(
    ['id', 'export_id', 'network_id', 'report', 'schema_id', 'folder', 'file_name', 'period_from', 'period_to',
      'time_zone', 'row_count', 'sha256', 'manifest_json', 'requested_by', 'created_at'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  copied('payment_reviews')(
    ['network_id', 'identifier', 'reviewed_at', 'reviewed_by', 'note'],
    { key: ['network_id', 'identifier'] }
  ),
  // The team's people come along (hashes of their secrets, never the secrets), with their policy
  // and the requests waiting for approval, after the payouts those requests point at.
  copied('people')(
    ['id', 'name', 'name_key', 'role', 'secret_json', 'db_login', 'failed_unlocks', 'unlock_blocked_until', 'created_at',
      'created_by', 'removed_at', 'removed_by'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  copied('refund_policy')(
    ['role', 'max_refund_stroops', 'daily_limit_stroops', 'window_days', 'require_reason', 'payout_approval_above_stroops',
      'updated_at', 'updated_by'],
    { key: ['role'] }
  ),
  copied('approval_requests')(
    ['id', 'idempotency_key', 'network_id', 'kind', 'refund_of', 'user_uid', 'amount_stroops', 'memo', 'reason',
      'reason_text', 'rule', 'requested_by', 'requested_at', 'state', 'decided_by', 'decided_at', 'decision_note',
      'approval_expires_at', 'payout_id'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  // Invoices with the payments counted for them and their timeline: the books of direct payments.
  copied('invoices')(
    ['id', 'network_id', 'memo', 'address', 'amount_stroops', 'fiat_amount', 'fiat_currency', 'rate', 'rate_pair',
      'rate_source', 'rate_at', 'order_ref', 'data_json', 'postback_url', 'created_at', 'created_by', 'expires_at',
      'status', 'received_stroops', 'seen_at', 'paid_at', 'cancelled_at', 'cancelled_by', 'refunded_at', 'updated_at'],
    { key: ['id'] }
  ),
  copied('invoice_payments')(
    ['network_id', 'operation_id', 'invoice_id', 'transaction_hash', 'from_address', 'amount_stroops', 'chain_at', 'counted_at'],
    { key: ['network_id', 'operation_id'] }
  ),
  copied('invoice_events')(
    ['id', 'network_id', 'invoice_id', 'kind', 'at', 'actor', 'operation_id', 'transaction_hash', 'amount_stroops'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  // Postbacks come along whole, delivered or not: a pending one is sent by whichever desk runs the
  // team ledger's deliverer, with its attempts so far. A lease a desk held here is dropped only by
  // expiring, as on the source.
  copied('postbacks')(
    ['id', 'network_id', 'topic', 'subject', 'event', 'url', 'body', 'state', 'attempts', 'next_attempt_at', 'created_at',
      'give_up_at', 'delivered_at', 'lease_holder', 'lease_until', 'last_status', 'last_error'],
    { key: ['id'], id: { column: 'id', assignedByTarget: false } }
  ),
  copied('postback_attempts')(
    ['postback_id', 'attempt', 'started_at', 'finished_at', 'http_status', 'error', 'duration_ms'],
    { key: ['postback_id', 'attempt'] }
  )
]

export type TableTreatment = 'copied' | 'rebuilt' | 'kept_on_this_desk'

/** Every table of the ledger, in the order the summary lists them. */
export const TABLE_TREATMENTS: Readonly<Record<LedgerTable, TableTreatment>> = {
  settings: 'copied',
  payments: 'copied',
  payments_search: 'rebuilt',
  payment_totals: 'rebuilt',
  book_totals: 'rebuilt',
  chain_transactions: 'copied',
  chain_operations: 'copied',
  sync_cursors: 'copied',
  audit_log: 'copied',
  payouts: 'copied',
  payout_wallet_locks: 'copied',
  reconciliation_runs: 'copied',
  reconciliation_items: 'copied',
  export_history: 'copied',
  payment_reviews: 'copied',
  people: 'copied',
  refund_policy: 'copied',
  approval_requests: 'copied',
  invoices: 'copied',
  invoice_payments: 'copied',
  invoice_events: 'copied',
  postbacks: 'copied',
  postback_attempts: 'copied',
  secrets: 'kept_on_this_desk',
  secret_vault: 'kept_on_this_desk'
}

export const LEDGER_TABLES = Object.keys(TABLE_TREATMENTS) as LedgerTable[]
