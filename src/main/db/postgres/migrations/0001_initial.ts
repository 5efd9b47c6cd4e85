// 0001_initial on PostgreSQL: the ledger (payments and their search words), the app wallet's
// chain history, sync cursors, the audit log and settings, as ../../migrations/0001_initial.ts
// makes them on SQLite. FROZEN once released: never edit this SQL, add a migration instead.
//
// Translation rules (the same in every PostgreSQL migration): INTEGER is BIGINT (the driver
// reads every integer as bigint, like SQLite's safe integers); TEXT is TEXT COLLATE "C", so text
// sorts and compares byte by byte as SQLite's BINARY does whatever the server's locale (keyset
// pages walk (created_at, identifier) in the same order on both engines); GLOB is a regex;
// json_valid is a cast to json; generated columns are STORED; triggers are plpgsql functions,
// and those that read tables keep the ledger's schema as their search_path (SET search_path FROM
// CURRENT), so they find its tables from any connection. Foreign keys are DEFERRABLE INITIALLY IMMEDIATE, so a copy can
// defer them (SET CONSTRAINTS ALL DEFERRED) as SQLite's defer_foreign_keys does.
import type { PostgresMigration } from './migration'

const text = 'TEXT COLLATE "C"'
const deferrable = 'DEFERRABLE INITIALLY IMMEDIATE'
const base62Identifier = (column: string): string => `length(${column}) = 28 AND ${column} ~ '^[A-Za-z0-9]*$'`
const accountAddress = (column: string): string => `length(${column}) = 56 AND ${column} ~ '^G[A-Z2-7]*$'`
const lowercaseHex64 = (column: string): string => `length(${column}) = 64 AND ${column} ~ '^[0-9a-f]*$'`
// SQLite's json_valid, as a CHECK: a text that does not parse as JSON fails the cast.
const isJson = (column: string): string => `(${column}::json IS NOT NULL)`

// Other desks learn that the ledger changed from a NOTIFY on one channel, payload the table's
// name, once per statement (and PostgreSQL folds repeats within a transaction into one).
const notify = `
CREATE FUNCTION merchant_desk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('merchant_desk_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$`
const notifyOn = (table: string): string =>
  `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION merchant_desk_notify()`

