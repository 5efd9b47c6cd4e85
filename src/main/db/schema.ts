// Kysely's view of the tables, typed as values really come back from better-sqlite3 on a
// connection opened by `openDatabase`: that connection reads every INTEGER as bigint (safe
// integers), so money is exact up to int64 and flags and times are bigint too. Money columns
// accept only bigint on the way in, so a float can never be written where stroops belong.
//
// The string unions below mirror the CHECK constraints of the migrations (a test holds each
// one against the database); domain unions come from src/shared. A migration is frozen; when
// one changes a table, change it here too.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely'
import type { NetworkId, PiNetworkName } from '../../shared/network'
import type { ChainCheck, DisplayStatus, PaymentDirection } from '../../shared/payments'
import type { DiscrepancySubject, DiscrepancyType } from '../../shared/contract/reconcile'
import type { ExportReport } from '../../shared/contract/exports'
import type { BookClass } from '../../shared/contract/books'
import type { InvoiceEventKind, InvoiceStatus } from '../../shared/contract/invoices'

/** An INTEGER that is not money: read as bigint, written as number or bigint. */
export type IntegerColumn = ColumnType<bigint, number | bigint, number | bigint>
/** Milliseconds since the Unix epoch, UTC. Every time column uses this, so ranges and sorts are integer compares. */
export type EpochMsColumn = IntegerColumn
/** Integer stroops (1 Pi = 10,000,000). bigint only, in and out. */
export type StroopsColumn = ColumnType<bigint, bigint, bigint>
/** A boolean stored as INTEGER 0/1 (a CHECK keeps it so); better-sqlite3 cannot bind JS booleans. */
export type FlagColumn = ColumnType<0n | 1n, 0 | 1 | 0n | 1n, 0 | 1 | 0n | 1n>

type Nullable<C> =
  C extends ColumnType<infer S, infer I, infer U> ? ColumnType<S | null, I | null | undefined, U | null> : C | null

/**
 * Where the payment was first learned of (see design.md "Where data comes from"): the app
 * wallet's chain history, Pi's `incomplete_server_payments`, an id handed over by the shop's
 * backend, or one of the app's own payouts.
 */
export const PAYMENT_SOURCES = ['chain', 'incomplete_server_payments', 'tracked', 'payout'] as const
export type PaymentSource = (typeof PAYMENT_SOURCES)[number]

/** Our own verification of the payment's transaction on Horizon (invariant 3), not Pi's `verified`. */
export const CHAIN_CHECK_OUTCOMES = ['unchecked', 'verified', 'failed'] as const satisfies readonly ChainCheck['outcome'][]

export const MEMO_TYPES = ['none', 'text', 'id', 'hash', 'return'] as const
export type MemoType = (typeof MEMO_TYPES)[number]

/** The records Horizon's `/accounts/{G}/payments` returns on Pi's chain that the sync keeps. */
export const CHAIN_OPERATION_TYPES = ['payment', 'create_account'] as const
export type ChainOperationType = (typeof CHAIN_OPERATION_TYPES)[number]

/**
 * What a chain operation turned out to be: `unresolved` until its memo has been looked up on
 * the Pi Platform (the lookup worker's queue), then a Pi payment (linked by identifier) or a
 * direct transfer (memo is not a Pi payment).
 */
export const OPERATION_CLASSIFICATIONS = ['unresolved', 'pi_payment', 'direct_transfer'] as const
export type OperationClassification = (typeof OPERATION_CLASSIFICATIONS)[number]

