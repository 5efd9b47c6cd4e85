// A payment's chain facts, told one way everywhere: the ledger row, the payment's detail, its
// timeline and every export read the transaction, its ledger and its fee through these terms.
//
// Why not just Pi's txid: Pi's record can show `transaction: null` after the money moved (an app
// payout paid on chain before `complete` succeeded, pi-platform.md §3). The chain is the authority,
// so the payment's transaction is Pi's txid, else the successful transaction the sync linked to it
// by memo, else the one the payout journal recorded. Each term is correlated over `payments AS p`
// and reads through an index (chain_operations_by_payment, the payouts' unique pi_payment_id,
// the chain_transactions primary key).
import type { AliasableExpression, ExpressionBuilder } from 'kysely'
import { sql } from 'kysely'
import type { Database, PaymentsTable } from '../db'

/** A query over `payments AS p` (any other tables it joins come on top). */
export type OverPayments = ExpressionBuilder<Database & { p: PaymentsTable }, 'p'>

/** The payment's transaction hash, or NULL when no transaction is known. */
export function paymentTxid(eb: OverPayments): AliasableExpression<string | null> {
  return eb.fn.coalesce(
    'p.txid',
    eb
      .selectFrom('chain_operations as o')
      .select('o.transaction_hash')
      .whereRef('o.payment_identifier', '=', 'p.identifier')
      .whereRef('o.network_id', '=', 'p.network_id')
      .where('o.successful', '=', sql.lit(1n))
      .limit(eb.lit(1)),
    eb.selectFrom('payouts as jt').select('jt.txid').whereRef('jt.pi_payment_id', '=', 'p.identifier')
  )
}

/** The ledger (block) that holds the payment's transaction: the synced history's, else the journal's. */
export function paymentTxLedger(eb: OverPayments): AliasableExpression<bigint | null> {
  return eb.fn.coalesce(storedTransaction(eb, 't.ledger'), journalTransaction(eb, 'jl.ledger'))
}

/** A column of the payment's transaction as the synced history holds it (NULL when it does not). */
function storedTransaction<C extends 't.ledger' | 't.fee_charged_stroops'>(eb: OverPayments, column: C) {
  return eb
    .selectFrom('chain_transactions as t')
    .select(column)
    .whereRef('t.network_id', '=', 'p.network_id')
    .where('t.hash', '=', paymentTxid(eb))
}

/** A column of the payment's transaction as this desk's payout journal recorded it. */
function journalTransaction<C extends 'jl.ledger' | 'jl.fee_charged_stroops'>(eb: OverPayments, column: C) {
  return eb
    .selectFrom('payouts as jl')
    .select(column)
    .whereRef('jl.pi_payment_id', '=', 'p.identifier')
    .where('jl.txid', '=', paymentTxid(eb))
}

/**
 * What the app wallet paid the network for the payment: for money it sent (app to user), the fee
 * its transaction was charged on chain, else the fee the payout journal recorded, else 0 (no
 * transaction yet). A user-to-app transaction is the buyer's: its fee is not the merchant's cost.
 */
export function appWalletFee(eb: OverPayments): AliasableExpression<bigint> {
  return eb
    .case()
    .when('p.direction', '=', sql.lit('app_to_user' as const))
    .then(
      eb.fn.coalesce(
        storedTransaction(eb, 't.fee_charged_stroops').whereRef('t.source_account', '=', 'p.from_address'),
        journalTransaction(eb, 'jl.fee_charged_stroops'),
        sql.lit(0n)
      )
    )
    .else(sql.lit(0n))
    .end()
    .$castTo<bigint>()
}

/** The fee the payment's transaction was charged, whoever paid it; NULL when not known. */
export function paymentTxFee(eb: OverPayments): AliasableExpression<bigint | null> {
  return eb.fn.coalesce(storedTransaction(eb, 't.fee_charged_stroops'), journalTransaction(eb, 'jl.fee_charged_stroops'))
}

/** 1 when this desk's payout journal paid the payment (an app payout made here), else 0. */
export function paidByThisDesk(eb: OverPayments): AliasableExpression<bigint> {
  // 1 or 0 on both engines (PostgreSQL's EXISTS is a boolean).
  return eb
    .case()
    .when(eb.exists(eb.selectFrom('payouts as jd').select(eb.lit(1).as('one')).whereRef('jd.pi_payment_id', '=', 'p.identifier')))
    .then(sql.lit(1n))
    .else(sql.lit(0n))
    .end()
    .$castTo<bigint>()
}

/**
 * What has been refunded of a sale: the completed refunds linked to it (refund_of), 0 without
 * any. `refund_count` (kept by triggers) skips the lookup for the many sales never refunded.
 */
export function refundedOfSale(eb: OverPayments): AliasableExpression<bigint> {
  return eb
    .case()
    .when('p.refund_count', '=', sql.lit(0n))
    .then(sql.lit(0n))
    .else(
      eb
        .selectFrom('payments as r')
        .select((sub) => sub.fn.coalesce(sub.fn.sum<bigint>('r.amount_stroops'), sql.lit(0n)).as('total'))
        .whereRef('r.refund_of', '=', 'p.identifier')
        .where('r.status', '=', sql.lit('completed' as const))
    )
    .end()
    .$castTo<bigint>()
}