const payments = `
CREATE TABLE payments (
  identifier ${text} PRIMARY KEY NOT NULL CHECK (${base62Identifier('identifier')}),
  network_id ${text} NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  user_uid ${text} NOT NULL CHECK (user_uid <> ''),
  amount_stroops BIGINT NOT NULL CHECK (amount_stroops >= 0),
  memo ${text} NOT NULL,
  metadata_json ${text} NOT NULL CHECK ${isJson('metadata_json')},
  from_address ${text} NOT NULL CHECK (${accountAddress('from_address')}),
  to_address ${text} NOT NULL CHECK (${accountAddress('to_address')}),
  direction ${text} NOT NULL CHECK (direction IN ('user_to_app', 'app_to_user')),
  created_at BIGINT NOT NULL,
  network ${text} NOT NULL CHECK (network IN ('Pi Network', 'Pi Testnet')),
  developer_approved BIGINT NOT NULL CHECK (developer_approved IN (0, 1)),
  transaction_verified BIGINT NOT NULL CHECK (transaction_verified IN (0, 1)),
  developer_completed BIGINT NOT NULL CHECK (developer_completed IN (0, 1)),
  cancelled BIGINT NOT NULL CHECK (cancelled IN (0, 1)),
  user_cancelled BIGINT NOT NULL CHECK (user_cancelled IN (0, 1)),
  txid ${text} CHECK (txid IS NULL OR (${lowercaseHex64('txid')})),
  tx_verified BIGINT CHECK (tx_verified IN (0, 1)),
  tx_link ${text},
  source ${text} NOT NULL CHECK (source IN ('chain', 'incomplete_server_payments', 'tracked', 'payout')),
  refund_of ${text} REFERENCES payments (identifier) ${deferrable},
  -- How many refunds point here; kept by the payment_refunds_* triggers, never written by hand.
  refund_count BIGINT NOT NULL DEFAULT 0 CHECK (refund_count >= 0),
  chain_check ${text} NOT NULL DEFAULT 'unchecked' CHECK (chain_check IN ('unchecked', 'verified', 'failed')),
  chain_check_reasons_json ${text} CHECK (
    chain_check_reasons_json IS NULL
    OR (json_typeof(chain_check_reasons_json::json) = 'array'
        AND json_array_length(chain_check_reasons_json::json) > 0)
  ),
  chain_checked_at BIGINT,
  first_seen_at BIGINT NOT NULL,
  last_polled_at BIGINT NOT NULL,
  -- derivePaymentStatus of src/shared/payments/status.ts, as on SQLite (a test holds the two equal).
  status ${text} GENERATED ALWAYS AS (
    CASE
      WHEN user_cancelled = 1 THEN 'user_cancelled'
      WHEN cancelled = 1 THEN 'cancelled'
      WHEN developer_completed = 1 THEN 'completed'
      WHEN transaction_verified = 1 OR tx_verified = 1 THEN 'verified'
      WHEN txid IS NOT NULL THEN 'submitted'
      WHEN developer_approved = 1 THEN 'approved'
      ELSE 'created'
    END
  ) STORED,
  -- isFinal(): SQLite's boolean expression is an integer 0/1, so here it is one too.
  pi_final BIGINT GENERATED ALWAYS AS (
    CASE WHEN developer_completed = 1 OR cancelled = 1 OR user_cancelled = 1 THEN 1 ELSE 0 END
  ) STORED,
  -- SQLite's rowid: the order rows were inserted in (insertionNumber()); the queue watcher counts
  -- the payments added since it last looked by it.
  row_order BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  CHECK ((network_id = 'mainnet') = (network = 'Pi Network')),
  CHECK ((txid IS NULL) = (tx_verified IS NULL)),
  CHECK (txid IS NOT NULL OR tx_link IS NULL),
  CHECK ((chain_check = 'failed') = (chain_check_reasons_json IS NOT NULL)),
  CHECK ((chain_check = 'unchecked') = (chain_checked_at IS NULL)),
  CHECK (refund_of IS NULL OR (direction = 'app_to_user' AND refund_of <> identifier))
)`

// The keyset indexes of SQLite's 0001, same names and columns (see the comments there).
const paymentIndexes = [
  'CREATE INDEX payments_by_time ON payments (network_id, created_at, identifier)',
  'CREATE INDEX payments_by_status ON payments (network_id, status, created_at, identifier)',
  'CREATE INDEX payments_by_status_amount ON payments (network_id, status, amount_stroops, created_at, identifier)',
  'CREATE INDEX payments_by_direction ON payments (network_id, direction, created_at, identifier)',
  'CREATE INDEX payments_by_direction_amount ON payments (network_id, direction, amount_stroops, created_at, identifier)',
  'CREATE INDEX payments_by_user ON payments (network_id, user_uid, created_at, identifier)',
  'CREATE INDEX payments_by_amount ON payments (network_id, amount_stroops, created_at, identifier)',
  'CREATE INDEX payments_by_txid ON payments (txid) WHERE txid IS NOT NULL',
  'CREATE INDEX payments_to_repoll ON payments (network_id, last_polled_at) WHERE pi_final = 0',
  'CREATE INDEX payments_by_refund_of ON payments (refund_of) WHERE refund_of IS NOT NULL',
  'CREATE INDEX payments_with_refunds ON payments (network_id, created_at, identifier) WHERE refund_count > 0',
  `CREATE INDEX payments_by_chain_check ON payments (network_id, chain_check, created_at, identifier)
    WHERE chain_check <> 'verified'`
]