/** `prev_hash` of the first audit entry; every later entry must carry the hash of the one before. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64)

export interface PaymentsTable {
  /** Pi's payment identifier (base62), also the text memo of its transaction. Unique across networks. */
  identifier: string
  /** The network the app was pointed at when it learned of this payment; every ledger query filters on it. */
  network_id: NetworkId
  // The PaymentDTO, as Pi last reported it.
  user_uid: string
  amount_stroops: StroopsColumn
  memo: string
  metadata_json: string
  from_address: string
  to_address: string
  direction: PaymentDirection
  created_at: EpochMsColumn
  network: PiNetworkName
  developer_approved: FlagColumn
  transaction_verified: FlagColumn
  developer_completed: FlagColumn
  cancelled: FlagColumn
  user_cancelled: FlagColumn
  txid: string | null
  /** Pi's `transaction.verified`; null exactly when there is no transaction. */
  tx_verified: Nullable<FlagColumn>
  tx_link: string | null
  // Local facts.
  source: PaymentSource
  /** For a refund (an A2U payment): the U2A payment it gives money back for. */
  refund_of: string | null
  /** How many payments have this one as refund_of; kept by triggers, so read-only here. */
  refund_count: ColumnType<bigint, never, never>
  chain_check: Generated<ChainCheck['outcome']>
  /** JSON array of ChainFailureReason: non-null exactly when the check failed. */
  chain_check_reasons_json: string | null
  /** Null exactly while unchecked. */
  chain_checked_at: Nullable<EpochMsColumn>
  first_seen_at: EpochMsColumn
  last_polled_at: EpochMsColumn
  /** derivePaymentStatus(...).status, computed by SQLite from the columns above. */
  status: GeneratedAlways<DisplayStatus>
  /** isFinal(): 1 once Pi's record can no longer change (completed or cancelled); stop re-polling. */
  pi_final: GeneratedAlways<0n | 1n>
}

/**
 * Full-text index over a payment's searchable words (identifier, user, txid, memo and the
 * user's wallet address), kept by triggers on `payments`: read it with MATCH, never write it.
 * Join back with `payments_search.identifier = payments.identifier`.
 */
export interface PaymentsSearchTable {
  identifier: ColumnType<string, never, never>
  user_uid: ColumnType<string, never, never>
  txid: ColumnType<string | null, never, never>
  memo: ColumnType<string, never, never>
  counterparty: ColumnType<string, never, never>
  /** The scalar values of metadata_json, space-separated (keys are not searchable). */
  metadata: ColumnType<string | null, never, never>
}

/** The UTC spans payment_totals counts in; `starts_at` is the span's first millisecond. */
export const TOTALS_SPANS = ['day', 'hour', 'quarter'] as const
export type TotalsSpan = (typeof TOTALS_SPANS)[number]

/**
 * Running count and sum of the payments created in one UTC day, hour or quarter hour, per network, direction,
 * status and refund-or-not, kept by triggers on `payments`: read it, never write it. A group
 * whose count falls to zero is deleted.
 */
export interface PaymentTotalsTable {
  network_id: ColumnType<NetworkId, never, never>
  direction: ColumnType<PaymentDirection, never, never>
  status: ColumnType<DisplayStatus, never, never>
  is_refund: ColumnType<0n | 1n, never, never>
  span: ColumnType<TotalsSpan, never, never>
  starts_at: ColumnType<bigint, never, never>
  payment_count: ColumnType<bigint, never, never>
  amount_stroops: ColumnType<bigint, never, never>
}

export interface ChainTransactionsTable {
  network_id: NetworkId
  /** 64 lowercase hex; Horizon's `id`. */
  hash: string
  ledger: IntegerColumn
  created_at: EpochMsColumn
  source_account: string
  fee_charged_stroops: StroopsColumn
  max_fee_stroops: StroopsColumn
  operation_count: IntegerColumn
  successful: FlagColumn
  memo_type: MemoType
  /** Null exactly when memo_type is 'none'. */
  memo: string | null
  paging_token: string
}

export interface ChainOperationsTable {
  network_id: NetworkId
  /** Horizon's operation id (an int64 in decimal); the same id can exist on another network. */
  id: string
  paging_token: string
  transaction_hash: string
  type: ChainOperationType
  /** `from` of a payment, `funder` of a create_account. */
  from_address: string
  /** `to` of a payment, `account` of a create_account. */
  to_address: string
  /** `amount` of a payment, `starting_balance` of a create_account. */
  amount_stroops: StroopsColumn
  created_at: EpochMsColumn
  /** Horizon's `transaction_successful`. */
  successful: FlagColumn
  classification: OperationClassification
  /** Set exactly when classification is 'pi_payment'. */
  payment_identifier: string | null
}

