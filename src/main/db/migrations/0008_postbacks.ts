// Signed postbacks (issue 19): the journal of every POST the desk owes a shop's backend, and every
// attempt at it. FROZEN once released.
//
// A postback is written in the same transaction as the change it reports (an invoice paid, a
// payment completed at the desk), so the shop is told of a change the ledger kept, and of none it
// rolled back. Its body is stored as the exact bytes that are signed and sent, so a retry or a
// redelivery sends the same body (only the signature's timestamp is new). Nothing here points at
// an invoice or a payment: `subject` is plain text, the invoice's id or the Pi payment's.
//
// The lease (lease_holder, lease_until) is taken by a conditional UPDATE before each attempt, so
// two desks on one ledger never send the same attempt at once.
import type { Migration } from './migration'

const postbacks = `
CREATE TABLE postbacks (
  id INTEGER PRIMARY KEY,
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  topic TEXT NOT NULL CHECK (topic IN ('invoice', 'payment')),
  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
  event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 64),
  -- Only http(s): the URL is parsed and written back normalised (lower-case scheme) before it is stored.
  url TEXT NOT NULL CHECK (length(url) <= 2048 AND (url GLOB 'http://?*' OR url GLOB 'https://?*')),
  body TEXT NOT NULL CHECK (json_valid(body)),
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'gave_up')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  -- Retried until a 2xx or until this time (created_at + 3 days; a redelivery sets it again).
  give_up_at INTEGER NOT NULL,
  -- The last time the shop answered 2xx (kept when a delivered postback is sent again).
  delivered_at INTEGER,
  lease_holder TEXT,
  lease_until INTEGER,
  last_status INTEGER CHECK (last_status IS NULL OR last_status BETWEEN 100 AND 599),
  last_error TEXT,
  CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL)),
  CHECK (state <> 'delivered' OR delivered_at IS NOT NULL),
  CHECK ((lease_holder IS NULL) = (lease_until IS NULL))
) STRICT`

// One row per POST, written in its own transaction once the answer (or the failure) is known.
const postbackAttempts = `
CREATE TABLE postback_attempts (
  -- Cascade: clearing the sandbox's ledger (network-reset.ts) removes its postbacks by network_id.
  postback_id INTEGER NOT NULL REFERENCES postbacks (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  http_status INTEGER CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 599),
  error TEXT,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  PRIMARY KEY (postback_id, attempt),
  CHECK (http_status IS NOT NULL OR error IS NOT NULL)
) STRICT`

const indexes = [
  // What the deliverer looks for: pending postbacks, soonest first.
  "CREATE INDEX postbacks_due ON postbacks (next_attempt_at) WHERE state = 'pending'",
  // An invoice's or a payment's postbacks, for its timeline.
  'CREATE INDEX postbacks_by_subject ON postbacks (network_id, topic, subject)'
]

export const migration0008Postbacks: Migration = {
  name: '0008_postbacks',
  up(sqlite) {
    for (const statement of [postbacks, postbackAttempts, ...indexes]) sqlite.exec(statement)
  }
}