// refund_count follows the refunds that point at a payment. The nested UPDATE changes no column
// the other row triggers on payments watch (their WHEN clauses), so it sets nothing else going.
const refundCounts = [
  `CREATE FUNCTION payment_refunds_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.refund_of IS NOT NULL THEN
    UPDATE payments SET refund_count = refund_count - 1 WHERE identifier = OLD.refund_of;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.refund_of IS NOT NULL THEN
    UPDATE payments SET refund_count = refund_count + 1 WHERE identifier = NEW.refund_of;
  END IF;
  RETURN NULL;
END
$$`,
  `CREATE TRIGGER payment_refunds_insert AFTER INSERT ON payments
  FOR EACH ROW WHEN (NEW.refund_of IS NOT NULL) EXECUTE FUNCTION payment_refunds_follow()`,
  `CREATE TRIGGER payment_refunds_update AFTER UPDATE OF refund_of ON payments
  FOR EACH ROW WHEN (OLD.refund_of IS DISTINCT FROM NEW.refund_of) EXECUTE FUNCTION payment_refunds_follow()`,
  `CREATE TRIGGER payment_refunds_delete AFTER DELETE ON payments
  FOR EACH ROW WHEN (OLD.refund_of IS NOT NULL) EXECUTE FUNCTION payment_refunds_follow()`
]

// The search box. SQLite keeps an FTS5 row per payment with six columns; here one tsvector of
// the same fields' words, in the same order: identifier, user, txid, memo, the counterparty (the
// buyer's address of a U2A payment, the receiver's of an A2U one) and the scalar values of the
// metadata at any depth (not its keys; null left out; true and false as 1 and 0, as SQLite's
// json_tree gives them). Words are runs of letters and digits, lower-cased, as unicode61 cuts them.
// Only the first 100,000 characters count: a tsvector holds at most 1 MB, and a payment with a huge
// metadata blob must still be stored (its identifier, user, txid, memo and address come first).
// Metadata longer than that is read as its text, keys and all: walking it value by value takes
// seconds at a megabyte (jsonb_path_query's .** is not linear), and only its start counts anyway.
// The ledger finds a row again by its identifier; the row goes with its payment (cascade).
const paymentsSearch = [
  `CREATE TABLE payments_search (
    identifier ${text} PRIMARY KEY REFERENCES payments (identifier) ON DELETE CASCADE ON UPDATE CASCADE ${deferrable},
    words TSVECTOR NOT NULL
  )`,
  'CREATE INDEX payments_search_words ON payments_search USING GIN (words)',
  `CREATE FUNCTION payment_search_words(
    identifier text, user_uid text, txid text, memo text, direction text,
    from_address text, to_address text, metadata_json text
  ) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN to_tsvector('simple', lower(regexp_replace(left(concat_ws(' ',
    identifier, user_uid, txid, memo,
    CASE direction WHEN 'user_to_app' THEN from_address ELSE to_address END,
    CASE WHEN length(metadata_json) <= 100000 THEN
      (SELECT string_agg(CASE atom WHEN 'true' THEN '1' WHEN 'false' THEN '0' ELSE atom #>> '{}' END, ' ')
         FROM jsonb_path_query(metadata_json::jsonb, 'strict $.**') AS atom
        WHERE jsonb_typeof(atom) NOT IN ('object', 'array', 'null'))
    ELSE metadata_json END
  ), 100000) COLLATE "default", '[^[:alnum:]]+', ' ', 'g')));
END
$$`,
  `CREATE FUNCTION payments_search_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO payments_search (identifier, words)
  VALUES (NEW.identifier, payment_search_words(NEW.identifier, NEW.user_uid, NEW.txid, NEW.memo, NEW.direction,
                                               NEW.from_address, NEW.to_address, NEW.metadata_json))
  ON CONFLICT (identifier) DO UPDATE SET words = EXCLUDED.words;
  RETURN NULL;
END
$$`,
  `CREATE TRIGGER payments_search_insert AFTER INSERT ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_search_follow()`,
  `CREATE TRIGGER payments_search_update AFTER UPDATE ON payments
  FOR EACH ROW WHEN (OLD.identifier IS DISTINCT FROM NEW.identifier OR OLD.user_uid IS DISTINCT FROM NEW.user_uid
    OR OLD.txid IS DISTINCT FROM NEW.txid OR OLD.memo IS DISTINCT FROM NEW.memo
    OR OLD.direction IS DISTINCT FROM NEW.direction OR OLD.from_address IS DISTINCT FROM NEW.from_address
    OR OLD.to_address IS DISTINCT FROM NEW.to_address OR OLD.metadata_json IS DISTINCT FROM NEW.metadata_json)
  EXECUTE FUNCTION payments_search_follow()`
]

