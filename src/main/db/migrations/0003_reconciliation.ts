// Reconciliation reports: each run with its inputs (period, zone, thresholds, network, wallet), its
// counts and its wallet check, and the discrepancies it found, resolved one by one. FROZEN once
// released.
//
// A run is a record of what was found at one moment: its rows are never rewritten, only an item's
// resolution is filled in, once (who, when, why; the audit log holds the same). Signed figures of
// the wallet check (what moved after the period, the difference) carry no ">= 0" check.
import type { Migration } from './migration'

const accountAddress = (column: string): string =>
  `length(${column}) = 56 AND ${column} GLOB 'G*' AND ${column} NOT GLOB '*[^A-Z2-7]*'`
const isoDay = (column: string): string => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`

// The DISCREPANCY_TYPES of src/shared/contract/reconcile.ts, frozen here.
const TYPES = [
  'direct_transfer',
  'completed_without_transaction',
  'amount_mismatch',
  'destination_mismatch',
  'memo_mismatch',
  'network_mismatch',
  'transaction_unverified',
  'cancelled_with_transaction',
  'incomplete_too_long',
  'over_refunded',
  'paid_more_than_once',
  'stale_ledger_row',
  'wallet_balance_mismatch'
]

const runs = `
CREATE TABLE reconciliation_runs (
  id INTEGER PRIMARY KEY,
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  app_wallet TEXT NOT NULL CHECK (${accountAddress('app_wallet')}),
  -- The period as asked (calendar days in the zone, both included) and as instants [start, end).
  period_from TEXT NOT NULL CHECK (${isoDay('period_from')}),
  period_to TEXT NOT NULL CHECK (${isoDay('period_to')}),
  time_zone TEXT NOT NULL CHECK (time_zone <> ''),
  period_start INTEGER NOT NULL,
  period_end INTEGER NOT NULL,
  thresholds_json TEXT NOT NULL CHECK (json_valid(thresholds_json)),
  requested_by TEXT NOT NULL CHECK (requested_by <> ''),
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  payments_checked INTEGER NOT NULL CHECK (payments_checked >= 0),
  pi_records_read INTEGER NOT NULL CHECK (pi_records_read >= 0),
  transactions_checked INTEGER NOT NULL CHECK (transactions_checked >= 0),
  item_count INTEGER NOT NULL CHECK (item_count >= 0),
  -- The wallet check: opening + received - paid - fees = expected closing, against the chain.
  opening_stroops INTEGER NOT NULL,
  opening_source TEXT NOT NULL CHECK (opening_source IN ('history', 'balance')),
  received_stroops INTEGER NOT NULL CHECK (received_stroops >= 0),
  paid_stroops INTEGER NOT NULL CHECK (paid_stroops >= 0),
  fees_stroops INTEGER NOT NULL CHECK (fees_stroops >= 0),
  after_period_stroops INTEGER NOT NULL,
  horizon_balance_stroops INTEGER NOT NULL CHECK (horizon_balance_stroops >= 0),
  difference_stroops INTEGER NOT NULL,
  history_behind INTEGER NOT NULL CHECK (history_behind IN (0, 1)),
  CHECK (period_end > period_start),
  CHECK (finished_at >= started_at),
  -- Worked back from the balance, the opening balances by construction: it proves nothing.
  CHECK (opening_source = 'history' OR difference_stroops = 0)
) STRICT`

const items = `
CREATE TABLE reconciliation_items (
  id INTEGER PRIMARY KEY,
  -- Cascade: the sandbox's ledger is cleared per network (network-reset.ts) when its chain is new.
  run_id INTEGER NOT NULL REFERENCES reconciliation_runs (id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN (${TYPES.map((type) => `'${type}'`).join(', ')})),
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('payment', 'transaction', 'wallet')),
  subject TEXT NOT NULL CHECK (subject <> ''),
  -- The ledger payment to open (not a foreign key: the report outlives a re-sync of the row).
  payment_identifier TEXT,
  txid TEXT,
  amount_stroops INTEGER CHECK (amount_stroops IS NULL OR amount_stroops >= 0),
  evidence_json TEXT NOT NULL CHECK (json_valid(evidence_json) AND json_type(evidence_json) = 'array'),
  sentence TEXT NOT NULL CHECK (sentence <> ''),
  resolved_at INTEGER,
  resolved_by TEXT,
  resolution_note TEXT,
  CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)),
  CHECK ((resolved_at IS NULL) = (resolution_note IS NULL)),
  CHECK (resolution_note IS NULL OR resolution_note <> ''),
  CHECK ((subject_kind = 'payment') <= (payment_identifier IS NOT NULL))
) STRICT`

// A resolution is written once: it can be given, never changed or taken back.
const resolvedOnce = `
CREATE TRIGGER reconciliation_items_resolved_once BEFORE UPDATE ON reconciliation_items
WHEN OLD.resolved_at IS NOT NULL
  OR OLD.run_id IS NOT NEW.run_id OR OLD.type IS NOT NEW.type OR OLD.subject_kind IS NOT NEW.subject_kind
  OR OLD.subject IS NOT NEW.subject OR OLD.payment_identifier IS NOT NEW.payment_identifier
  OR OLD.txid IS NOT NEW.txid OR OLD.amount_stroops IS NOT NEW.amount_stroops
  OR OLD.evidence_json IS NOT NEW.evidence_json OR OLD.sentence IS NOT NEW.sentence
BEGIN
  SELECT RAISE(ABORT, 'a reconciliation item only ever changes once: when it is resolved');
END`

const indexes = [
  // The page lists the latest runs of the network in use.
  'CREATE INDEX reconciliation_runs_by_network ON reconciliation_runs (network_id, id)',
  // A report reads its items by type; the reconciliation export reads runs by time.
  'CREATE INDEX reconciliation_items_by_run ON reconciliation_items (run_id, type, id)',
  'CREATE INDEX reconciliation_runs_by_time ON reconciliation_runs (network_id, started_at)'
]

const statements: readonly string[] = [runs, items, resolvedOnce, ...indexes]

export const migration0003Reconciliation: Migration = {
  name: '0003_reconciliation',
  up(sqlite) {
    for (const statement of statements) sqlite.exec(statement)
  }
}
