// Invoices for direct Pi payments (issue 19). FROZEN once released.
//
// An invoice asks for an amount (in Pi, or a fiat price converted at a rate locked when it was
// made) to the app wallet with a memo of its own; the chain payments carrying that memo settle it.
// Every payment counted is kept (invoice_payments), and every step of its life is a row of its
// timeline (invoice_events), which is also what postbacks are sent from.
//
// No foreign key to the chain's tables: a payment row is a copy of what was counted, so the
// invoice's history reads the same after the sandbox's chain is cleared or the ledger copied.
import type { Migration } from './migration'

const networks = "('sandbox', 'testnet', 'mainnet')"
const INVOICE_STATUSES_SQL = "('new', 'partially_paid', 'paid', 'overpaid', 'expired', 'paid_late', 'cancelled', 'refunded')"
const INVOICE_EVENTS_SQL = "('created', 'seen', 'paid', 'overpaid', 'expired', 'paid_late', 'cancelled', 'refunded', 'payment')"
const accountAddress = (column: string): string => `length(${column}) = 56 AND ${column} GLOB 'G*' AND ${column} NOT GLOB '*[^A-Z2-7]*'`
const lowercaseHex64 = (column: string): string => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`
const decimalText = (column: string): string => `${column} GLOB '[0-9]*' AND ${column} NOT GLOB '*[^0-9.]*' AND ${column} NOT GLOB '*.*.*'`

const invoices = `
CREATE TABLE invoices (
  -- 'inv_' and 20 base58 characters: unguessable, because its status page is public.
  id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 24 AND id GLOB 'inv_*' AND substr(id, 5) NOT GLOB '*[^1-9A-HJ-NP-Za-km-z]*'),
  network_id TEXT NOT NULL CHECK (network_id IN ${networks}),
  -- The transaction's text memo that pays it: 1 to 28 bytes of printable ASCII.
  memo TEXT NOT NULL CHECK (length(CAST(memo AS BLOB)) BETWEEN 1 AND 28 AND memo NOT GLOB '*[^ -~]*'),
  address TEXT NOT NULL CHECK (${accountAddress('address')}),
  amount_stroops INTEGER NOT NULL CHECK (amount_stroops > 0),
  -- A fiat price and the rate it was converted at, locked when the invoice was made: all or none.
  fiat_amount TEXT CHECK (fiat_amount IS NULL OR (${decimalText('fiat_amount')})),
  fiat_currency TEXT CHECK (fiat_currency IS NULL OR (length(fiat_currency) = 3 AND fiat_currency NOT GLOB '*[^A-Z]*')),
  rate TEXT CHECK (rate IS NULL OR (${decimalText('rate')})),
  rate_pair TEXT CHECK (rate_pair IS NULL OR rate_pair = 'PI/' || fiat_currency),
  rate_source TEXT CHECK (rate_source IS NULL OR rate_source <> ''),
  rate_at INTEGER,
  order_ref TEXT CHECK (order_ref IS NULL OR length(order_ref) BETWEEN 1 AND 200),
  data_json TEXT CHECK (data_json IS NULL OR json_valid(data_json)),
  postback_url TEXT CHECK (postback_url IS NULL OR postback_url GLOB 'http://?*' OR postback_url GLOB 'https://?*'),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL CHECK (created_by <> ''),
  expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
  status TEXT NOT NULL CHECK (status IN ${INVOICE_STATUSES_SQL}),
  received_stroops INTEGER NOT NULL DEFAULT 0 CHECK (received_stroops >= 0),
  seen_at INTEGER,
  paid_at INTEGER,
  cancelled_at INTEGER,
  cancelled_by TEXT CHECK (cancelled_by IS NULL OR cancelled_by <> ''),
  refunded_at INTEGER,
  updated_at INTEGER NOT NULL,
  CHECK ((fiat_amount IS NULL) = (fiat_currency IS NULL) AND (fiat_amount IS NULL) = (rate IS NULL)
    AND (fiat_amount IS NULL) = (rate_pair IS NULL) AND (fiat_amount IS NULL) = (rate_source IS NULL)
    AND (fiat_amount IS NULL) = (rate_at IS NULL)),
  CHECK ((received_stroops = 0) = (seen_at IS NULL)),
  CHECK (paid_at IS NULL OR received_stroops >= amount_stroops),
  CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK ((status = 'refunded') = (refunded_at IS NOT NULL)),
  CHECK (status <> 'new' OR received_stroops = 0),
  CHECK (status NOT IN ('paid', 'overpaid', 'paid_late') OR paid_at IS NOT NULL)
) STRICT`

const invoicePayments = `
CREATE TABLE invoice_payments (
  network_id TEXT NOT NULL CHECK (network_id IN ${networks}),
  -- Horizon's operation id: a payment counts once, for one invoice.
  operation_id TEXT NOT NULL CHECK (operation_id <> ''),
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  transaction_hash TEXT NOT NULL CHECK (${lowercaseHex64('transaction_hash')}),
  from_address TEXT NOT NULL CHECK (${accountAddress('from_address')}),
  amount_stroops INTEGER NOT NULL CHECK (amount_stroops > 0),
  -- The chain's time of the payment (its ledger's close time).
  chain_at INTEGER NOT NULL,
  counted_at INTEGER NOT NULL,
  PRIMARY KEY (network_id, operation_id)
) STRICT`

const invoiceEvents = `
CREATE TABLE invoice_events (
  id INTEGER PRIMARY KEY,
  network_id TEXT NOT NULL CHECK (network_id IN ${networks}),
  invoice_id TEXT NOT NULL REFERENCES invoices (id),
  kind TEXT NOT NULL CHECK (kind IN ${INVOICE_EVENTS_SQL}),
  at INTEGER NOT NULL,
  -- Who did it (create, cancel, refund); null for what the chain did.
  actor TEXT CHECK (actor IS NULL OR actor <> ''),
  operation_id TEXT,
  transaction_hash TEXT CHECK (transaction_hash IS NULL OR (${lowercaseHex64('transaction_hash')})),
  amount_stroops INTEGER CHECK (amount_stroops IS NULL OR amount_stroops > 0),
  CHECK ((kind = 'payment') = (operation_id IS NOT NULL))
) STRICT`

const indexes = [
  // The memo names one invoice of a network (a collision is refused: memo_taken).
  'CREATE UNIQUE INDEX invoices_memo ON invoices (network_id, memo)',
  'CREATE INDEX invoices_by_time ON invoices (network_id, created_at, id)',
  'CREATE INDEX invoices_by_status ON invoices (network_id, status, created_at, id)',
  // What expiry looks at: invoices still waiting.
  "CREATE INDEX invoices_waiting ON invoices (network_id, expires_at) WHERE status IN ('new', 'partially_paid')",
  'CREATE INDEX invoice_payments_by_invoice ON invoice_payments (invoice_id, chain_at)',
  'CREATE INDEX invoice_events_by_invoice ON invoice_events (invoice_id, id)'
]

// export_history's CHECK lists the reports (0004); the invoices report joins them. SQLite cannot
// change a CHECK in place: the table is rebuilt with its rows, index and trigger, as they were.
const REPORTS = ['payments', 'refunds', 'fees', 'audit', 'reconciliation', 'invoices']
const isoDay = (column: string): string => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`
const exportHistory = [
  `CREATE TABLE export_history_0007 (
  id INTEGER PRIMARY KEY,
  export_id TEXT NOT NULL UNIQUE CHECK (length(export_id) BETWEEN 8 AND 64 AND export_id NOT GLOB '*[^A-Za-z0-9_-]*'),
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  report TEXT NOT NULL CHECK (report IN (${REPORTS.map((report) => `'${report}'`).join(', ')})),
  schema_id TEXT NOT NULL CHECK (schema_id <> ''),
  folder TEXT NOT NULL CHECK (folder <> ''),
  file_name TEXT NOT NULL CHECK (file_name <> '' AND file_name NOT GLOB '*[/\\]*'),
  period_from TEXT NOT NULL CHECK (${isoDay('period_from')}),
  period_to TEXT NOT NULL CHECK (${isoDay('period_to')}),
  time_zone TEXT NOT NULL CHECK (time_zone <> ''),
  row_count INTEGER NOT NULL CHECK (row_count >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  manifest_json TEXT NOT NULL CHECK (json_valid(manifest_json) AND json_type(manifest_json) = 'object'),
  requested_by TEXT NOT NULL CHECK (requested_by <> ''),
  created_at INTEGER NOT NULL,
  CHECK (period_to >= period_from)
) STRICT`,
  'INSERT INTO export_history_0007 SELECT * FROM export_history',
  'DROP TABLE export_history',
  'ALTER TABLE export_history_0007 RENAME TO export_history',
  `CREATE TRIGGER export_history_written_once BEFORE UPDATE ON export_history
BEGIN
  SELECT RAISE(ABORT, 'an export''s record is never changed: it says what was written');
END`,
  'CREATE INDEX export_history_by_network ON export_history (network_id, id)'
]

export const migration0007Invoices: Migration = {
  name: '0007_invoices',
  up(sqlite) {
    for (const statement of [invoices, invoicePayments, invoiceEvents, ...indexes, ...exportHistory]) sqlite.exec(statement)
  }
}
