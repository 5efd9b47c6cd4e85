// A payment's chain facts, told one way everywhere: the ledger row, the payment's detail, its
// timeline and every export read the transaction, its ledger and its fee through these SQL terms.
//
// Why not just Pi's txid: Pi's record can show `transaction: null` after the money moved (an app
// payout paid on chain before `complete` succeeded, pi-platform.md §3). The chain is the authority,
// so the payment's transaction is Pi's txid, else the successful transaction the sync linked to it
// by memo, else the one the payout journal recorded. Each term is correlated over `payments AS p`
// and reads through an index (chain_operations_by_payment, the payouts' unique pi_payment_id,
// the chain_transactions primary key).

/** The payment's transaction hash, or NULL when no transaction is known. */
export const PAYMENT_TXID = `coalesce(p.txid,
    (SELECT o.transaction_hash FROM chain_operations AS o
      WHERE o.payment_identifier = p.identifier AND o.network_id = p.network_id AND o.successful = 1 LIMIT 1),
    (SELECT jt.txid FROM payouts AS jt WHERE jt.pi_payment_id = p.identifier))`

/** The ledger (block) that holds the payment's transaction: the synced history's, else the journal's. */
export const PAYMENT_TX_LEDGER = `coalesce(
    (SELECT t.ledger FROM chain_transactions AS t WHERE t.network_id = p.network_id AND t.hash = ${PAYMENT_TXID}),
    (SELECT jl.ledger FROM payouts AS jl WHERE jl.pi_payment_id = p.identifier AND jl.txid = ${PAYMENT_TXID}))`

/**
 * What the app wallet paid the network for the payment: for money it sent (app to user), the fee
 * its transaction was charged on chain, else the fee the payout journal recorded, else 0 (no
 * transaction yet). A user-to-app transaction is the buyer's: its fee is not the merchant's cost.
 */
export const APP_WALLET_FEE = `CASE WHEN p.direction = 'app_to_user' THEN coalesce(
    (SELECT t.fee_charged_stroops FROM chain_transactions AS t
      WHERE t.network_id = p.network_id AND t.hash = ${PAYMENT_TXID} AND t.source_account = p.from_address),
    (SELECT jf.fee_charged_stroops FROM payouts AS jf WHERE jf.pi_payment_id = p.identifier AND jf.txid = ${PAYMENT_TXID}),
    0) ELSE 0 END`

/** The fee the payment's transaction was charged, whoever paid it; NULL when not known. */
export const PAYMENT_TX_FEE = `coalesce(
    (SELECT t.fee_charged_stroops FROM chain_transactions AS t WHERE t.network_id = p.network_id AND t.hash = ${PAYMENT_TXID}),
    (SELECT jf.fee_charged_stroops FROM payouts AS jf WHERE jf.pi_payment_id = p.identifier AND jf.txid = ${PAYMENT_TXID}))`

/** 1 when this desk's payout journal paid the payment (an app payout made here), else 0. */
export const PAID_BY_THIS_DESK = `EXISTS (SELECT 1 FROM payouts AS jd WHERE jd.pi_payment_id = p.identifier)`