export interface SyncCursorsTable {
  network_id: NetworkId
  /** Which stream, e.g. `horizon:payments:<G-address>`. */
  stream: string
  /** Horizon's paging_token of the last record stored. */
  cursor: string
  updated_at: EpochMsColumn
}

/**
 * Append-only (triggers refuse UPDATE, DELETE and REPLACE) and hash-chained: a trigger refuses an
 * entry whose prev_hash is not the latest entry's hash (AUDIT_GENESIS_HASH for the first). `seq`
 * is always assigned by the database, so `hash` covers the entry's content and prev_hash, not seq.
 */
export interface AuditLogTable {
  seq: Generated<bigint>
  at: EpochMsColumn
  actor: string
  action: string
  subject: string | null
  before_json: string | null
  after_json: string | null
  prev_hash: string
  hash: string
}

export interface SettingsTable {
  key: string
  value_json: string
  updated_at: EpochMsColumn
}

/** The payout journal (0002): one row per refund or payout, its state and every step's result. */
export interface PayoutsTable {
  id: Generated<bigint>
  idempotency_key: string
  network_id: NetworkId
  app_wallet: string
  kind: 'refund' | 'payout'
  refund_of: string | null
  user_uid: string
  amount_stroops: bigint
  memo: string
  reason: string | null
  reason_text: string
  state: string
  pi_payment_id: string | null
  to_address: string | null
  envelope_xdr: string | null
  tx_hash: string | null
  /** Epoch seconds (the envelope's timebounds are in seconds). */
  envelope_max_time: bigint | null
  envelope_sequence: string | null
  envelope_fee_stroops: bigint | null
  envelopes_built: bigint
  submissions: bigint
  txid: string | null
  ledger: bigint | null
  fee_charged_stroops: bigint | null
  problem_code: string | null
  problem_message: string | null
  requested_by: string
  created_at: EpochMsColumn
  updated_at: EpochMsColumn
  finished_at: EpochMsColumn | null
}

export interface PayoutWalletLocksTable {
  app_wallet: string
  holder: string
  host: string
  pid: bigint
  expires_at: EpochMsColumn
}

export interface SecretsTable {
  network_id: 'testnet' | 'mainnet'
  name: 'api_key' | 'wallet_seed'
  cipher: 'os_keychain' | 'passphrase'
  ciphertext: Buffer
  public_hint: string | null
  updated_at: EpochMsColumn
}

export interface SecretVaultTable {
  id: number
  kdf_json: string
  salt: Buffer
  verifier: Buffer
  created_at: EpochMsColumn
}

/** A reconciliation run (0003): its inputs, counts and wallet check, as found when it ran. */
export interface ReconciliationRunsTable {
  id: Generated<bigint>
  network_id: NetworkId
  app_wallet: string
  /** YYYY-MM-DD, in time_zone, both included. */
  period_from: string
  period_to: string
  time_zone: string
  /** [period_start, period_end), epoch ms. */
  period_start: EpochMsColumn
  period_end: EpochMsColumn
  /** { incompleteAfterMs, finalSample }. */
  thresholds_json: string
  requested_by: string
  started_at: EpochMsColumn
  finished_at: EpochMsColumn
  payments_checked: IntegerColumn
  pi_records_read: IntegerColumn
  transactions_checked: IntegerColumn
  item_count: IntegerColumn
  opening_stroops: StroopsColumn
  opening_source: 'history' | 'balance'
  received_stroops: StroopsColumn
  paid_stroops: StroopsColumn
  fees_stroops: StroopsColumn
  /** Signed: the net movement of the synced history after the period. */
  after_period_stroops: StroopsColumn
  horizon_balance_stroops: StroopsColumn
  /** Signed: the chain's closing balance minus the expected one. */
  difference_stroops: StroopsColumn
  history_behind: FlagColumn
}

