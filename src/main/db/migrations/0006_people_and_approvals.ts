// People, their refund policy and the approvals of four eyes (issue 18). FROZEN once released.
//
// A desk with no people works as before, as its owner. Once people exist, every action names the
// person who unlocked the desk, refunds follow the policy of that person's role, and what is above
// it becomes an approval request that another person with the right approves or denies.
//
// A removed person keeps their row (removed_at): the audit log and the journal name them, and
// a new person may later take the same name.
import type { Migration } from './migration'

const roles = "('owner', 'manager', 'staff', 'accountant')"

const people = `
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- lower(name): "Amira" and "amira" are one person.
  name_key TEXT NOT NULL CHECK (name_key = lower(name)),
  role TEXT NOT NULL CHECK (role IN ${roles}),
  -- The scrypt hash of their passphrase or PIN, with its salt and cost (secret-hash.ts); never the secret.
  secret_json TEXT NOT NULL CHECK (json_valid(secret_json)),
  -- Their own PostgreSQL login on a team ledger, when they have one (the database then knows who writes).
  db_login TEXT CHECK (db_login IS NULL OR length(db_login) BETWEEN 1 AND 63),
  failed_unlocks INTEGER NOT NULL DEFAULT 0 CHECK (failed_unlocks >= 0),
  unlock_blocked_until INTEGER,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL CHECK (created_by <> ''),
  removed_at INTEGER,
  removed_by TEXT
) STRICT`

const peopleIndexes = [
  'CREATE UNIQUE INDEX people_current_name ON people (name_key) WHERE removed_at IS NULL',
  'CREATE UNIQUE INDEX people_db_login ON people (db_login) WHERE removed_at IS NULL AND db_login IS NOT NULL'
]

// One row per role the owner has set; a role without a row follows the defaults in policy.ts.
// NULL means "no limit" for the amounts and the window.
const refundPolicy = `
CREATE TABLE refund_policy (
  role TEXT PRIMARY KEY NOT NULL CHECK (role IN ('manager', 'staff')),
  max_refund_stroops INTEGER CHECK (max_refund_stroops IS NULL OR max_refund_stroops >= 0),
  daily_limit_stroops INTEGER CHECK (daily_limit_stroops IS NULL OR daily_limit_stroops >= 0),
  window_days INTEGER CHECK (window_days IS NULL OR window_days BETWEEN 1 AND 3650),
  require_reason INTEGER NOT NULL CHECK (require_reason IN (0, 1)),
  payout_approval_above_stroops INTEGER CHECK (payout_approval_above_stroops IS NULL OR payout_approval_above_stroops >= 0),
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL CHECK (updated_by <> '')
) STRICT`

// A refund or payout above its person's policy: nothing is created at Pi and nothing is signed
// until another person approves it; then the payout journal pays it under the request's own
// idempotency key (never twice). Its amount counts against the sale's refund cap while open.
const approvalRequests = `
CREATE TABLE approval_requests (
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
  -- Which rule of the policy made it a request, in words ("above staff's 10 Pi per refund").
  rule TEXT NOT NULL CHECK (rule <> ''),
  requested_by TEXT NOT NULL CHECK (requested_by <> ''),
  requested_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'approved', 'denied', 'paid', 'withdrawn')),
  decided_by TEXT,
  decided_at INTEGER,
  decision_note TEXT NOT NULL DEFAULT '' CHECK (length(decision_note) <= 500),
  approval_expires_at INTEGER,
  payout_id INTEGER UNIQUE REFERENCES payouts (id),
  CHECK ((kind = 'refund') = (refund_of IS NOT NULL)),
  -- Four eyes, in the database itself: the requester never decides their own request.
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
  'CREATE INDEX payouts_by_requester ON payouts (requested_by, created_at)'
]

export const migration0006PeopleAndApprovals: Migration = {
  name: '0006_people_and_approvals',
  up(sqlite) {
    for (const statement of [people, ...peopleIndexes, refundPolicy, approvalRequests, ...requestIndexes]) sqlite.exec(statement)
  }
}
