// 0009_direct_refunds on PostgreSQL: refunds to the paying address, as
// ../../migrations/0009_direct_refunds.ts makes them on SQLite (translation rules in
// ./0001_initial.ts). PostgreSQL alters CHECKs in place: the new columns are added (last, as on
// SQLite), and the constraints that said "a refund is of a Pi sale" or "every step past recorded
// has a Pi payment" are dropped and written again with the direct route in them. The tables, their
// rows, their triggers (the notify triggers of 0002/0006, four eyes of 0006) stay as they are.
// A person's own login may not change the new columns of a request once asked: its UPDATE grant
// names only the decision's columns (people/postgres/login-grants.ts). FROZEN once released.
import type { PostgresMigration } from './migration'

const text = 'TEXT COLLATE "C"'
const base62Identifier = (column: string): string => `length(${column}) = 28 AND ${column} ~ '^[A-Za-z0-9]*$'`
const operationId = (column: string): string => `length(${column}) BETWEEN 1 AND 20 AND ${column} ~ '^[0-9]*$'`
const ownChainMemo = (column: string): string =>
  `octet_length(${column}) BETWEEN 1 AND 28 AND ${column} ~ '^[ -~]*$' AND NOT (${base62Identifier(column)})`

/**
 * Drops the unnamed CHECKs of `table` whose definition mentions `fragment` (PostgreSQL named them
 * itself: table_check, table_check1, ... by their order in 0002/0006, which a reader should not
 * have to count).
 */
const dropChecksMentioning = (table: string, fragments: readonly string[]): string => `DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
    WHERE conrelid = '${table}'::regclass AND contype = 'c'
      AND (${fragments.map((fragment) => `pg_get_constraintdef(oid) LIKE '%${fragment}%'`).join(' OR ')})
  LOOP
    EXECUTE format('ALTER TABLE ${table} DROP CONSTRAINT %I', c.conname);
  END LOOP;
END
$$`

const payouts = [
  `ALTER TABLE payouts
  ADD COLUMN route ${text} NOT NULL DEFAULT 'pi' CHECK (route IN ('pi', 'direct')),
  ADD COLUMN chain_memo ${text} UNIQUE CHECK (chain_memo IS NULL OR (${ownChainMemo('chain_memo')})),
  ADD COLUMN refund_of_operation ${text} CHECK (refund_of_operation IS NULL OR (${operationId('refund_of_operation')})),
  ADD COLUMN refund_of_invoice ${text} CHECK (refund_of_invoice IS NULL OR length(refund_of_invoice) BETWEEN 1 AND 64)`,
  // (kind = 'refund') = (refund_of IS NOT NULL), and: past recorded, a Pi payment id.
  dropChecksMentioning('payouts', ['= (refund_of IS NOT NULL)', 'OR (pi_payment_id IS NOT NULL)']),
  `ALTER TABLE payouts
  ADD CHECK ((kind = 'refund') = (refund_of IS NOT NULL OR refund_of_operation IS NOT NULL)),
  ADD CHECK (refund_of IS NULL OR refund_of_operation IS NULL),
  ADD CHECK (refund_of_invoice IS NULL OR refund_of_operation IS NOT NULL),
  ADD CHECK ((route = 'direct') = (chain_memo IS NOT NULL)),
  ADD CHECK (route = 'direct' OR refund_of_operation IS NULL),
  ADD CHECK (route = 'pi' OR (kind = 'refund' AND pi_payment_id IS NULL AND to_address IS NOT NULL AND state <> 'created')),
  ADD CHECK (route = 'direct' OR state IN ('recorded', 'failed', 'blocked') OR pi_payment_id IS NOT NULL)`,
  'CREATE INDEX payouts_by_refund_of_operation ON payouts (network_id, refund_of_operation) WHERE refund_of_operation IS NOT NULL'
]

const approvalRequests = [
  `ALTER TABLE approval_requests
  ADD COLUMN route ${text} NOT NULL DEFAULT 'pi' CHECK (route IN ('pi', 'direct')),
  ADD COLUMN refund_of_operation ${text} CHECK (refund_of_operation IS NULL OR (${operationId('refund_of_operation')})),
  ADD COLUMN refund_of_invoice ${text} CHECK (refund_of_invoice IS NULL OR length(refund_of_invoice) BETWEEN 1 AND 64)`,
  dropChecksMentioning('approval_requests', ['= (refund_of IS NOT NULL)']),
  `ALTER TABLE approval_requests
  ADD CHECK ((kind = 'refund') = (refund_of IS NOT NULL OR refund_of_operation IS NOT NULL)),
  ADD CHECK (refund_of IS NULL OR refund_of_operation IS NULL),
  ADD CHECK (refund_of_invoice IS NULL OR refund_of_operation IS NOT NULL),
  ADD CHECK (route = 'direct' OR refund_of_operation IS NULL),
  ADD CHECK (route = 'pi' OR kind = 'refund')`,
  'CREATE INDEX approval_requests_by_operation ON approval_requests (network_id, refund_of_operation) WHERE refund_of_operation IS NOT NULL'
]

export const postgres0009DirectRefunds: PostgresMigration = {
  name: '0009_direct_refunds',
  statements: [...payouts, ...approvalRequests]
}