// Running totals for the dashboard per UTC day, hour and quarter hour (see SQLite's 0001).
const TOTALS_SPANS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['quarter', 900_000]
] as const
// Floor, not truncation: PostgreSQL's % keeps the sign, as SQLite's does.
const startOf = (spanMs: number, row: 'NEW' | 'OLD') =>
  `${row}.created_at - ((${row}.created_at % ${spanMs}) + ${spanMs}) % ${spanMs}`
const isRefund = (row: 'NEW' | 'OLD') => `CASE WHEN ${row}.refund_of IS NOT NULL THEN 1 ELSE 0 END`
const totalsRow = (row: 'NEW' | 'OLD', span: string, spanMs: number) =>
  `network_id = ${row}.network_id AND direction = ${row}.direction AND status = ${row}.status
      AND is_refund = ${isRefund(row)} AND span = '${span}' AND starts_at = ${startOf(spanMs, row)}`
const addToTotals = `
    INSERT INTO payment_totals AS t (network_id, direction, status, is_refund, span, starts_at, payment_count, amount_stroops)
    VALUES ${TOTALS_SPANS.map(
      ([span, spanMs]) =>
        `(NEW.network_id, NEW.direction, NEW.status, ${isRefund('NEW')}, '${span}', ${startOf(spanMs, 'NEW')}, 1, NEW.amount_stroops)`
    ).join(',\n           ')}
    ON CONFLICT (network_id, span, direction, status, is_refund, starts_at)
    DO UPDATE SET payment_count = t.payment_count + 1, amount_stroops = t.amount_stroops + EXCLUDED.amount_stroops;`
// An UPDATE, not an upsert of -1: a network's totals may be cleared before its payments.
// One statement per span, each a lookup by the whole key (one statement for all three spans
// would be planned, generically, as a scan of the table).
const subtractFromTotals = TOTALS_SPANS.map(
  ([span, spanMs]) => `
    UPDATE payment_totals SET payment_count = payment_count - 1, amount_stroops = amount_stroops - OLD.amount_stroops
    WHERE ${totalsRow('OLD', span, spanMs)};
    DELETE FROM payment_totals WHERE ${totalsRow('OLD', span, spanMs)} AND payment_count = 0;`
).join('')
const paymentTotals = [
  `CREATE TABLE payment_totals (
    network_id ${text} NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    direction ${text} NOT NULL CHECK (direction IN ('user_to_app', 'app_to_user')),
    status ${text} NOT NULL
      CHECK (status IN ('created', 'approved', 'submitted', 'verified', 'completed', 'cancelled', 'user_cancelled')),
    is_refund BIGINT NOT NULL CHECK (is_refund IN (0, 1)),
    span ${text} NOT NULL CHECK (span IN ('day', 'hour', 'quarter')),
    starts_at BIGINT NOT NULL,
    payment_count BIGINT NOT NULL CHECK (payment_count >= 0),
    amount_stroops BIGINT NOT NULL CHECK (amount_stroops >= 0),
    PRIMARY KEY (network_id, span, direction, status, is_refund, starts_at)
  )`,
  `CREATE FUNCTION payment_totals_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN${subtractFromTotals}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN${addToTotals}
  END IF;
  RETURN NULL;
END
$$`,
  `CREATE TRIGGER payment_totals_insert AFTER INSERT ON payments
  FOR EACH ROW EXECUTE FUNCTION payment_totals_follow()`,
  `CREATE TRIGGER payment_totals_update AFTER UPDATE ON payments
  FOR EACH ROW WHEN (OLD.network_id IS DISTINCT FROM NEW.network_id OR OLD.direction IS DISTINCT FROM NEW.direction
    OR OLD.status IS DISTINCT FROM NEW.status OR (OLD.refund_of IS NULL) IS DISTINCT FROM (NEW.refund_of IS NULL)
    OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.amount_stroops IS DISTINCT FROM NEW.amount_stroops)
  EXECUTE FUNCTION payment_totals_follow()`,
  `CREATE TRIGGER payment_totals_delete AFTER DELETE ON payments
  FOR EACH ROW EXECUTE FUNCTION payment_totals_follow()`
]

