// The first schema: the ledger (payments and their search index), the app wallet's chain
// history, sync cursors, the audit log and settings. FROZEN once released: never edit this SQL,
// add a migration instead.
//
// Conventions: STRICT tables (a float can never land in an INTEGER column); money is INTEGER
// stroops with CHECK (>= 0); booleans are INTEGER 0/1 with CHECK; every time is INTEGER epoch
// milliseconds (UTC), so period filters and keyset pages are integer range scans. One database
// file holds every network (the network is a setting), so every ledger row carries network_id
// and every ledger index starts with it.
import type { Migration } from './migration'

// The shapes src/shared/payments/types.ts accepts from Pi, spelled once more in SQL (frozen here:
// a later change to those patterns needs its own migration).
const base62Identifier = (column: string): string =>
  `length(${column}) = 28 AND ${column} NOT GLOB '*[^A-Za-z0-9]*'`
const accountAddress = (column: string): string =>
  `length(${column}) = 56 AND ${column} GLOB 'G*' AND ${column} NOT GLOB '*[^A-Z2-7]*'`
const lowercaseHex64 = (column: string): string => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`

const payments = `
CREATE TABLE payments (
  identifier TEXT PRIMARY KEY NOT NULL CHECK (${base62Identifier('identifier')}),
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  user_uid TEXT NOT NULL CHECK (user_uid <> ''),
  amount_stroops INTEGER NOT NULL CHECK (amount_stroops >= 0),
  memo TEXT NOT NULL,
  metadata_json TEXT NOT NULL CHECK (json_valid(metadata_json)),
  from_address TEXT NOT NULL CHECK (${accountAddress('from_address')}),
  to_address TEXT NOT NULL CHECK (${accountAddress('to_address')}),
  direction TEXT NOT NULL CHECK (direction IN ('user_to_app', 'app_to_user')),
  created_at INTEGER NOT NULL,
  network TEXT NOT NULL CHECK (network IN ('Pi Network', 'Pi Testnet')),
  developer_approved INTEGER NOT NULL CHECK (developer_approved IN (0, 1)),
  transaction_verified INTEGER NOT NULL CHECK (transaction_verified IN (0, 1)),
  developer_completed INTEGER NOT NULL CHECK (developer_completed IN (0, 1)),
  cancelled INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
  user_cancelled INTEGER NOT NULL CHECK (user_cancelled IN (0, 1)),
  txid TEXT CHECK (txid IS NULL OR (${lowercaseHex64('txid')})),
  tx_verified INTEGER CHECK (tx_verified IN (0, 1)),
  tx_link TEXT,
  source TEXT NOT NULL CHECK (source IN ('chain', 'incomplete_server_payments', 'tracked', 'payout')),
  refund_of TEXT REFERENCES payments (identifier),
  -- How many refunds point here; kept by the payment_refunds_* triggers, never written by hand.
  -- It lets the ledger list "payments with refunds" newest first from an index (see below).
  refund_count INTEGER NOT NULL DEFAULT 0 CHECK (refund_count >= 0),
  chain_check TEXT NOT NULL DEFAULT 'unchecked' CHECK (chain_check IN ('unchecked', 'verified', 'failed')),
  chain_check_reasons_json TEXT CHECK (
    chain_check_reasons_json IS NULL
    OR (json_valid(chain_check_reasons_json) AND json_type(chain_check_reasons_json) = 'array'
        AND json_array_length(chain_check_reasons_json) > 0)
  ),
  chain_checked_at INTEGER,
  first_seen_at INTEGER NOT NULL,
  last_polled_at INTEGER NOT NULL,
  -- Derived, never written, so it cannot drift from Pi's record: the precedence of
  -- derivePaymentStatus in src/shared/payments/status.ts (a test holds the two equal).
  status TEXT GENERATED ALWAYS AS (
    CASE
      WHEN user_cancelled = 1 THEN 'user_cancelled'
      WHEN cancelled = 1 THEN 'cancelled'
      WHEN developer_completed = 1 THEN 'completed'
      WHEN transaction_verified = 1 OR tx_verified = 1 THEN 'verified'
      WHEN txid IS NOT NULL THEN 'submitted'
      WHEN developer_approved = 1 THEN 'approved'
      ELSE 'created'
    END
  ) VIRTUAL,
  -- isFinal() of the same module: Pi's record can no longer change, so stop re-polling.
  pi_final INTEGER GENERATED ALWAYS AS (developer_completed = 1 OR cancelled = 1 OR user_cancelled = 1) VIRTUAL,
  -- Mainnet rows are Pi Network payments and nothing else; sandbox and testnet both say Pi Testnet.
  CHECK ((network_id = 'mainnet') = (network = 'Pi Network')),
  -- Pi's transaction is one object: txid, verified and _link arrive together or not at all.
  CHECK ((txid IS NULL) = (tx_verified IS NULL)),
  CHECK (txid IS NOT NULL OR tx_link IS NULL),
  CHECK ((chain_check = 'failed') = (chain_check_reasons_json IS NOT NULL)),
  CHECK ((chain_check = 'unchecked') = (chain_checked_at IS NULL)),
  CHECK (refund_of IS NULL OR (direction = 'app_to_user' AND refund_of <> identifier))
) STRICT`

// Keyset pagination: every ledger page walks one of these in its sort order and stops after a
// page, instead of sorting a million rows. Each sort key ends with (created_at, identifier), so the
// order is total and a cursor is (sort value, created_at, identifier). Which index serves which
// filter and sort is decided in src/main/ledger/access-path.ts and proven by its plan tests.
const paymentIndexes = [
  'CREATE INDEX payments_by_time ON payments (network_id, created_at, identifier)',
  'CREATE INDEX payments_by_status ON payments (network_id, status, created_at, identifier)',
  'CREATE INDEX payments_by_status_amount ON payments (network_id, status, amount_stroops, created_at, identifier)',
  'CREATE INDEX payments_by_direction ON payments (network_id, direction, created_at, identifier)',
  'CREATE INDEX payments_by_direction_amount ON payments (network_id, direction, amount_stroops, created_at, identifier)',
  'CREATE INDEX payments_by_user ON payments (network_id, user_uid, created_at, identifier)',
  'CREATE INDEX payments_by_amount ON payments (network_id, amount_stroops, created_at, identifier)',
  'CREATE INDEX payments_by_txid ON payments (txid) WHERE txid IS NOT NULL',
  // Small sets, so partial: what still needs re-polling, the refunds of a payment, and the
  // payments whose chain check is not (yet) a success: the ledger's "needs attention" filters.
  'CREATE INDEX payments_to_repoll ON payments (network_id, last_polled_at) WHERE pi_final = 0',
  'CREATE INDEX payments_by_refund_of ON payments (refund_of) WHERE refund_of IS NOT NULL',
  'CREATE INDEX payments_with_refunds ON payments (network_id, created_at, identifier) WHERE refund_count > 0',
  `CREATE INDEX payments_by_chain_check ON payments (network_id, chain_check, created_at, identifier)
    WHERE chain_check <> 'verified'`
]

// refund_count follows the refunds that point at a payment. The nested UPDATE touches no column
// the other triggers on payments watch, so it sets nothing else in motion.
const refundCounts = [
  `CREATE TRIGGER payment_refunds_insert AFTER INSERT ON payments WHEN NEW.refund_of IS NOT NULL BEGIN
    UPDATE payments SET refund_count = refund_count + 1 WHERE identifier = NEW.refund_of;
  END`,
  `CREATE TRIGGER payment_refunds_update AFTER UPDATE OF refund_of ON payments
  WHEN OLD.refund_of IS NOT NEW.refund_of
  BEGIN
    UPDATE payments SET refund_count = refund_count - 1 WHERE identifier = OLD.refund_of;
    UPDATE payments SET refund_count = refund_count + 1 WHERE identifier = NEW.refund_of;
  END`,
  `CREATE TRIGGER payment_refunds_delete AFTER DELETE ON payments WHEN OLD.refund_of IS NOT NULL BEGIN
    UPDATE payments SET refund_count = refund_count - 1 WHERE identifier = OLD.refund_of;
  END`
]

// The search box: word and prefix search over what a merchant pastes or remembers. The FTS
// table keeps its own rowids (payments has no INTEGER PRIMARY KEY, so VACUUM could renumber
// an external-content mapping); a row is found again by its identifier, exactly.
// `metadata` holds the scalar values (not the keys) of the shop's metadata, e.g. an order number.
const searchValues = `NEW.identifier, NEW.user_uid, NEW.txid, NEW.memo,
    CASE NEW.direction WHEN 'user_to_app' THEN NEW.from_address ELSE NEW.to_address END,
    (SELECT group_concat(atom, ' ') FROM json_tree(NEW.metadata_json) WHERE atom IS NOT NULL)`
const forgetSearchRow = `DELETE FROM payments_search WHERE rowid IN (
      SELECT rowid FROM payments_search
      WHERE payments_search MATCH ('identifier:"' || replace(OLD.identifier, '"', '""') || '"')
        AND identifier = OLD.identifier
    );`
const paymentsSearch = [
  `CREATE VIRTUAL TABLE payments_search USING fts5(
    identifier, user_uid, txid, memo, counterparty, metadata,
    tokenize = 'unicode61 remove_diacritics 2'
  )`,
  `CREATE TRIGGER payments_search_insert AFTER INSERT ON payments BEGIN
    INSERT INTO payments_search (identifier, user_uid, txid, memo, counterparty, metadata)
    VALUES (${searchValues});
  END`,
  `CREATE TRIGGER payments_search_update AFTER UPDATE ON payments
  WHEN OLD.identifier IS NOT NEW.identifier OR OLD.user_uid IS NOT NEW.user_uid
    OR OLD.txid IS NOT NEW.txid OR OLD.memo IS NOT NEW.memo OR OLD.direction IS NOT NEW.direction
    OR OLD.from_address IS NOT NEW.from_address OR OLD.to_address IS NOT NEW.to_address
    OR OLD.metadata_json IS NOT NEW.metadata_json
  BEGIN
    ${forgetSearchRow}
    INSERT INTO payments_search (identifier, user_uid, txid, memo, counterparty, metadata)
    VALUES (${searchValues});
  END`,
  `CREATE TRIGGER payments_search_delete AFTER DELETE ON payments BEGIN
    ${forgetSearchRow}
  END`
]

// Running totals for the dashboard, kept by triggers so a year-long summary reads a few thousand
// rows instead of a million payments (a scan of those takes several hundred ms). Counted per UTC
// day, hour and quarter hour: every IANA zone in use is offset from UTC by whole quarter hours,
// so a business day is a sum (and difference) of such spans; src/main/dashboard/time-pieces.ts
// picks them. Times that are not on a quarter hour are read from payments itself.
const TOTALS_SPANS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['quarter', 900_000]
] as const
// Floor, not truncation: SQLite's % keeps the sign, and a time before 1970 must not round up.
const startOf = (spanMs: number, row: 'NEW' | 'OLD') =>
  `${row}.created_at - ((${row}.created_at % ${spanMs}) + ${spanMs}) % ${spanMs}`
const totalsRow = (row: 'NEW' | 'OLD', span: string, spanMs: number) =>
  `network_id = ${row}.network_id AND direction = ${row}.direction AND status = ${row}.status
      AND is_refund = (${row}.refund_of IS NOT NULL) AND span = '${span}' AND starts_at = ${startOf(spanMs, row)}`
const addToTotals = `
    INSERT INTO payment_totals (network_id, direction, status, is_refund, span, starts_at, payment_count, amount_stroops)
    VALUES ${TOTALS_SPANS.map(
      ([span, spanMs]) =>
        `(NEW.network_id, NEW.direction, NEW.status, NEW.refund_of IS NOT NULL, '${span}', ${startOf(spanMs, 'NEW')}, 1, NEW.amount_stroops)`
    ).join(',\n           ')}
    ON CONFLICT DO UPDATE SET payment_count = payment_count + 1,
                              amount_stroops = amount_stroops + excluded.amount_stroops;`
// An UPDATE, not an upsert of -1: when a whole network's rows are cleared (network-reset.ts) the
// totals may already be gone, and there is nothing left to subtract from.
const subtractFromTotals = TOTALS_SPANS.map(
  ([span, spanMs]) => `
    UPDATE payment_totals SET payment_count = payment_count - 1, amount_stroops = amount_stroops - OLD.amount_stroops
    WHERE ${totalsRow('OLD', span, spanMs)};
    DELETE FROM payment_totals WHERE ${totalsRow('OLD', span, spanMs)} AND payment_count = 0;`
).join('')
const paymentTotals = [
  `CREATE TABLE payment_totals (
    network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    direction TEXT NOT NULL CHECK (direction IN ('user_to_app', 'app_to_user')),
    status TEXT NOT NULL
      CHECK (status IN ('created', 'approved', 'submitted', 'verified', 'completed', 'cancelled', 'user_cancelled')),
    is_refund INTEGER NOT NULL CHECK (is_refund IN (0, 1)),
    span TEXT NOT NULL CHECK (span IN ('day', 'hour', 'quarter')),
    starts_at INTEGER NOT NULL,
    payment_count INTEGER NOT NULL CHECK (payment_count >= 0),
    amount_stroops INTEGER NOT NULL CHECK (amount_stroops >= 0),
    PRIMARY KEY (network_id, span, direction, status, is_refund, starts_at)
  ) STRICT, WITHOUT ROWID`,
  `CREATE TRIGGER payment_totals_insert AFTER INSERT ON payments BEGIN${addToTotals}
  END`,
  `CREATE TRIGGER payment_totals_update AFTER UPDATE ON payments
  WHEN OLD.network_id IS NOT NEW.network_id OR OLD.direction IS NOT NEW.direction
    OR OLD.status IS NOT NEW.status OR (OLD.refund_of IS NULL) IS NOT (NEW.refund_of IS NULL)
    OR OLD.created_at IS NOT NEW.created_at OR OLD.amount_stroops IS NOT NEW.amount_stroops
  BEGIN${subtractFromTotals}${addToTotals}
  END`,
  `CREATE TRIGGER payment_totals_delete AFTER DELETE ON payments BEGIN${subtractFromTotals}
  END`
]

// The app wallet's history as Horizon reports it, kept so reconciliation and verification can
// run offline. Envelopes are not kept: the payout journal holds the ones the app signs.
const chain = [
  `CREATE TABLE chain_transactions (
    network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    hash TEXT NOT NULL CHECK (${lowercaseHex64('hash')}),
    ledger INTEGER NOT NULL CHECK (ledger > 0),
    created_at INTEGER NOT NULL,
    source_account TEXT NOT NULL,
    fee_charged_stroops INTEGER NOT NULL CHECK (fee_charged_stroops >= 0),
    max_fee_stroops INTEGER NOT NULL CHECK (max_fee_stroops >= 0),
    operation_count INTEGER NOT NULL CHECK (operation_count >= 1),
    successful INTEGER NOT NULL CHECK (successful IN (0, 1)),
    memo_type TEXT NOT NULL CHECK (memo_type IN ('none', 'text', 'id', 'hash', 'return')),
    memo TEXT,
    paging_token TEXT NOT NULL,
    PRIMARY KEY (network_id, hash),
    CHECK ((memo_type = 'none') = (memo IS NULL))
  ) STRICT`,
  `CREATE TABLE chain_operations (
    network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    id TEXT NOT NULL CHECK (id <> ''),
    paging_token TEXT NOT NULL,
    transaction_hash TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('payment', 'create_account')),
    from_address TEXT NOT NULL,
    to_address TEXT NOT NULL,
    amount_stroops INTEGER NOT NULL CHECK (amount_stroops >= 0),
    created_at INTEGER NOT NULL,
    successful INTEGER NOT NULL CHECK (successful IN (0, 1)),
    classification TEXT NOT NULL CHECK (classification IN ('unresolved', 'pi_payment', 'direct_transfer')),
    payment_identifier TEXT REFERENCES payments (identifier),
    PRIMARY KEY (network_id, id),
    FOREIGN KEY (network_id, transaction_hash) REFERENCES chain_transactions (network_id, hash),
    CHECK ((classification = 'pi_payment') = (payment_identifier IS NOT NULL))
  ) STRICT`,
  // Verification: the operations of a txid. Reconciliation: the operations of a payment, and
  // of a period. The lookup worker: what still has to be asked of the Pi Platform.
  'CREATE INDEX chain_operations_by_transaction ON chain_operations (network_id, transaction_hash)',
  // The fees the app wallet paid in a period (the dashboard): its own transactions, covered.
  'CREATE INDEX chain_transactions_by_source ON chain_transactions (network_id, source_account, created_at, fee_charged_stroops)',
  'CREATE INDEX chain_operations_by_payment ON chain_operations (payment_identifier) WHERE payment_identifier IS NOT NULL',
  'CREATE INDEX chain_operations_by_time ON chain_operations (network_id, created_at)',
  `CREATE INDEX chain_operations_unresolved ON chain_operations (network_id, created_at)
    WHERE classification = 'unresolved'`
]

const syncCursors = `
CREATE TABLE sync_cursors (
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  stream TEXT NOT NULL CHECK (stream <> ''),
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (network_id, stream)
) STRICT`

// Append-only and hash-chained (invariant 7). The triggers stop the app's own code from
// rewriting history by mistake; someone with the file can still drop them, which the hash
// chain then exposes. REPLACE is refused explicitly (callers cannot choose seq): its implicit
// delete fires no DELETE trigger unless recursive_triggers is on.
const auditLog = [
  `CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT CHECK (seq > 0),
    at INTEGER NOT NULL,
    actor TEXT NOT NULL CHECK (actor <> ''),
    action TEXT NOT NULL CHECK (action <> ''),
    subject TEXT,
    before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
    after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
    prev_hash TEXT NOT NULL CHECK (${lowercaseHex64('prev_hash')}),
    hash TEXT NOT NULL CHECK (${lowercaseHex64('hash')})
  ) STRICT`,
  'CREATE INDEX audit_log_by_subject ON audit_log (subject, seq) WHERE subject IS NOT NULL',
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
  END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
  END`,
  // Before an INSERT, NEW.seq is -1 when the database assigns it; anything else was chosen by
  // the caller, which is how INSERT OR REPLACE would overwrite an entry.
  `CREATE TRIGGER audit_log_seq_assigned BEFORE INSERT ON audit_log
  WHEN NEW.seq <> -1
  BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: seq is assigned by the database');
  END`,
  `CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
  WHEN NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}')
  BEGIN
    SELECT RAISE(ABORT, 'audit_log prev_hash must be the hash of the latest entry');
  END`
]

const settings = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL CHECK (key <> ''),
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_at INTEGER NOT NULL
) STRICT`

const statements: readonly string[] = [
  payments,
  ...paymentIndexes,
  ...refundCounts,
  ...paymentsSearch,
  ...paymentTotals,
  ...chain,
  syncCursors,
  ...auditLog,
  settings
]

export const migration0001Initial: Migration = {
  name: '0001_initial',
  up(sqlite) {
    for (const statement of statements) sqlite.exec(statement)
  }
}
