// Money out of the app wallet, against the sales it refunds: a sale whose refunds add up to more
// than it brought in, and a refund or payout the chain shows paid more than once (invariant 4
// forbids both; this is where a slip of the shop's backend, or of anything else, shows up).
//
// A refund is an app-to-user payment that names its sale: in refund_of (the payout journal sets
// it) or in its metadata's refund_of (how a shop's backend marks its own refunds). It counts
// towards the sale when Pi did not cancel it and it completed at Pi or its Pi left the wallet.
import type SqliteDatabase from 'better-sqlite3'
import { isPaymentIdentifier } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'
import type { Findings } from './findings'
import { pi, row } from './words'

export interface RefundCheckContext {
  readonly sqlite: SqliteDatabase.Database
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly startMs: number
  readonly endMs: number
  readonly findings: Findings
  readonly transactionsSeen: Set<string>
}

const SALE_OF = `coalesce(r.refund_of, json_extract(r.metadata_json, '$.refund_of'))`

// Every refund of the network (all time: a sale refunded in the period may have had refunds before).
const REFUNDS_SQL = `SELECT r.identifier, ${SALE_OF} AS sale, r.amount_stroops, r.created_at, r.status,
    r.developer_completed, r.cancelled, r.user_cancelled,
    EXISTS (SELECT 1 FROM chain_operations AS o WHERE o.payment_identifier = r.identifier
            AND o.from_address = @wallet AND o.successful = 1 AND o.type = 'payment') AS left_wallet
  FROM payments AS r INDEXED BY payments_by_direction
  WHERE r.network_id = @network AND r.direction = 'app_to_user' AND ${SALE_OF} IS NOT NULL
  ORDER BY r.created_at, r.identifier`

interface RefundRow {
  readonly identifier: string
  readonly sale: unknown
  readonly amount_stroops: bigint
  readonly created_at: bigint
  readonly status: string
  readonly developer_completed: bigint
  readonly cancelled: bigint
  readonly user_cancelled: bigint
  readonly left_wallet: bigint
}

export function checkRefundTotals(context: RefundCheckContext): void {
  const refunds = context.sqlite.prepare(REFUNDS_SQL).all({ network: context.networkId, wallet: context.appWallet }) as RefundRow[]
  const bySale = new Map<string, RefundRow[]>()
  const refundedInPeriod = new Set<string>()
  for (const refund of refunds) {
    if (typeof refund.sale !== 'string' || !isPaymentIdentifier(refund.sale)) continue
    bySale.set(refund.sale, [...(bySale.get(refund.sale) ?? []), refund])
    const at = Number(refund.created_at)
    if (at >= context.startMs && at < context.endMs) refundedInPeriod.add(refund.sale)
  }
  const selectSale = context.sqlite.prepare<[string, string], { amount_stroops: bigint; status: string }>(
    'SELECT amount_stroops, status FROM payments WHERE identifier = ? AND network_id = ?'
  )
  for (const saleId of refundedInPeriod) {
    const sale = selectSale.get(saleId, context.networkId)
    if (sale === undefined) continue
    const counted = (bySale.get(saleId) ?? []).filter(
      (refund) => refund.cancelled === 0n && refund.user_cancelled === 0n && (refund.developer_completed === 1n || refund.left_wallet === 1n)
    )
    const total = counted.reduce((sum, refund) => sum + refund.amount_stroops, 0n)
    if (total <= sale.amount_stroops) continue
    const excess = total - sale.amount_stroops
    context.findings.add({
      type: 'over_refunded',
      subjectKind: 'payment',
      subject: saleId,
      paymentId: saleId,
      txid: null,
      amount: excess,
      evidence: [
        row('Refunded in all', `at most ${pi(sale.amount_stroops)} (the sale, ${sale.status.replaceAll('_', ' ')})`, pi(total)),
        ...counted.map((refund) => row(`Refund ${refund.identifier}`, null, `${pi(refund.amount_stroops)}, ${refund.status.replaceAll('_', ' ')}`))
      ],
      sentence:
        `The refunds of this sale add up to ${pi(total)}, more than the ${pi(sale.amount_stroops)} it brought in: ${pi(excess)} too much went back. ` +
        'Ask the buyer to return it, or record it as a loss.'
    })
  }
}