const chain = [
  `CREATE TABLE chain_transactions (
    network_id ${text} NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    hash ${text} NOT NULL CHECK (${lowercaseHex64('hash')}),
    ledger BIGINT NOT NULL CHECK (ledger > 0),
    created_at BIGINT NOT NULL,
    source_account ${text} NOT NULL,
    fee_charged_stroops BIGINT NOT NULL CHECK (fee_charged_stroops >= 0),
    max_fee_stroops BIGINT NOT NULL CHECK (max_fee_stroops >= 0),
    operation_count BIGINT NOT NULL CHECK (operation_count >= 1),
    successful BIGINT NOT NULL CHECK (successful IN (0, 1)),
    memo_type ${text} NOT NULL CHECK (memo_type IN ('none', 'text', 'id', 'hash', 'return')),
    memo ${text},
    paging_token ${text} NOT NULL,
    PRIMARY KEY (network_id, hash),
    CHECK ((memo_type = 'none') = (memo IS NULL))
  )`,
  `CREATE TABLE chain_operations (
    network_id ${text} NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    id ${text} NOT NULL CHECK (id <> ''),
    paging_token ${text} NOT NULL,
    transaction_hash ${text} NOT NULL,
    type ${text} NOT NULL CHECK (type IN ('payment', 'create_account')),
    from_address ${text} NOT NULL,
    to_address ${text} NOT NULL,
    amount_stroops BIGINT NOT NULL CHECK (amount_stroops >= 0),
    created_at BIGINT NOT NULL,
    successful BIGINT NOT NULL CHECK (successful IN (0, 1)),
    classification ${text} NOT NULL CHECK (classification IN ('unresolved', 'pi_payment', 'direct_transfer')),
    payment_identifier ${text} REFERENCES payments (identifier) ${deferrable},
    PRIMARY KEY (network_id, id),
    FOREIGN KEY (network_id, transaction_hash) REFERENCES chain_transactions (network_id, hash) ${deferrable},
    CHECK ((classification = 'pi_payment') = (payment_identifier IS NOT NULL))
  )`,
  'CREATE INDEX chain_operations_by_transaction ON chain_operations (network_id, transaction_hash)',
  'CREATE INDEX chain_transactions_by_source ON chain_transactions (network_id, source_account, created_at, fee_charged_stroops)',
  'CREATE INDEX chain_operations_by_payment ON chain_operations (payment_identifier) WHERE payment_identifier IS NOT NULL',
  'CREATE INDEX chain_operations_by_time ON chain_operations (network_id, created_at)',
  `CREATE INDEX chain_operations_unresolved ON chain_operations (network_id, created_at)
    WHERE classification = 'unresolved'`
]

const syncCursors = `
CREATE TABLE sync_cursors (
  network_id ${text} NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  stream ${text} NOT NULL CHECK (stream <> ''),
  cursor ${text} NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (network_id, stream)
)`

