// Refunds to the paying address (issue 19, item 5). FROZEN once released.
//
// A walk-in customer who paid the app wallet directly has no Pi user, so Pi cannot refund them
// with an A2U payment; nor can a sale on a network where Pi refuses to create one (Pi documents
// A2U as Testnet-only). Such a refund is a direct chain payment from the app wallet back to the
// address that paid, through the same payout journal: route 'direct', with no Pi payment at any
// step, and a memo of our own (`chain_memo`, never a Pi payment id's shape) that the chain is
// searched for before anything is signed. What it gives money back for is a Pi sale (refund_of)
// or a walk-in chain payment (refund_of_operation, the incoming operation's Horizon id, with the
// invoice it paid when there was one: no foreign key, invoices are another table's business).
//
// SQLite cannot alter a CHECK, so both tables whose CHECKs said "a refund is of a Pi sale" are
// rebuilt the documented way (https://www.sqlite.org/lang_altertable.html#otheralter): create
// the new table, copy every row, drop the old, rename, recreate its indexes; all inside the
// runner's one transaction. Foreign keys are off there (approval_requests.payout_id points at
// payouts while both are rebuilt), deferred as well for good measure, and the runner's
// foreign_key_check proves nothing was left dangling before it commits. New columns go last, as
// PostgreSQL's ALTER TABLE ADD COLUMN puts them, so both engines list the same columns.
import type { Migration } from './migration'

const base62Identifier = (column: string): string =>
  `length(${column}) = 28 AND ${column} NOT GLOB '*[^A-Za-z0-9]*'`
const accountAddress = (column: string): string =>
  `length(${column}) = 56 AND ${column} GLOB 'G*' AND ${column} NOT GLOB '*[^A-Z2-7]*'`
