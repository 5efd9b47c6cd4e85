// 0005_payment_reviews on PostgreSQL: the payments staff marked reviewed, as
// ../../migrations/0005_payment_reviews.ts makes them on SQLite (translation rules in
// ./0001_initial.ts). FROZEN once released.
import type { PostgresMigration } from './migration'

const text = 'TEXT COLLATE "C"'

const reviews = `
CREATE TABLE payment_reviews (
  network_id ${text} NOT NULL CHECK (network_id IN ('sandbox', 'testnet', 'mainnet')),
  identifier ${text} NOT NULL CHECK (length(identifier) BETWEEN 1 AND 64),
  reviewed_at BIGINT NOT NULL,
  reviewed_by ${text} NOT NULL CHECK (reviewed_by <> ''),
  note ${text} NOT NULL CHECK (note <> '' AND length(note) <= 2000),
  PRIMARY KEY (network_id, identifier)
)`

export const postgres0005PaymentReviews: PostgresMigration = {
  name: '0005_payment_reviews',
  statements: [
    reviews,
    'CREATE TRIGGER payment_reviews_notify AFTER INSERT OR UPDATE OR DELETE ON payment_reviews FOR EACH STATEMENT EXECUTE FUNCTION merchant_desk_notify()'
  ]
}