// Outgoing payments whose memo is a payment id that the wallet paid in the period, with every
// transaction (of any time) that paid the same id.
const PAID_SQL = `SELECT t.memo AS identifier, t.hash, t.created_at, sum(o.amount_stroops) AS amount
  FROM chain_transactions AS t INDEXED BY chain_transactions_by_source
  JOIN chain_operations AS o ON o.network_id = t.network_id AND o.transaction_hash = t.hash
  WHERE t.network_id = @network AND t.source_account = @wallet AND t.successful = 1 AND t.memo_type = 'text'
    AND o.from_address = @wallet AND o.type = 'payment' AND o.successful = 1
    AND t.memo IN (SELECT memo FROM chain_transactions INDEXED BY chain_transactions_by_source
                   WHERE network_id = @network AND source_account = @wallet AND created_at >= @start AND created_at < @end
                     AND successful = 1 AND memo_type = 'text')
  GROUP BY t.hash
  ORDER BY t.created_at, t.hash`

interface PaidRow {
  readonly identifier: string
  readonly hash: string
  readonly created_at: bigint
  readonly amount: bigint
}

export function checkPaidOnce(context: RefundCheckContext): void {
  const paid = context.sqlite
    .prepare(PAID_SQL)
    .all({ network: context.networkId, wallet: context.appWallet, start: context.startMs, end: context.endMs }) as PaidRow[]
  const byPayment = new Map<string, PaidRow[]>()
  for (const payment of paid) {
    context.transactionsSeen.add(payment.hash)
    if (!isPaymentIdentifier(payment.identifier)) continue
    byPayment.set(payment.identifier, [...(byPayment.get(payment.identifier) ?? []), payment])
  }
  const selectPayment = context.sqlite.prepare<[string], { amount_stroops: bigint; refund_of: string | null; metadata_json: string; txid: string | null }>(
    'SELECT amount_stroops, refund_of, metadata_json, txid FROM payments WHERE identifier = ?'
  )
  for (const [identifier, paying] of byPayment) {
    if (paying.length < 2) continue
    const payment = selectPayment.get(identifier)
    // The transaction Pi linked first, then the ones it did not (the extra payments), in time order.
    const linked = payment?.txid ?? null
    const transactions = [...paying.filter((t) => t.hash === linked), ...paying.filter((t) => t.hash !== linked)]
    const total = transactions.reduce((sum, transaction) => sum + transaction.amount, 0n)
    const owed = payment?.amount_stroops ?? null
    const noun = payment === undefined ? 'payment' : isRefund(payment) ? 'refund' : 'payout'
    context.findings.add({
      type: 'paid_more_than_once',
      subjectKind: 'payment',
      subject: identifier,
      paymentId: identifier,
      txid: transactions.find((transaction) => transaction.hash !== linked)?.hash ?? null,
      amount: owed === null ? total : total - owed,
      evidence: [
        row('Transactions paying it', owed === null ? '1' : `1, of ${pi(owed)}`, `${transactions.length}, ${pi(total)} in all`),
        ...transactions.map((transaction) => row(`Transaction ${transaction.hash}`, null, pi(transaction.amount)))
      ],
      sentence:
        `The app wallet paid this ${noun} ${transactions.length} times, ${pi(total)} in all` +
        (owed === null
          ? '. Sync to bring its Pi record into the ledger, then ask the payee to send back what was paid twice.'
          : ` for a ${noun} of ${pi(owed)}. Ask the payee to send back ${pi(total - owed)}, or record it as a loss, ` +
            'and check the Refunds page before paying anything else.')
    })
  }
}

function isRefund(payment: { readonly refund_of: string | null; readonly metadata_json: string }): boolean {
  if (payment.refund_of !== null) return true
  try {
    const metadata = JSON.parse(payment.metadata_json) as Record<string, unknown> | null
    return typeof metadata?.refund_of === 'string'
  } catch {
    return false
  }
}