// Append-only and hash-chained (invariant 7), with SQLite's refusals and sentences. PostgreSQL
// has no INSERT OR REPLACE; an upsert over an entry would have to name its seq, which is refused
// (and its UPDATE would be too). TRUNCATE, which fires no row trigger, is refused as DELETE is.
//
// seq is not an identity column, unlike the other ids: a sequence hands out numbers outside the
// transaction, so an append that rolls back (or is refused) would leave a hole in 1, 2, 3...,
// and verifyAuditLog reads a hole as an entry cut out. As SQLite's AUTOINCREMENT does, seq is the
// latest entry's plus one, assigned inside the transaction (whose writers run one at a time, and
// the primary key would refuse a second entry with the same seq anyway); a seq chosen by the
// caller is refused.
const refuse = (name: string, sentence: string) =>
  `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '${sentence}' USING ERRCODE = 'integrity_constraint_violation';
END
$$`
const auditLog = [
  `CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY CHECK (seq > 0),
    at BIGINT NOT NULL,
    actor ${text} NOT NULL CHECK (actor <> ''),
    action ${text} NOT NULL CHECK (action <> ''),
    subject ${text},
    before_json ${text} CHECK (before_json IS NULL OR ${isJson('before_json')}),
    after_json ${text} CHECK (after_json IS NULL OR ${isJson('after_json')}),
    prev_hash ${text} NOT NULL CHECK (${lowercaseHex64('prev_hash')}),
    hash ${text} NOT NULL CHECK (${lowercaseHex64('hash')})
  )`,
  'CREATE INDEX audit_log_by_subject ON audit_log (subject, seq) WHERE subject IS NOT NULL',
  // PostgreSQL's own: the highest seq ever written (SQLite keeps it in sqlite_sequence), one row,
  // written only by audit_log_assign_seq in the appending transaction, so a refused append moves nothing.
  `CREATE TABLE audit_log_high_water (
  one BIGINT PRIMARY KEY NOT NULL CHECK (one = 1),
  seq BIGINT NOT NULL CHECK (seq > 0)
)`,
  refuse('audit_log_refuse_change', 'audit_log is append-only: entries cannot be changed'),
  refuse('audit_log_refuse_removal', 'audit_log is append-only: entries cannot be deleted'),
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_removal()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_removal()`,
  `CREATE FUNCTION audit_log_assign_seq() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.seq IS NOT NULL THEN
    RAISE EXCEPTION 'audit_log is append-only: seq is assigned by the database'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  -- The high-water mark is what sqlite_sequence is on SQLite: the highest seq ever written, kept
  -- even if entries at the end were removed behind the triggers' back, so verification sees it.
  NEW.seq := greatest(coalesce((SELECT max(seq) FROM audit_log), 0), coalesce((SELECT seq FROM audit_log_high_water), 0)) + 1;
  INSERT INTO audit_log_high_water (one, seq) VALUES (1, NEW.seq) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq;
  RETURN NEW;
END
$$`,
  `CREATE TRIGGER audit_log_seq_assigned BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_assign_seq()`,
  `CREATE FUNCTION audit_log_chain_check() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.prev_hash IS DISTINCT FROM
     coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}') THEN
    RAISE EXCEPTION 'audit_log prev_hash must be the hash of the latest entry'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$`,
  `CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain_check()`,
  notifyOn('audit_log')
]

const settings = [
  `CREATE TABLE settings (
    key ${text} PRIMARY KEY NOT NULL CHECK (key <> ''),
    value_json ${text} NOT NULL CHECK ${isJson('value_json')},
    updated_at BIGINT NOT NULL
  )`,
  notifyOn('settings')
]

export const postgres0001Initial: PostgresMigration = {
  name: '0001_initial',
  statements: [
    notify,
    payments,
    ...paymentIndexes,
    ...refundCounts,
    ...paymentsSearch,
    ...paymentTotals,
    notifyOn('payments'),
    ...chain,
    syncCursors,
    ...auditLog,
    ...settings
  ]
}