const lowercaseHex64 = (column: string): string => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`
/** Horizon's operation ids are int64s in decimal. */
const operationId = (column: string): string =>
  `length(${column}) BETWEEN 1 AND 20 AND ${column} NOT GLOB '*[^0-9]*'`
/** Stellar's text memo: at most 28 bytes; printable ASCII here; never a Pi payment id's shape. */
const ownChainMemo = (column: string): string =>
  `length(CAST(${column} AS BLOB)) BETWEEN 1 AND 28 AND ${column} NOT GLOB '*[^ -~]*' AND NOT (${base62Identifier(column)})`

const payoutColumns = [
  'id', 'idempotency_key', 'network_id', 'app_wallet', 'kind', 'refund_of', 'user_uid', 'amount_stroops', 'memo',
  'reason', 'reason_text', 'state', 'pi_payment_id', 'to_address', 'envelope_xdr', 'tx_hash', 'envelope_max_time',
  'envelope_sequence', 'envelope_fee_stroops', 'envelopes_built', 'submissions', 'txid', 'ledger',
  'fee_charged_stroops', 'problem_code', 'problem_message', 'requested_by', 'created_at', 'updated_at', 'finished_at'
].join(', ')

const payouts = `
CREATE TABLE payouts_new (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  app_wallet TEXT NOT NULL CHECK (${accountAddress('app_wallet')}),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'payout')),
  refund_of TEXT CHECK (refund_of IS NULL OR (${base62Identifier('refund_of')})),
  user_uid TEXT NOT NULL CHECK (user_uid <> ''),
  amount_stroops INTEGER NOT NULL CHECK (amount_stroops > 0),
  memo TEXT NOT NULL,
  reason TEXT,
  reason_text TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('recorded', 'created', 'signed', 'submitted', 'confirmed', 'completed', 'blocked', 'failed')),
  pi_payment_id TEXT UNIQUE CHECK (pi_payment_id IS NULL OR (${base62Identifier('pi_payment_id')})),
  to_address TEXT CHECK (to_address IS NULL OR (${accountAddress('to_address')})),
  envelope_xdr TEXT,
  tx_hash TEXT CHECK (tx_hash IS NULL OR (${lowercaseHex64('tx_hash')})),
  envelope_max_time INTEGER,
  envelope_sequence TEXT,
  envelope_fee_stroops INTEGER CHECK (envelope_fee_stroops IS NULL OR envelope_fee_stroops >= 0),
  envelopes_built INTEGER NOT NULL DEFAULT 0 CHECK (envelopes_built >= 0),
  submissions INTEGER NOT NULL DEFAULT 0 CHECK (submissions >= 0),
  txid TEXT CHECK (txid IS NULL OR (${lowercaseHex64('txid')})),
  ledger INTEGER,
  fee_charged_stroops INTEGER CHECK (fee_charged_stroops IS NULL OR fee_charged_stroops >= 0),
  problem_code TEXT,
  problem_message TEXT,
  requested_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER,
  -- 'pi': an A2U payment Pi creates and completes; 'direct': a chain payment to the paying address.
  route TEXT NOT NULL DEFAULT 'pi' CHECK (route IN ('pi', 'direct')),
  -- The memo a direct refund's transaction carries (a Pi route's memo is its Pi payment id).
  chain_memo TEXT UNIQUE CHECK (chain_memo IS NULL OR (${ownChainMemo('chain_memo')})),
  -- The walk-in chain payment a direct refund gives money back for.
  refund_of_operation TEXT CHECK (refund_of_operation IS NULL OR (${operationId('refund_of_operation')})),
  refund_of_invoice TEXT CHECK (refund_of_invoice IS NULL OR length(refund_of_invoice) BETWEEN 1 AND 64),
  CHECK ((kind = 'refund') = (refund_of IS NOT NULL OR refund_of_operation IS NOT NULL)),
  CHECK (refund_of IS NULL OR refund_of_operation IS NULL),
  CHECK (refund_of_invoice IS NULL OR refund_of_operation IS NOT NULL),
  CHECK ((route = 'direct') = (chain_memo IS NOT NULL)),
  CHECK (route = 'direct' OR refund_of_operation IS NULL),
  -- A direct refund knows where it pays from the start and never has a Pi payment.
  CHECK (route = 'pi' OR (kind = 'refund' AND pi_payment_id IS NULL AND to_address IS NOT NULL AND state <> 'created')),
  CHECK ((envelope_xdr IS NULL) = (tx_hash IS NULL)),
  CHECK (route = 'direct' OR state IN ('recorded', 'failed', 'blocked') OR pi_payment_id IS NOT NULL),
  CHECK (state NOT IN ('signed', 'submitted') OR tx_hash IS NOT NULL),
  CHECK (state NOT IN ('confirmed', 'completed') OR txid IS NOT NULL)
) STRICT`

const payoutIndexes = [
  `CREATE INDEX payouts_unfinished ON payouts (network_id, app_wallet, id) WHERE state NOT IN ('completed', 'failed')`,
  'CREATE INDEX payouts_by_refund_of ON payouts (refund_of) WHERE refund_of IS NOT NULL',
  'CREATE INDEX payouts_by_network ON payouts (network_id, id)',
  'CREATE INDEX payouts_by_requester ON payouts (requested_by, created_at)',
  // The refund cap of a walk-in payment sums the refunds of its operation.
  'CREATE INDEX payouts_by_refund_of_operation ON payouts (network_id, refund_of_operation) WHERE refund_of_operation IS NOT NULL'
]

const requestColumns = [
  'id', 'idempotency_key', 'network_id', 'kind', 'refund_of', 'user_uid', 'amount_stroops', 'memo', 'reason',
  'reason_text', 'rule', 'requested_by', 'requested_at', 'state', 'decided_by', 'decided_at', 'decision_note',
  'approval_expires_at', 'payout_id'
].join(', ')

// A direct refund above its person's policy waits for approval as an A2U refund does.
const approvalRequests = `
CREATE TABLE approval_requests_new (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'payout')),
  refund_of TEXT CHECK (refund_of IS NULL OR length(refund_of) = 28),
  user_uid TEXT NOT NULL CHECK (user_uid <> ''),
  amount_stroops INTEGER NOT NULL CHECK (amount_stroops > 0),
  memo TEXT NOT NULL,
  reason TEXT,
  reason_text TEXT NOT NULL DEFAULT '',
  rule TEXT NOT NULL CHECK (rule <> ''),
  requested_by TEXT NOT NULL CHECK (requested_by <> ''),
  requested_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'approved', 'denied', 'paid', 'withdrawn')),
  decided_by TEXT,
  decided_at INTEGER,
  decision_note TEXT NOT NULL DEFAULT '' CHECK (length(decision_note) <= 500),
  approval_expires_at INTEGER,
  payout_id INTEGER UNIQUE REFERENCES payouts (id),
  route TEXT NOT NULL DEFAULT 'pi' CHECK (route IN ('pi', 'direct')),
  refund_of_operation TEXT CHECK (refund_of_operation IS NULL OR (${operationId('refund_of_operation')})),
  refund_of_invoice TEXT CHECK (refund_of_invoice IS NULL OR length(refund_of_invoice) BETWEEN 1 AND 64),
  CHECK ((kind = 'refund') = (refund_of IS NOT NULL OR refund_of_operation IS NOT NULL)),
  CHECK (refund_of IS NULL OR refund_of_operation IS NULL),
  CHECK (refund_of_invoice IS NULL OR refund_of_operation IS NOT NULL),
  CHECK (route = 'direct' OR refund_of_operation IS NULL),
  CHECK (route = 'pi' OR kind = 'refund'),
  CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((state IN ('open', 'withdrawn')) = (decided_by IS NULL)),
  CHECK (state <> 'denied' OR decision_note <> ''),
  CHECK ((state IN ('approved', 'paid')) = (approval_expires_at IS NOT NULL)),
  CHECK (state <> 'paid' OR payout_id IS NOT NULL)
) STRICT`

const requestIndexes = [
  "CREATE INDEX approval_requests_open ON approval_requests (network_id, id) WHERE state IN ('open', 'approved')",
  'CREATE INDEX approval_requests_by_sale ON approval_requests (refund_of) WHERE refund_of IS NOT NULL',
  'CREATE INDEX approval_requests_by_requester ON approval_requests (requested_by, requested_at)',
  'CREATE INDEX approval_requests_by_operation ON approval_requests (network_id, refund_of_operation) WHERE refund_of_operation IS NOT NULL'
]

const statements: readonly string[] = [
  'PRAGMA defer_foreign_keys = ON',
  payouts,
  `INSERT INTO payouts_new (${payoutColumns}) SELECT ${payoutColumns} FROM payouts`,
  'DROP TABLE payouts',
  'ALTER TABLE payouts_new RENAME TO payouts',
  ...payoutIndexes,
  approvalRequests,
  `INSERT INTO approval_requests_new (${requestColumns}) SELECT ${requestColumns} FROM approval_requests`,
  'DROP TABLE approval_requests',
  'ALTER TABLE approval_requests_new RENAME TO approval_requests',
  ...requestIndexes
]

export const migration0009DirectRefunds: Migration = {
  name: '0009_direct_refunds',
  up(sqlite) {
    for (const statement of statements) sqlite.exec(statement)
  }
}
