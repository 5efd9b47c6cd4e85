// Payment reviews: a payment staff have looked at and can do nothing more about in the app (a
// lying buyer's payment Pi will neither cancel nor let complete), marked reviewed with a note so
// it leaves the "needs action" count while it stays in the queue. FROZEN once released.
//
// One review per payment and network: marking again replaces the note, reopening deletes the row.
// Both are in the audit log (payment.review, payment.reopen), which is the history; this table
// is only the current state.
import type { Migration } from './migration'

const reviews = `
CREATE TABLE payment_reviews (
  network_id TEXT NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  -- Not a foreign key: the sandbox's ledger is cleared per network (network-reset.ts), and so is this.
  identifier TEXT NOT NULL CHECK (length(identifier) BETWEEN 1 AND 64),
  reviewed_at INTEGER NOT NULL,
  reviewed_by TEXT NOT NULL CHECK (reviewed_by <> ''),
  note TEXT NOT NULL CHECK (note <> '' AND length(note) <= 2000),
  PRIMARY KEY (network_id, identifier)
) STRICT`

export const migration0005PaymentReviews: Migration = {
  name: '0005_payment_reviews',
  up(sqlite) {
    sqlite.exec(reviews)
  }
}
