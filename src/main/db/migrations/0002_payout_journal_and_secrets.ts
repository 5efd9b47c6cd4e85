// The payout journal (refunds and payouts the app wallet pays, invariant 4), the lock that lets one
// payout at a time use a wallet, and the merchant's encrypted secrets. FROZEN once released.
//
// A payout row is the state machine of design.md: each step writes its result (the Pi payment id,
// the signed envelope and its hash, the chain's answer) in the same transaction as the state that
// says it was done, so a crash between any two steps leaves a row that recovery can continue.
import type { Migration } from './migration'

const base62Identifier = (column: string): string =>
  `length(${column}) = 28 AND ${column} NOT GLOB '*[^A-Za-z0-9]*'`
const accountAddress = (column: string): string =>
  `length(${column}) = 56 AND ${column} GLOB 'G*' AND ${column} NOT GLOB '*[^A-Z2-7]*'`
const lowercaseHex64 = (column: string): string => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`

const payouts = `
CREATE TABLE payouts (
  id INTEGER PRIMARY KEY,
  -- Made when the form opened (or by the CLI run): the same request twice is the same payout.
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  app_wallet TEXT NOT NULL CHECK (${accountAddress('app_wallet')}),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'payout')),
  -- The sale a refund gives money back for. Not a foreign key: the ledger row may be re-synced.
  refund_of TEXT CHECK (refund_of IS NULL OR (${base62Identifier('refund_of')})),
  user_uid TEXT NOT NULL CHECK (user_uid <> ''),
  amount_stroops INTEGER NOT NULL CHECK (amount_stroops > 0),
  memo TEXT NOT NULL,
  reason TEXT,
  reason_text TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('recorded', 'created', 'signed', 'submitted', 'confirmed', 'completed', 'blocked', 'failed')),
  -- Step 2: Pi's payment (its identifier is also the transaction's memo).
  pi_payment_id TEXT UNIQUE CHECK (pi_payment_id IS NULL OR (${base62Identifier('pi_payment_id')})),
  to_address TEXT CHECK (to_address IS NULL OR (${accountAddress('to_address')})),
  -- Step 4: the signed envelope, stored with its hash BEFORE it is submitted.
  envelope_xdr TEXT,
  tx_hash TEXT CHECK (tx_hash IS NULL OR (${lowercaseHex64('tx_hash')})),
  envelope_max_time INTEGER,
  envelope_sequence TEXT,
  envelope_fee_stroops INTEGER CHECK (envelope_fee_stroops IS NULL OR envelope_fee_stroops >= 0),
  envelopes_built INTEGER NOT NULL DEFAULT 0 CHECK (envelopes_built >= 0),
  submissions INTEGER NOT NULL DEFAULT 0 CHECK (submissions >= 0),
  -- Step 6: what the chain shows.
  txid TEXT CHECK (txid IS NULL OR (${lowercaseHex64('txid')})),
  ledger INTEGER,
  fee_charged_stroops INTEGER CHECK (fee_charged_stroops IS NULL OR fee_charged_stroops >= 0),
  -- Why it is blocked or failed, or the last passing trouble (network down: will retry).
  problem_code TEXT,
  problem_message TEXT,
  requested_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER,
  CHECK ((kind = 'refund') = (refund_of IS NOT NULL)),
  CHECK ((envelope_xdr IS NULL) = (tx_hash IS NULL)),
  CHECK (state IN ('recorded', 'failed', 'blocked') OR pi_payment_id IS NOT NULL),
  CHECK (state NOT IN ('signed', 'submitted') OR tx_hash IS NOT NULL),
  CHECK (state NOT IN ('confirmed', 'completed') OR txid IS NOT NULL)
) STRICT`

const payoutIndexes = [
  // Recovery and "one payout at a time" read the unfinished ones of a wallet.
  `CREATE INDEX payouts_unfinished ON payouts (network_id, app_wallet, id) WHERE state NOT IN ('completed', 'failed')`,
  'CREATE INDEX payouts_by_refund_of ON payouts (refund_of) WHERE refund_of IS NOT NULL',
  'CREATE INDEX payouts_by_network ON payouts (network_id, id)'
]

// Who is paying from a wallet right now: a lease, so a crashed holder does not block forever.
const walletLocks = `
CREATE TABLE payout_wallet_locks (
  app_wallet TEXT PRIMARY KEY NOT NULL CHECK (${accountAddress('app_wallet')}),
  holder TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT`

// Invariant 2: only ciphertext. `public_hint` is the wallet's public key (not a secret), so the
// app can sync and show the wallet without decrypting anything.
const secrets = `
CREATE TABLE secrets (
  network_id TEXT NOT NULL CHECK (network_id IN ('testnet', 'mainnet')),
  name TEXT NOT NULL CHECK (name IN ('api_key', 'wallet_seed')),
  cipher TEXT NOT NULL CHECK (cipher IN ('os_keychain', 'passphrase')),
  ciphertext BLOB NOT NULL,
  public_hint TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (network_id, name)
) STRICT`

// The passphrase's key derivation (scrypt parameters and salt) and a verifier that tells a wrong
// passphrase from a right one without holding either.
const secretVault = `
CREATE TABLE secret_vault (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kdf_json TEXT NOT NULL CHECK (json_valid(kdf_json)),
  salt BLOB NOT NULL,
  verifier BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT`

const statements: readonly string[] = [payouts, ...payoutIndexes, walletLocks, secrets, secretVault]

export const migration0002PayoutJournalAndSecrets: Migration = {
  name: '0002_payout_journal_and_secrets',
  up(sqlite) {
    for (const statement of statements) sqlite.exec(statement)
  }
}