/** One discrepancy of a run (0003); only its resolution is ever written after the run. */
export interface ReconciliationItemsTable {
  id: Generated<bigint>
  run_id: IntegerColumn
  type: DiscrepancyType
  subject_kind: DiscrepancySubject
  subject: string
  payment_identifier: string | null
  txid: string | null
  amount_stroops: Nullable<StroopsColumn>
  /** JSON array of { what, expected, found }. */
  evidence_json: string
  sentence: string
  resolved_at: Nullable<EpochMsColumn>
  resolved_by: string | null
  resolution_note: string | null
}

/**
 * Running count and sum of the payments created in one UTC day, hour or quarter hour, per network,
 * direction and class for the books (0004), kept by triggers on `payments`: read it, never write it.
 */
export interface BookTotalsTable {
  network_id: ColumnType<NetworkId, never, never>
  direction: ColumnType<PaymentDirection, never, never>
  book: ColumnType<BookClass, never, never>
  span: ColumnType<TotalsSpan, never, never>
  starts_at: ColumnType<bigint, never, never>
  payment_count: ColumnType<bigint, never, never>
  amount_stroops: ColumnType<bigint, never, never>
}

/** One file an export wrote (0004), never changed afterwards. */
export interface ExportHistoryTable {
  id: Generated<bigint>
  export_id: string
  network_id: NetworkId
  report: ExportReport
  schema_id: string
  folder: string
  file_name: string
  /** YYYY-MM-DD, in time_zone, both included. */
  period_from: string
  period_to: string
  time_zone: string
  row_count: IntegerColumn
  sha256: string
  manifest_json: string
  requested_by: string
  created_at: EpochMsColumn
}

/** A payment marked reviewed in the queue (0005): the current state; the audit log holds its history. */
export interface PaymentReviewsTable {
  network_id: NetworkId
  identifier: string
  reviewed_at: EpochMsColumn
  reviewed_by: string
  note: string
}

/** Roles of the people of a desk (0006): what each may do is in src/main/people/roles.ts. */
export type PersonRole = 'owner' | 'manager' | 'staff' | 'accountant'

/** A person who unlocks the desk (0006); removed people keep their row, the log names them. */
export interface PeopleTable {
  id: Generated<bigint>
  name: string
  name_key: string
  role: PersonRole
  secret_json: string
  db_login: string | null
  failed_unlocks: Generated<bigint>
  unlock_blocked_until: EpochMsColumn | null
  created_at: EpochMsColumn
  created_by: string
  removed_at: EpochMsColumn | null
  removed_by: string | null
}

/** The owner's refund policy for one role (0006); NULL amounts and window mean no limit. */
export interface RefundPolicyTable {
  role: 'manager' | 'staff'
  max_refund_stroops: bigint | null
  daily_limit_stroops: bigint | null
  window_days: IntegerColumn | null
  require_reason: IntegerColumn
  payout_approval_above_stroops: bigint | null
  updated_at: EpochMsColumn
  updated_by: string
}

export type ApprovalRequestState = 'open' | 'approved' | 'denied' | 'paid' | 'withdrawn'

/** A refund or payout above its person's policy, waiting for another person's decision (0006). */
export interface ApprovalRequestsTable {
  id: Generated<bigint>
  idempotency_key: string
  network_id: NetworkId
  kind: 'refund' | 'payout'
  refund_of: string | null
  user_uid: string
  amount_stroops: bigint
  memo: string
  reason: string | null
  reason_text: Generated<string>
  rule: string
  requested_by: string
  requested_at: EpochMsColumn
  state: ApprovalRequestState
  decided_by: string | null
  decided_at: EpochMsColumn | null
  decision_note: Generated<string>
  approval_expires_at: EpochMsColumn | null
  payout_id: bigint | null
}

// Invoices for direct Pi payments (0007, issue 19).

