// The books (issue #14). Two tables:
//
// book_totals: running count and sum of payments per UTC day, hour and quarter hour, per network,
// direction and class for the books (moved on chain, failed chain check, pending, cancelled),
// kept by triggers exactly as payment_totals is (0001), so the dashboard's books over a year of a
// million payments read a few thousand rows. The class is src/main/ledger/books.ts's rule, frozen
// here; a test holds the two to the same sums.
//
// export_history (item 8): every file an export wrote, kept in the database with its
// manifest, so the Exports page can show what was handed to an accountant (file, rows, totals, who,
// when) after the page is left, the app restarts, or the file itself is moved or gone. FROZEN once
// released.
//
// A record of what was written at one moment: a row is never changed (a trigger refuses UPDATE).
// The manifest is kept whole, as written beside the file, so the history can say what the file
// must add up to even when the file is not where it was.
import type { Migration } from './migration'

const isoDay = (column: string): string => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`

// The EXPORT_REPORTS of src/shared/contract/exports.ts, frozen here.
const REPORTS = ['payments', 'refunds', 'fees', 'audit', 'reconciliation']

const history = `
CREATE TABLE export_history (
  id INTEGER PRIMARY KEY,
  -- The id exports:run answered with; exports:verify finds the file again by it.
  export_id TEXT NOT NULL UNIQUE CHECK (length(export_id) BETWEEN 8 AND 64 AND export_id NOT GLOB '*[^A-Za-z0-9_-]*'),
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  report TEXT NOT NULL CHECK (report IN (${REPORTS.map((report) => `'${report}'`).join(', ')})),
  schema_id TEXT NOT NULL CHECK (schema_id <> ''),
  -- Where the file was saved: the folder the person chose and the file's name in it.
  folder TEXT NOT NULL CHECK (folder <> ''),
  file_name TEXT NOT NULL CHECK (file_name <> '' AND file_name NOT GLOB '*[/\\]*'),
  period_from TEXT NOT NULL CHECK (${isoDay('period_from')}),
  period_to TEXT NOT NULL CHECK (${isoDay('period_to')}),
  time_zone TEXT NOT NULL CHECK (time_zone <> ''),
  row_count INTEGER NOT NULL CHECK (row_count >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  -- The manifest exactly as written beside the file (filters, control totals, book totals).
  manifest_json TEXT NOT NULL CHECK (json_valid(manifest_json) AND json_type(manifest_json) = 'object'),
  requested_by TEXT NOT NULL CHECK (requested_by <> ''),
  created_at INTEGER NOT NULL,
  CHECK (period_to >= period_from)
) STRICT`

const writtenOnce = `
CREATE TRIGGER export_history_written_once BEFORE UPDATE ON export_history
BEGIN
  SELECT RAISE(ABORT, 'an export''s record is never changed: it says what was written');
END`

// The Exports page lists the network's latest exports first.
const byNetwork = 'CREATE INDEX export_history_by_network ON export_history (network_id, id)'

const SPANS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['quarter', 900_000]
] as const
// Floor, not truncation: SQLite's % keeps the sign, and a time before 1970 must not round up.
const startOf = (spanMs: number, row: string) => `${row}.created_at - ((${row}.created_at % ${spanMs}) + ${spanMs}) % ${spanMs}`
/** BOOK_CLASS_SQL of src/main/ledger/books.ts over a row, frozen. */
const bookOf = (row: string) => `CASE WHEN ${row}.chain_check = 'verified' THEN 'on_chain'
    WHEN ${row}.chain_check = 'failed' THEN 'failed_check'
    WHEN ${row}.status IN ('cancelled', 'user_cancelled') THEN 'cancelled'
    ELSE 'pending' END`
const totalsRow = (row: 'NEW' | 'OLD', span: string, spanMs: number) =>
  `network_id = ${row}.network_id AND direction = ${row}.direction AND book = (${bookOf(row)})
      AND span = '${span}' AND starts_at = ${startOf(spanMs, row)}`
const addToBooks = `
    INSERT INTO book_totals (network_id, direction, book, span, starts_at, payment_count, amount_stroops)
    VALUES ${SPANS.map(([span, spanMs]) => `(NEW.network_id, NEW.direction, ${bookOf('NEW')}, '${span}', ${startOf(spanMs, 'NEW')}, 1, NEW.amount_stroops)`).join(',\n           ')}
    ON CONFLICT DO UPDATE SET payment_count = payment_count + 1, amount_stroops = amount_stroops + excluded.amount_stroops;`
// An UPDATE, not an upsert of -1: a network's rows may be cleared (network-reset.ts) before its payments.
const subtractFromBooks = SPANS.map(
  ([span, spanMs]) => `
    UPDATE book_totals SET payment_count = payment_count - 1, amount_stroops = amount_stroops - OLD.amount_stroops
    WHERE ${totalsRow('OLD', span, spanMs)};
    DELETE FROM book_totals WHERE ${totalsRow('OLD', span, spanMs)} AND payment_count = 0;`
).join('')

const bookTotals = [
  `CREATE TABLE book_totals (
    network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
    direction TEXT NOT NULL CHECK (direction IN ('user_to_app', 'app_to_user')),
    book TEXT NOT NULL CHECK (book IN ('on_chain', 'failed_check', 'pending', 'cancelled')),
    span TEXT NOT NULL CHECK (span IN ('day', 'hour', 'quarter')),
    starts_at INTEGER NOT NULL,
    payment_count INTEGER NOT NULL CHECK (payment_count >= 0),
    amount_stroops INTEGER NOT NULL CHECK (amount_stroops >= 0),
    PRIMARY KEY (network_id, span, direction, book, starts_at)
  ) STRICT, WITHOUT ROWID`,
  `CREATE TRIGGER book_totals_insert AFTER INSERT ON payments BEGIN${addToBooks}
  END`,
  `CREATE TRIGGER book_totals_update AFTER UPDATE ON payments
  WHEN OLD.network_id IS NOT NEW.network_id OR OLD.direction IS NOT NEW.direction
    OR OLD.status IS NOT NEW.status OR OLD.chain_check IS NOT NEW.chain_check
    OR OLD.created_at IS NOT NEW.created_at OR OLD.amount_stroops IS NOT NEW.amount_stroops
  BEGIN${subtractFromBooks}${addToBooks}
  END`,
  `CREATE TRIGGER book_totals_delete AFTER DELETE ON payments BEGIN${subtractFromBooks}
  END`,
  // The payments already in the ledger, counted once per span.
  ...SPANS.map(
    ([span, spanMs]) => `INSERT INTO book_totals (network_id, direction, book, span, starts_at, payment_count, amount_stroops)
    SELECT p.network_id, p.direction, ${bookOf('p')}, '${span}', ${startOf(spanMs, 'p')}, count(*), sum(p.amount_stroops)
    FROM payments AS p GROUP BY 1, 2, 3, 4, 5`
  )
]

const statements: readonly string[] = [...bookTotals, history, writtenOnce, byNetwork]

export const migration0004Books: Migration = {
  name: '0004_books',
  up(sqlite) {
    for (const statement of statements) sqlite.exec(statement)
  }
}
