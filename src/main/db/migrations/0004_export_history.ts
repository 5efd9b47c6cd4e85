// Export history (issue #14, item 8): every file an export wrote, kept in the database with its
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

const statements: readonly string[] = [history, writtenOnce, byNetwork]

export const migration0004ExportHistory: Migration = {
  name: '0004_export_history',
  up(sqlite) {
    for (const statement of statements) sqlite.exec(statement)
  }
}