/** An invoice: an amount (or a fiat price at a locked rate) asked of whoever pays its memo. */
export interface InvoicesTable {
  /** `inv_` + 20 base58 characters. */
  id: string
  network_id: NetworkId
  /** The text memo that pays it; unique per network. */
  memo: string
  /** The app wallet, where it is paid. */
  address: string
  amount_stroops: StroopsColumn
  /** The fiat price and its locked rate: all six set, or none. */
  fiat_amount: string | null
  fiat_currency: string | null
  rate: string | null
  rate_pair: string | null
  rate_source: string | null
  rate_at: EpochMsColumn | null
  order_ref: string | null
  data_json: string | null
  postback_url: string | null
  created_at: EpochMsColumn
  created_by: string
  expires_at: EpochMsColumn
  status: InvoiceStatus
  received_stroops: ColumnType<bigint, bigint | undefined, bigint>
  seen_at: EpochMsColumn | null
  paid_at: EpochMsColumn | null
  cancelled_at: EpochMsColumn | null
  cancelled_by: string | null
  refunded_at: EpochMsColumn | null
  updated_at: EpochMsColumn
}

/** A chain payment counted for an invoice (0007): one operation counts once, for one invoice. */
export interface InvoicePaymentsTable {
  network_id: NetworkId
  operation_id: string
  invoice_id: string
  transaction_hash: string
  from_address: string
  amount_stroops: StroopsColumn
  /** The chain's time of the payment. */
  chain_at: EpochMsColumn
  counted_at: EpochMsColumn
}

/** One step of an invoice's timeline (0007); postbacks are sent from these. */
export interface InvoiceEventsTable {
  id: Generated<bigint>
  network_id: NetworkId
  invoice_id: string
  kind: InvoiceEventKind
  at: EpochMsColumn
  actor: string | null
  operation_id: string | null
  transaction_hash: string | null
  amount_stroops: bigint | null
}

/** What a postback tells the shop about (0008): an invoice's status, or what the desk did to a Pi payment. */
export type PostbackTopic = 'invoice' | 'payment'
/** pending until the shop answers 2xx (delivered) or three days pass (gave_up); a redelivery makes it pending again. */
export type PostbackState = 'pending' | 'delivered' | 'gave_up'

/** A POST owed to the shop's backend (0008): its exact signed body, its state, and the lease of the desk sending it. */
export interface PostbacksTable {
  id: Generated<bigint>
  network_id: NetworkId
  topic: PostbackTopic
  /** The invoice's id or the Pi payment's identifier (plain text: no foreign key). */
  subject: string
  event: string
  url: string
  /** The exact bytes signed and sent (JSON text). */
  body: string
  state: PostbackState
  attempts: Generated<bigint>
  next_attempt_at: EpochMsColumn | null
  created_at: EpochMsColumn
  give_up_at: EpochMsColumn
  delivered_at: EpochMsColumn | null
  lease_holder: string | null
  lease_until: EpochMsColumn | null
  last_status: IntegerColumn | null
  last_error: string | null
}

/** One POST of a postback (0008): the shop's HTTP status, or why there was none. */
export interface PostbackAttemptsTable {
  postback_id: IntegerColumn
  attempt: IntegerColumn
  started_at: EpochMsColumn
  finished_at: EpochMsColumn
  http_status: IntegerColumn | null
  error: string | null
  duration_ms: IntegerColumn
}

export interface Database {
  invoices: InvoicesTable
  invoice_payments: InvoicePaymentsTable
  invoice_events: InvoiceEventsTable
  people: PeopleTable
  refund_policy: RefundPolicyTable
  approval_requests: ApprovalRequestsTable
  postbacks: PostbacksTable
  postback_attempts: PostbackAttemptsTable
  book_totals: BookTotalsTable
  export_history: ExportHistoryTable
  payment_reviews: PaymentReviewsTable
  reconciliation_runs: ReconciliationRunsTable
  reconciliation_items: ReconciliationItemsTable
  payouts: PayoutsTable
  payout_wallet_locks: PayoutWalletLocksTable
  secrets: SecretsTable
  secret_vault: SecretVaultTable
  payments: PaymentsTable
  payments_search: PaymentsSearchTable
  payment_totals: PaymentTotalsTable
  chain_transactions: ChainTransactionsTable
  chain_operations: ChainOperationsTable
  sync_cursors: SyncCursorsTable
  audit_log: AuditLogTable
  settings: SettingsTable
}
